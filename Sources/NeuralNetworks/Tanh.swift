import CNNCore

/// The hyperbolic tangent, element by element.
///
/// ```
///   y = tanh(x)          ∂L/∂x = ∂L/∂y · (1 − y²)
///
///   x, y: any shape (N, …)
/// ```
///
///     Tanh().forward(Tensor(rows: [[0]]), training: true)   // [[0]]
public final class Tanh: Layer {
  public let kind = "Tanh"
  public var name = "tanh"
  // The last output (what the backward pass needs) and the input gradient, kept from step
  // to step so that training reuses their memory.
  private var output = Tensor<Float>.empty, inputGradient = Tensor<Float>.empty
  private var hasOutput = false

  /// The layer (it has no configuration).
  public init() {}

  public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    CNNCore.tanh(x, into: &output)
    hasOutput = true
    return output
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    guard hasOutput else { preconditionFailure("\(name): backward before forward") }
    tanhBackward(output: output, outputGradient: outputGradient, into: &inputGradient)
    return inputGradient
  }
}
