import CNNCore

/// Folds every sample into one row: the step from convolutional feature maps to dense layers.
///
/// ```
///   y[n, (c·H + h)·W + w] = x[n, c, h, w]          ∂L/∂x = ∂L/∂y reshaped back
///
///   x: (N, C, H, W) (any rank ≥ 2)   y: (N, C·H·W)
/// ```
///
///     try Flatten().outputShape(for: [16, 5, 5])   // [400]   (16·5·5)
public final class Flatten: Layer {
  public let kind = "Flatten"
  public var name = "flatten"
  private var lastInputShape: [Int]?

  /// The layer (it has no configuration).
  public init() {}

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard !inputShape.isEmpty else {
      throw GeometryError("Flatten needs a per-sample shape with at least one dimension, got []")
    }
    return [inputShape.reduce(1, *)]
  }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    lastInputShape = x.shape
    return flatten(x)
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    guard let shape = lastInputShape else {
      preconditionFailure("\(name): backward before forward")
    }
    return flattenBackward(gradOutput: outputGradient, inputShape: shape)
  }
}
