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
  private var lastOutput: Tensor<Float>?

  /// The layer (it has no configuration).
  public init() {}

  public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    let y = CNNCore.tanh(x)
    lastOutput = y
    return y
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    guard let y = lastOutput else { preconditionFailure("\(name): backward before forward") }
    return tanhBackward(output: y, outputGradient: outputGradient)
  }
}
