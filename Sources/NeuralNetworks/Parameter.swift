import CNNCore

/// A learnable tensor and the gradient that `backward` accumulates into it.
///
/// Layers own their parameters; optimizers update `value` from `gradient` and the model
/// zeroes the gradients before each batch. A reference type, so an optimizer can keep its
/// per-parameter state (momentum, Adam's moments) keyed by identity.
public final class Parameter {
  /// "conv1.weight", "dense2.bias", …: unique within a model, used in checkpoints.
  public var name: String
  public var value: Tensor<Float>
  /// ∂L/∂value, same shape as `value`.
  public var gradient: Tensor<Float>

  public init(name: String, value: Tensor<Float>) {
    self.name = name
    self.value = value
    self.gradient = Tensor(zeros: value.shape)
  }

  /// Number of scalars.
  public var count: Int { value.count }

  /// Sets the gradient to zero, keeping its storage.
  public func zeroGradient() {
    gradient.scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
  }
}
