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
  // The last reshaped output and input gradient. They share their elements with the tensors
  // they reshape; keeping the shaped values avoids a new shape array every batch, and
  // `releaseBackwardState` lets go of the elements, so that the layers around this one can
  // rewrite their own buffers in place.
  private var output = Tensor<Float>.empty, inputGradient = Tensor<Float>.empty

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
    let features = x.shape.dropFirst().reduce(1, *)
    if output.rank == 2 && output.shape[0] == x.shape[0] && output.shape[1] == features {
      output.scalars = x.scalars
    } else {
      output = flatten(x)
    }
    return output
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    guard let shape = lastInputShape else {
      preconditionFailure("\(name): backward before forward")
    }
    if inputGradient.shape == shape {
      precondition(
        outputGradient.rank == 2 && outputGradient.shape[0] == shape[0]
          && outputGradient.count == shape.reduce(1, *),
        "gradOutput shape \(outputGradient.shape) does not flatten inputShape \(shape)")
      inputGradient.scalars = outputGradient.scalars
    } else {
      inputGradient = flattenBackward(gradOutput: outputGradient, inputShape: shape)
    }
    return inputGradient
  }

  /// Lets go of the elements of the last output and input gradient (keeping their shapes).
  public func releaseBackwardState() {
    output.scalars = []
    inputGradient.scalars = []
  }
}
