import CNNCore

/// The learnable parameters of a convolution layer: every filter has one weight per kernel
/// position and per input channel it sees, plus one shared bias.
///
/// ```
///   params = (R·S·C/G)·K + K        (CS231n: (F·F·D₁)·K + K for a square kernel, G = 1)
/// ```
/// The spatial size of the input does not appear: the same weights slide over every
/// position (parameter sharing). Agrees with `Conv2DGeometry.parameterCount`.
///
///     try convParameterCount(kernel: 5, inChannels: 3, outChannels: 2)     // 152
///     try convParameterCount(kernel: 11, inChannels: 3, outChannels: 96)   // 34_944, AlexNet
///     try convParameterCount(kernel: 3, inChannels: 32, outChannels: 32,
///                            groups: 32, bias: false)                      // 288 (depthwise)
///
/// - Parameters:
///   - kernel: `(R, S)`, the kernel height and width.
///   - groups: `G`, which must divide both `C` and `K`.
///   - bias: whether each filter has a bias (adds `K`).
/// - Throws: `GeometryError` for non-positive sizes or a `G` that does not divide `C` and `K`.
public func convParameterCount(
  kernel: (height: Int, width: Int), inChannels: Int, outChannels: Int, groups: Int = 1,
  bias: Bool = true
) throws -> Int {
  guard kernel.height >= 1, kernel.width >= 1, inChannels >= 1, outChannels >= 1, groups >= 1
  else {
    throw GeometryError(
      "kernel \(kernel.height)×\(kernel.width), channels \(inChannels) → \(outChannels) and "
        + "groups \(groups) must all be at least 1")
  }
  guard inChannels % groups == 0, outChannels % groups == 0 else {
    throw GeometryError(
      "groups \(groups) must divide both the input channels \(inChannels) and the output "
        + "channels \(outChannels)")
  }
  let weightsPerFilter = kernel.height * kernel.width * (inChannels / groups)
  return weightsPerFilter * outChannels + (bias ? outChannels : 0)
}

/// `convParameterCount` for a square `F×F` kernel.
public func convParameterCount(
  kernel: Int, inChannels: Int, outChannels: Int, groups: Int = 1, bias: Bool = true
) throws -> Int {
  try convParameterCount(
    kernel: (kernel, kernel), inChannels: inChannels, outChannels: outChannels, groups: groups,
    bias: bias)
}
