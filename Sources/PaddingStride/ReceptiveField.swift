/// The receptive field after a layer: how many input positions (along one axis) one
/// output value depends on, and the jump — how far apart, in input positions, two
/// neighbouring outputs of that layer are.
public struct ReceptiveField: Equatable, Sendable, CustomStringConvertible {
  /// `r`: the window of the original input that one value sees.
  public let size: Int
  /// `j`: the product of all strides so far.
  public let jump: Int

  public init(size: Int, jump: Int) {
    self.size = size
    self.jump = jump
  }

  public var description: String { "r = \(size), jump \(jump)" }
}

/// The receptive field after each layer of a stack, along one axis.
///
/// ```
///   r₀ = 1, j₀ = 1
///   r_l = r_{l−1} + (F_eff,l − 1) · j_{l−1}        j_{l−1} = S₁·S₂·…·S_{l−1}
///   j_l = j_{l−1} · S_l
/// ```
///
/// Each new layer widens the field by `F − 1` of *its input's* positions, and each of
/// those is `j_{l−1}` original positions apart. Padding does not change the size.
///
///     receptiveFields(of: Array(repeating: WindowLayer(kernel: 3, padding: 1), count: 3))
///       .map(\.size)   // [3, 5, 7]: three 3×3 layers see as far as one 7×7
public func receptiveFields(of layers: [WindowLayer]) -> [ReceptiveField] {
  var size = 1
  var jump = 1
  var fields: [ReceptiveField] = []
  for layer in layers {
    size += (layer.effectiveKernel - 1) * jump
    jump *= layer.stride
    fields.append(ReceptiveField(size: size, jump: jump))
  }
  return fields
}
