import CNNCore

/// A 2-D convolution layer (a cross-correlation, as PyTorch's `Conv2d`), by im2col + GEMM.
///
/// ```
///   y[n, k, p, q] = b[k] + Σ_{c,r,s} w[k, c, r, s] · x[n, g·C/G + c, p·S + r − P, q·S + s − P]
///
///   x: (N, C, H, W)   w: (K, C/G, R, S)   b: (K)   y: (N, K, P', Q')
///   P' = (H − R + 2P)/S + 1,  Q' = (W − S + 2P)/S + 1         parameters: K·(C/G)·R·S + K
/// ```
/// The geometry (`Conv2DGeometry`) is built for each input shape the first time it is seen and
/// cached. `outputShape(for:)` applies the strict rule by default (`rounding: .exact`: the
/// windows must tile the padded input) and its error explains the arithmetic; `.floor` is
/// PyTorch's behaviour. Weights start from `initializer` (default Glorot uniform with
/// fan_in = C/G·R·S, fan_out = K·R·S), biases at zero. Backward: `conv2dBackward`.
///
///     let conv = Conv2D(inChannels: 1, outChannels: 6, kernel: 5, padding: 2)
///     try conv.outputShape(for: [1, 28, 28])   // [6, 28, 28]   ((28 − 5 + 2·2)/1 + 1 = 28)
///     conv.parameterCount                      // 6·1·5·5 + 6 = 156
public final class Conv2D: Layer {
  public let kind = "Conv2D"
  public var name: String { didSet { renameParameters() } }
  /// `C` and `K`.
  public let inChannels: Int, outChannels: Int
  /// `(R, S)`, `(Sh, Sw)` and the padding of every side.
  public let kernel: (height: Int, width: Int), stride: (height: Int, width: Int)
  /// Zero padding of each side.
  public let padding: Padding2D
  /// `G`: filter `k` sees only the `C/G` channels of its group.
  public let groups: Int
  /// How the output size is rounded (`.exact` by default: windows must tile the input).
  public let rounding: Rounding
  /// `w`, shape `(K, C/G, R, S)`.
  public let weight: Parameter
  /// `b`, shape `(K)`; nil without bias.
  public let bias: Parameter?
  private var geometries: [[Int]: Conv2DGeometry] = [:]
  private var lastInput: Tensor<Float>?
  // Kept from step to step, so that training reuses their memory.
  private var output = Tensor<Float>.empty
  private var gradients = Conv2DGradients<Float>(input: .empty, weight: .empty, bias: .empty)

  /// A convolution whose weights are drawn from `generator`.
  ///
  /// Stops with an explanation when `groups` does not divide both channel counts (a
  /// configuration that has no weight shape at all); shape problems that depend on the input
  /// are reported by `outputShape(for:)`.
  public init(
    inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
    groups: Int = 1, bias: Bool = true, rounding: Rounding = .exact,
    initializer: Initializer = .glorotUniform, generator: inout SeededGenerator
  ) {
    precondition(
      inChannels >= 1 && outChannels >= 1 && kernel >= 1 && stride >= 1 && padding >= 0,
      "Conv2D needs channels, kernel and stride ≥ 1 and padding ≥ 0, got in \(inChannels), "
        + "out \(outChannels), kernel \(kernel), stride \(stride), padding \(padding)")
    precondition(
      groups >= 1 && inChannels % groups == 0 && outChannels % groups == 0,
      "Conv2D: groups \(groups) must divide both input channels \(inChannels) and output "
        + "channels \(outChannels) (every group sees C/G channels and makes K/G filters)")
    self.inChannels = inChannels
    self.outChannels = outChannels
    self.kernel = (kernel, kernel)
    self.stride = (stride, stride)
    self.padding = Padding2D(padding)
    self.groups = groups
    self.rounding = rounding
    self.name = "conv2d"
    let fanIn = inChannels / groups * kernel * kernel
    let fanOut = outChannels * kernel * kernel
    weight = Parameter(
      name: "conv2d.weight",
      value: initializer.tensor(
        shape: [outChannels, inChannels / groups, kernel, kernel], fanIn: fanIn, fanOut: fanOut,
        using: &generator))
    self.bias = bias ? Parameter(name: "conv2d.bias", value: Tensor(zeros: [outChannels])) : nil
  }

  /// A convolution whose weights are drawn from a generator seeded with `seed`.
  public convenience init(
    inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
    groups: Int = 1, bias: Bool = true, rounding: Rounding = .exact,
    initializer: Initializer = .glorotUniform, seed: UInt64 = 0
  ) {
    var generator = SeededGenerator(seed: seed)
    self.init(
      inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride,
      padding: padding, groups: groups, bias: bias, rounding: rounding,
      initializer: initializer, generator: &generator)
  }

  public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

  /// The geometry for a batch of `batch` samples of per-sample shape `(C, H, W)`.
  public func geometry(batch: Int, sampleShape shape: [Int]) throws -> Conv2DGeometry {
    guard shape.count == 3 else {
      throw rankError(kind, expected: "(C, H, W) of rank 3", got: shape)
    }
    guard shape[0] == inChannels else {
      throw GeometryError(
        "\(kind) expects \(inChannels) input channels, got \(shape[0]) (input shape \(shape)); "
          + "set inChannels to \(shape[0]) or fix the previous layer's output channels")
    }
    return try Conv2DGeometry(
      batch: batch, inChannels: inChannels, height: shape[1], width: shape[2],
      outChannels: outChannels, kernel: kernel, stride: stride, padding: padding,
      groups: groups, rounding: rounding)
  }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    Array(try geometry(batch: 1, sampleShape: inputShape).outputShape.dropFirst())
  }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    lastInput = x
    conv2d(
      input: x, weight: weight.value, bias: bias?.value, geometry: cachedGeometry(x.shape),
      into: &output)
    return output
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    backward(outputGradient, inputGradient: true)
  }

  /// The weight and bias gradients without ∂L/∂x (`conv2dBackward(…, inputGradient: false)`).
  public func accumulateParameterGradients(_ outputGradient: Tensor<Float>) {
    _ = backward(outputGradient, inputGradient: false)
  }

  private func backward(_ outputGradient: Tensor<Float>, inputGradient: Bool) -> Tensor<Float> {
    guard let x = lastInput else { preconditionFailure("\(name): backward before forward") }
    conv2dBackward(
      input: x, weight: weight.value, outputGradient: outputGradient,
      geometry: cachedGeometry(x.shape), inputGradient: inputGradient, into: &gradients)
    accumulate(gradients.weight, into: weight)
    if let bias { accumulate(gradients.bias, into: bias) }
    return gradients.input
  }

  private func cachedGeometry(_ shape: [Int]) -> Conv2DGeometry {
    if let g = geometries[shape] { return g }
    precondition(shape.count == 4, "\(name): input must be NCHW, got shape \(shape)")
    let g = validated { try geometry(batch: shape[0], sampleShape: Array(shape.dropFirst())) }
    geometries[shape] = g
    return g
  }

  /// Lets go of the kept input, so that the previous layer can rewrite its output in place.
  public func releaseBackwardState() { lastInput = nil }

  private func renameParameters() {
    weight.name = "\(name).weight"
    bias?.name = "\(name).bias"
  }
}
