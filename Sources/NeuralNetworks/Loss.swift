import CNNCore

/// A loss over a batch: a single number to minimise, and its gradient for the last layer.
///
/// ```
///   forward:   L = loss(logits, labels)           logits: (N, K)   labels: N class indices
///   backward:  ∂L/∂logits                          (N, K)
/// ```
/// `backward` refers to the most recent `forward`, so a loss is a class that keeps what it
/// needs (`SoftmaxCrossEntropy` keeps the probabilities and labels).
public protocol Loss {
  /// The loss of a batch (a mean over its samples).
  func forward(_ logits: Tensor<Float>, labels: [Int]) -> Float
  /// `∂L/∂logits` for the last `forward`.
  func backward() -> Tensor<Float>
}
