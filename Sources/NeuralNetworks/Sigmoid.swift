import CNNCore

/// The logistic sigmoid, element by element (LeNet-5's era used it and tanh).
///
/// ```
///   y = σ(x) = 1 / (1 + e^(−x))          ∂L/∂x = ∂L/∂y · y · (1 − y)
///
///   x, y: any shape (N, …)
/// ```
///
///     Sigmoid().forward(Tensor(rows: [[0]]), training: true)   // [[0.5]]
public final class Sigmoid: Layer {
  public let kind = "Sigmoid"
  public var name = "sigmoid"
  // The last output (what the backward pass needs) and the input gradient, kept from step
  // to step so that training reuses their memory.
  private var output = Tensor<Float>.empty, inputGradient = Tensor<Float>.empty
  private var hasOutput = false

  /// The layer (it has no configuration).
  public init() {}

  public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    sigmoid(x, into: &output)
    hasOutput = true
    return output
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    guard hasOutput else { preconditionFailure("\(name): backward before forward") }
    sigmoidBackward(output: output, outputGradient: outputGradient, into: &inputGradient)
    return inputGradient
  }
}
