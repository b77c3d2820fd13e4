import CNNCore

/// Softmax followed by cross-entropy, averaged over the batch: the classification loss.
///
/// ```
///   p[n, k] = softmax(z[n, ·])[k]
///   L       = −(1/N) Σ_n log p[n, y_n]      (computed as log-sum-exp − z[n, y_n], max subtracted)
///   ∂L/∂z   = (p − onehot(y)) / N
///
///   z: (N, K)   y: N labels in 0..<K
/// ```
/// Fusing the two keeps the gradient simple and stable: no `log` of a tiny probability.
///
///     let loss = SoftmaxCrossEntropy()
///     loss.forward(Tensor(rows: [[1, 2, 3]]), labels: [2])   // 0.4076   (log(e⁻² + e⁻¹ + 1))
///     loss.backward()                                        // [[0.090, 0.245, −0.335]]
public final class SoftmaxCrossEntropy: Loss {
  private var lastProbabilities: Tensor<Float>?
  private var lastLabels: [Int] = []
  // Kept from step to step, so that training reuses their memory.
  private var probabilities = Tensor<Float>.empty, gradient = Tensor<Float>.empty

  /// A loss that remembers its last batch for `backward`.
  public init() {}

  public func forward(_ logits: Tensor<Float>, labels: [Int]) -> Float {
    lastProbabilities = nil  // (so that `probabilities` is not shared while it is rewritten)
    let loss = softmaxCrossEntropy(logits: logits, labels: labels, probabilities: &probabilities)
    lastProbabilities = probabilities
    // Copied into the loss's own array, not shared: the training loop refills its labels in
    // place for the next batch, which a shared array would make it copy.
    lastLabels.removeAll(keepingCapacity: true)
    lastLabels.append(contentsOf: labels)
    return loss
  }

  public func backward() -> Tensor<Float> {
    guard let p = lastProbabilities else { preconditionFailure("loss: backward before forward") }
    softmaxCrossEntropyBackward(probabilities: p, labels: lastLabels, into: &gradient)
    return gradient
  }
}
