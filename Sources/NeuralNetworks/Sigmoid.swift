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
  private var lastOutput: Tensor<Float>?

  /// The layer (it has no configuration).
  public init() {}

  public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    let y = sigmoid(x)
    lastOutput = y
    return y
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    guard let y = lastOutput else { preconditionFailure("\(name): backward before forward") }
    return sigmoidBackward(output: y, outputGradient: outputGradient)
  }
}
