import CNNCore

/// The sliding-window part of a convolution or pooling layer along one axis: what decides
/// output sizes and receptive fields (channels and weights do not).
///
/// ```
///   F_eff = D·(F − 1) + 1                    (the extent a dilated kernel covers)
///   out   = (W − F_eff + 2P)/S + 1           (CNNCore.outputSize)
/// ```
///
///     let layer = WindowLayer(kernel: 3, stride: 2, padding: 1)
///     try layer.outputSize(input: 5)   // (5 − 3 + 2)/2 + 1 = 3
///     layer.description                // "conv 3/2 pad 1"
public struct WindowLayer: Equatable, Sendable, CustomStringConvertible {
  /// "conv" or "pool": only for printing.
  public var kind: String
  /// `F`, `S`, `P` (per side) and `D`.
  public var kernel: Int, stride: Int, padding: Int, dilation: Int

  public init(
    _ kind: String = "conv", kernel: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1
  ) {
    self.kind = kind
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
  }

  /// `D·(F − 1) + 1`.
  public var effectiveKernel: Int { dilation * (kernel - 1) + 1 }

  /// The layer's output size for an input of `input` positions.
  /// - Throws: `GeometryError` from `CNNCore.outputSize`, which explains the arithmetic.
  public func outputSize(input: Int, rounding: Rounding = .exact) throws -> Int {
    try CNNCore.outputSize(
      input: input, kernel: kernel, stride: stride, padding: padding, dilation: dilation,
      rounding: rounding)
  }

  /// `conv 3/1 pad 1`, `pool 2/2`, `conv 3/1 dil 2`.
  public var description: String {
    "\(kind) \(kernel)/\(stride)" + (padding == 0 ? "" : " pad \(padding)")
      + (dilation == 1 ? "" : " dil \(dilation)")
  }
}

/// The size after each layer of a stack, starting from `input`.
///
///     try outputSizes(of: [WindowLayer(kernel: 5), WindowLayer("pool", kernel: 2, stride: 2)],
///                     input: 32)   // [28, 14]
///
/// - Throws: the first layer's `GeometryError`, prefixed with the layer's position.
public func outputSizes(
  of layers: [WindowLayer], input: Int, rounding: Rounding = .exact
) throws -> [Int] {
  var sizes: [Int] = []
  var size = input
  for (index, layer) in layers.enumerated() {
    do {
      size = try layer.outputSize(input: size, rounding: rounding)
    } catch let error as GeometryError {
      throw GeometryError("layer \(index + 1) (\(layer)) on \(size): \(error.message)")
    }
    sizes.append(size)
  }
  return sizes
}
