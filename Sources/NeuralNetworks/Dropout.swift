import CNNCore

/// Inverted dropout: in training every element is zeroed with probability `p` and the
/// survivors are scaled by `1/(1 − p)`, so the expected output equals the input and
/// inference needs no rescaling (it is the identity).
///
/// ```
///   training:   m[i] ~ Bernoulli(1 − p),   y[i] = x[i] · m[i] / (1 − p)
///               ∂L/∂x[i] = ∂L/∂y[i] · m[i] / (1 − p)
///   inference:  y = x
///
///   x, y: any shape (N, …)   no parameters
/// ```
/// The mask is drawn from the layer's own `SeededGenerator` (element `i` is kept when the
/// next uniform draw in [0, 1) is ≥ p), so a run is reproducible from its seed.
///
///     let drop = Dropout(rate: 0.5, seed: 7)
///     drop.forward(Tensor(shape: [1, 4], repeating: 1), training: true)
///     // each element 0 or 1/(1 − 0.5) = 2
public final class Dropout: Layer {
  public let kind = "Dropout"
  public var name = "dropout"
  /// `p`, the probability of dropping an element, in [0, 1).
  public let rate: Float
  private var generator: SeededGenerator
  /// The last training mask, `m[i] / (1 − p)` (0 or `1/(1 − p)`); nil after inference.
  public private(set) var lastMask: Tensor<Float>?
  // Kept from step to step, so that training reuses their memory.
  private var output = Tensor<Float>.empty, inputGradient = Tensor<Float>.empty

  /// Dropout with probability `rate` in [0, 1), its masks drawn from a generator seeded with
  /// `seed`.
  public init(rate: Float, seed: UInt64 = 0) {
    precondition(
      rate >= 0 && rate < 1,
      "Dropout rate must be in [0, 1), got \(rate): it is the probability of dropping a value, "
        + "and rate 1 would drop everything")
    self.rate = rate
    self.generator = SeededGenerator(seed: seed)
  }

  public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    guard training, rate > 0 else {
      lastMask = nil
      return x
    }
    let keep = 1 / (1 - rate)
    let p = Double(rate)
    // The last mask's storage is reused (taken out, so that it is not shared while written).
    var mask = lastMask.take() ?? .empty
    mask.prepareForOverwrite(shape: x.shape)
    mask.scalars.withUnsafeMutableBufferPointer { m in
      for i in m.indices { m[i] = generator.nextUnit() >= p ? keep : 0 }
    }
    lastMask = mask
    multiply(x, mask, into: &output)
    return output
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    guard let m = lastMask else { return outputGradient }
    multiply(outputGradient, m, into: &inputGradient)
    return inputGradient
  }
}
