import CNNCore

/// The rectified linear unit, element by element.
///
/// ```
///   y = max(0, x)          ∂L/∂x = ∂L/∂y where x > 0, else 0
///
///   x, y: any shape (N, …)
/// ```
///
///     ReLU().forward(Tensor(rows: [[−1, 0, 2]]), training: true)   // [[0, 0, 2]]
public final class ReLU: Layer {
  public let kind = "ReLU"
  public var name = "relu"
  private var lastInput: Tensor<Float>?
  // Kept from step to step, so that training reuses their memory.
  private var output = Tensor<Float>.empty, inputGradient = Tensor<Float>.empty

  /// The layer (it has no configuration).
  public init() {}

  public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    lastInput = x
    relu(x, into: &output)
    return output
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    guard let x = lastInput else { preconditionFailure("\(name): backward before forward") }
    reluBackward(input: x, outputGradient: outputGradient, into: &inputGradient)
    return inputGradient
  }

  /// Lets go of the kept input, so that the previous layer can rewrite its output in place.
  public func releaseBackwardState() { lastInput = nil }
}
