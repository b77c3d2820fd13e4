import CNNCore

/// The fraction of samples whose largest logit is at their label.
///
/// ```
///   accuracy = (1/N) · #{ n : argmax_k z[n, k] = y_n }     (ties: the first maximum wins)
///
///   z: (N, K)   y: N labels
/// ```
///
///     accuracy(logits: Tensor(rows: [[1, 3], [2, 0]]), labels: [1, 1])   // 0.5
public func accuracy(logits: Tensor<Float>, labels: [Int]) -> Double {
  let predictions = predictedClasses(logits: logits)
  precondition(
    labels.count == predictions.count, "\(labels.count) labels for \(predictions.count) rows")
  guard !predictions.isEmpty else { return 0 }
  let hits = zip(predictions, labels).filter { $0 == $1 }.count
  return Double(hits) / Double(predictions.count)
}

/// The class with the largest logit in every row (ties: the first maximum).
///
/// ```
///   ŷ_n = argmax_k z[n, k]          z: (N, K)   ŷ: N classes
/// ```
///
///     predictedClasses(logits: Tensor(rows: [[1, 3], [2, 0]]))   // [1, 0]
public func predictedClasses(logits z: Tensor<Float>) -> [Int] {
  precondition(z.rank == 2, "logits must be (N, K), got shape \(z.shape)")
  let (batch, classes) = (z.shape[0], z.shape[1])
  return (0..<batch).map { n in predictedClass(row: n, of: z, classes: classes) }
}

/// The class of row `n` of the (N, K) logits: the first largest logit.
@inline(__always)
func predictedClass(row n: Int, of z: Tensor<Float>, classes: Int) -> Int {
  var best = 0
  for k in 1..<max(1, classes) where z.scalars[n * classes + k] > z.scalars[n * classes + best] {
    best = k
  }
  return best
}
