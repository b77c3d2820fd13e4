/// A validated 2-D convolution configuration: every size a kernel needs, checked once.
///
/// ```
///   input  x: (N, C, H, W)
///   weight w: (K, C/G, R, S)         G = groups; R×S = kernel height×width
///   bias   b: (K)
///   output y: (N, K, P, Q)           P = (H − D·(R−1) − 1 + Pt + Pb)/Sh + 1, Q likewise
/// ```
///
/// Kernels take a geometry and only `precondition` on the tensors' shapes, so an invalid
/// configuration is reported here, once, with its arithmetic explained:
///
///     try Conv2DGeometry(batch: 1, inChannels: 3, height: 7, width: 7,
///                        outChannels: 2, kernel: 3, stride: 3)
///     // throws: "height: (W − F + 2P) = (7 − 3 + 2·0) = 4 is not divisible by stride 3 …"
public struct Conv2DGeometry: Equatable, Sendable, CustomStringConvertible {
  public let batch: Int, inChannels: Int, height: Int, width: Int
  public let outChannels: Int, kernelHeight: Int, kernelWidth: Int
  public let strideHeight: Int, strideWidth: Int
  public let padding: Padding2D
  public let dilationHeight: Int, dilationWidth: Int
  public let groups: Int
  /// `P` and `Q`, the output height and width.
  public let outHeight: Int, outWidth: Int

  /// Validates a configuration.
  /// - Parameters:
  ///   - kernel: `(R, S)`; stride, dilation likewise `(height, width)`.
  ///   - groups: `G`; both `C` and `K` must be divisible by it (`G = C = K` is depthwise).
  ///   - rounding: `.exact` (default) rejects windows that do not tile; `.floor` is PyTorch's.
  public init(
    batch: Int, inChannels: Int, height: Int, width: Int, outChannels: Int,
    kernel: (height: Int, width: Int), stride: (height: Int, width: Int) = (1, 1),
    padding: Padding2D = Padding2D(0), dilation: (height: Int, width: Int) = (1, 1),
    groups: Int = 1, rounding: Rounding = .exact
  ) throws {
    guard batch >= 1 else { throw GeometryError("batch must be at least 1, got \(batch)") }
    guard inChannels >= 1, outChannels >= 1 else {
      throw GeometryError("channels must be at least 1, got in \(inChannels), out \(outChannels)")
    }
    guard groups >= 1 else { throw GeometryError("groups must be at least 1, got \(groups)") }
    guard inChannels % groups == 0 else {
      throw GeometryError(
        "input channels \(inChannels) are not divisible by groups \(groups) "
          + "(\(inChannels) = \(groups)·\(inChannels / groups) + \(inChannels % groups)): "
          + "every group must see the same number of channels")
    }
    guard outChannels % groups == 0 else {
      throw GeometryError(
        "output channels \(outChannels) are not divisible by groups \(groups): each group must "
          + "produce the same number of filters")
    }
    self.outHeight = try outputSize(
      input: height, kernel: kernel.height, stride: stride.height,
      padding: (padding.top, padding.bottom), dilation: dilation.height,
      rounding: rounding, dimension: "height")
    self.outWidth = try outputSize(
      input: width, kernel: kernel.width, stride: stride.width,
      padding: (padding.left, padding.right), dilation: dilation.width,
      rounding: rounding, dimension: "width")
    self.batch = batch; self.inChannels = inChannels; self.height = height; self.width = width
    self.outChannels = outChannels
    self.kernelHeight = kernel.height; self.kernelWidth = kernel.width
    self.strideHeight = stride.height; self.strideWidth = stride.width
    self.padding = padding
    self.dilationHeight = dilation.height; self.dilationWidth = dilation.width
    self.groups = groups
  }

  /// Square kernel `F`, stride `S`, padding `P` on every side, dilation `D`.
  public init(
    batch: Int, inChannels: Int, height: Int, width: Int, outChannels: Int,
    kernel: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1,
    rounding: Rounding = .exact
  ) throws {
    try self.init(
      batch: batch, inChannels: inChannels, height: height, width: width,
      outChannels: outChannels, kernel: (kernel, kernel), stride: (stride, stride),
      padding: Padding2D(padding), dilation: (dilation, dilation), groups: groups,
      rounding: rounding)
  }

  /// Input channels seen by each group, `C/G`.
  public var inChannelsPerGroup: Int { inChannels / groups }
  /// Filters in each group, `K/G`.
  public var outChannelsPerGroup: Int { outChannels / groups }
  /// `(N, C, H, W)`.
  public var inputShape: [Int] { [batch, inChannels, height, width] }
  /// `(K, C/G, R, S)`.
  public var weightShape: [Int] { [outChannels, inChannelsPerGroup, kernelHeight, kernelWidth] }
  /// `(N, K, P, Q)`.
  public var outputShape: [Int] { [batch, outChannels, outHeight, outWidth] }
  /// Whether `x` has the shape `inputShape`, checked by `Tensor.hasShape` without building that
  /// array (the kernels check on every call, and a training step should not allocate).
  public func matchesInput<T>(_ x: Tensor<T>) -> Bool {
    x.hasShape(batch, inChannels, height, width)
  }
  /// Whether `w` has the shape `weightShape`, without building it.
  public func matchesWeight<T>(_ w: Tensor<T>) -> Bool {
    w.hasShape(outChannels, inChannelsPerGroup, kernelHeight, kernelWidth)
  }
  /// Whether `y` (or an output gradient) has the shape `outputShape`, without building it.
  public func matchesOutput<T>(_ y: Tensor<T>) -> Bool {
    y.hasShape(batch, outChannels, outHeight, outWidth)
  }
  /// Learnable parameters: `(R·S·C/G)·K + K` (weights plus one bias per filter).
  public var parameterCount: Int {
    kernelHeight * kernelWidth * inChannelsPerGroup * outChannels + outChannels
  }
  /// Multiply–adds of one forward pass: `N·K·P·Q·(C/G)·R·S`.
  public var multiplyAdds: Int {
    batch * outChannels * outHeight * outWidth * inChannelsPerGroup * kernelHeight * kernelWidth
  }

  /// `conv 3×3/1 pad 1  3×32×32 → 16×32×32`
  public var description: String {
    let strideText =
      strideHeight == strideWidth ? "\(strideHeight)" : "\(strideHeight)×\(strideWidth)"
    var text = "conv \(kernelHeight)×\(kernelWidth)/\(strideText)"
    if padding != Padding2D(0) { text += " pad \(padding)" }
    if dilationHeight != 1 || dilationWidth != 1 {
      text += " dil \(dilationHeight)×\(dilationWidth)"
    }
    if groups != 1 { text += " groups \(groups)" }
    return text + "  \(inChannels)×\(height)×\(width) → \(outChannels)×\(outHeight)×\(outWidth)"
  }
}
