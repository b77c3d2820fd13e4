import CNNCore

/// A fully connected layer, as PyTorch's `Linear`: every output is a weighted sum of every
/// input feature plus a bias.
///
/// ```
///   y = x·Wᵀ + b          y[n, o] = b[o] + Σ_f x[n, f] · W[o, f]
///
///   x: (N, F)   W: (O, F)   b: (O)   y: (N, O)        parameters: O·F + O
/// ```
/// Backward (`denseBackward`): `dx = dy·W`, `dW += dyᵀ·x`, `db += Σ_n dy[n, ·]`.
/// Weights start from `initializer` (default Glorot uniform, fan_in = F, fan_out = O),
/// biases at zero (as Keras).
///
///     let fc = Dense(inFeatures: 400, outFeatures: 120)   // 400·120 + 120 = 48 120 parameters
///     try fc.outputShape(for: [400])                      // [120]
public final class Dense: Layer {
  public let kind = "Dense"
  public var name: String { didSet { renameParameters() } }
  /// `F`, the features of each input sample.
  public let inFeatures: Int
  /// `O`, the features of each output sample.
  public let outFeatures: Int
  /// `W`, shape `(O, F)`.
  public let weight: Parameter
  /// `b`, shape `(O)`; nil without bias.
  public let bias: Parameter?
  private var lastInput: Tensor<Float>?
  // Kept from step to step, so that training reuses their memory.
  private var output = Tensor<Float>.empty
  private var gradients = DenseGradients<Float>(input: .empty, weight: .empty, bias: .empty)

  /// A dense layer whose weights are drawn from `generator`.
  public init(
    inFeatures: Int, outFeatures: Int, bias: Bool = true,
    initializer: Initializer = .glorotUniform, generator: inout SeededGenerator
  ) {
    precondition(
      inFeatures >= 1 && outFeatures >= 1,
      "Dense needs at least one input and one output feature, got \(inFeatures) → \(outFeatures)")
    self.inFeatures = inFeatures
    self.outFeatures = outFeatures
    self.name = "dense"
    weight = Parameter(
      name: "dense.weight",
      value: initializer.tensor(
        shape: [outFeatures, inFeatures], fanIn: inFeatures, fanOut: outFeatures,
        using: &generator))
    self.bias = bias ? Parameter(name: "dense.bias", value: Tensor(zeros: [outFeatures])) : nil
  }

  /// A dense layer whose weights are drawn from a generator seeded with `seed`.
  public convenience init(
    inFeatures: Int, outFeatures: Int, bias: Bool = true,
    initializer: Initializer = .glorotUniform, seed: UInt64 = 0
  ) {
    var generator = SeededGenerator(seed: seed)
    self.init(
      inFeatures: inFeatures, outFeatures: outFeatures, bias: bias, initializer: initializer,
      generator: &generator)
  }

  public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape == [inFeatures] else {
      let count = inputShape.reduce(1, *)
      let hint =
        inputShape.count > 1
        ? "; put a Flatten before it (it turns \(inputShape) into [\(count)])" : ""
      throw GeometryError(
        "Dense(\(inFeatures) → \(outFeatures)) expects \(inFeatures) features per sample, "
          + "got shape \(inputShape) (\(count) values)\(hint)"
          + (count != inFeatures && inputShape.count >= 1
            ? "; set inFeatures to \(count)" : ""))
    }
    return [outFeatures]
  }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    lastInput = x
    dense(input: x, weight: weight.value, bias: bias?.value, into: &output)
    return output
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    guard let x = lastInput else { preconditionFailure("\(name): backward before forward") }
    denseBackward(input: x, weight: weight.value, outputGradient: outputGradient, into: &gradients)
    accumulate(gradients.weight, into: weight)
    if let bias { accumulate(gradients.bias, into: bias) }
    return gradients.input
  }

  /// Lets go of the kept input, so that the previous layer can rewrite its output in place.
  public func releaseBackwardState() { lastInput = nil }

  private func renameParameters() {
    weight.name = "\(name).weight"
    bias?.name = "\(name).bias"
  }
}
