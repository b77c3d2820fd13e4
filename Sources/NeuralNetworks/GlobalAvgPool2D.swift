import CNNCore

/// Global average pooling: one mean per channel (PyTorch's `AdaptiveAvgPool2d(1)`).
///
/// ```
///   y[n, c, 0, 0] = (1/(H·W)) Σ_{h,w} x[n, c, h, w]        ∂L/∂x[n, c, h, w] = ∂L/∂y[n, c] / (H·W)
///
///   x: (N, C, H, W)   y: (N, C, 1, 1)   no parameters
/// ```
///
///     try GlobalAvgPool2D().outputShape(for: [512, 7, 7])   // [512, 1, 1]
public final class GlobalAvgPool2D: Layer {
  public let kind = "GlobalAvgPool2D"
  public var name = "globalavgpool2d"
  private var lastInputShape: [Int]?
  // Kept from step to step, so that training reuses their memory.
  private var output = Tensor<Float>.empty, inputGradient = Tensor<Float>.empty

  /// The layer (it has no configuration).
  public init() {}

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape.count == 3 else {
      throw rankError(kind, expected: "(C, H, W) of rank 3", got: inputShape)
    }
    guard inputShape.allSatisfy({ $0 >= 1 }) else {
      throw GeometryError("\(kind) needs C, H, W ≥ 1, got \(inputShape)")
    }
    return [inputShape[0], 1, 1]
  }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    lastInputShape = x.shape
    globalAvgPool2D(input: x, into: &output)
    return output
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    guard let shape = lastInputShape else {
      preconditionFailure("\(name): backward before forward")
    }
    globalAvgPool2DBackward(gradOutput: outputGradient, inputShape: shape, into: &inputGradient)
    return inputGradient
  }
}
