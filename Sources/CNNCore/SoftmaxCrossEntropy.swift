import Foundation

// Shapes: N = batch, K = classes. Logits and probabilities are (N, K), labels N integers.

/// Rows per chunk of the softmax kernels: about 2¹⁵ elements, from the problem size alone.
private func softmaxRowsPerChunk(classes: Int) -> Int { max(1, (1 << 15) / max(1, classes)) }

/// The softmax of every row: the probabilities a classifier assigns to the classes.
///
/// ```
///   p[n, k] = e^(z[n, k] − m_n) / Σ_j e^(z[n, j] − m_n)       m_n = max_j z[n, j]
///
///   z: (N, K)   p: (N, K), every row sums to 1
/// ```
/// Subtracting the row maximum changes nothing mathematically (it cancels) but keeps every
/// exponent ≤ 0, so no `e^z` overflows for large logits.
///
///     softmax(Tensor(rows: [[1, 2, 3]]))
///     // [[0.0900306, 0.2447285, 0.6652410]]   (e⁻², e⁻¹, e⁰ over 1.5032147)
///
/// Scalar reference: `NeuralNetworks.softmaxReference`.
public func softmax(_ logits: Tensor<Float>) -> Tensor<Float> {
  softmaxRows(logits).probabilities
}

/// Mean softmax cross-entropy of a batch, and the probabilities its backward pass needs.
///
/// ```
///   ℓ_n = −log p[n, y_n] = log Σ_j e^(z[n, j] − m_n) + m_n − z[n, y_n]     (log-sum-exp)
///   L   = (1/N) Σ_n ℓ_n
///
///   z: (N, K)   labels y: N integers in 0..<K   probabilities: (N, K)
/// ```
///
///     softmaxCrossEntropy(logits: Tensor(rows: [[1, 2, 3]]), labels: [2]).loss
///     // 0.4076059   (log(e⁻² + e⁻¹ + 1) = log 1.5032147)
///
/// In code, `log Σ_j e^(z_j − m)` is `log1p` of the sum without the maximum's own `e⁰ = 1`,
/// and `m − z[n, y_n]` is added in `Double`: a confident right answer (loss ≈ 1e-5) keeps its
/// digits instead of drowning in the rounding of `m`. The row losses are computed in parallel
/// chunks of rows and added in `Double`, in row order:
/// bit-identical for any thread count. Scalar reference:
/// `NeuralNetworks.softmaxCrossEntropyReference`.
public func softmaxCrossEntropy(
  logits: Tensor<Float>, labels: [Int]
) -> (loss: Float, probabilities: Tensor<Float>) {
  precondition(logits.rank == 2, "logits must be (N, K), got shape \(logits.shape)")
  let (batch, classes) = (logits.shape[0], logits.shape[1])
  precondition(labels.count == batch, "\(labels.count) labels for a batch of \(batch)")
  for (n, label) in labels.enumerated() {
    precondition(
      (0..<classes).contains(label),
      "label \(label) of sample \(n) is not a class in 0..<\(classes)")
  }
  let (probabilities, logSums, maxima) = softmaxRows(logits)
  var total = 0.0
  for n in 0..<batch {
    // log Σ e^(z − m) + (m − z_y), in Double: the small first term is not rounded away.
    total +=
      Double(logSums[n]) + (Double(maxima[n]) - Double(logits.scalars[n * classes + labels[n]]))
  }
  return (Float(total / Double(max(1, batch))), probabilities)
}

/// The gradient of the mean softmax cross-entropy with respect to the logits.
///
/// ```
///   ∂L/∂z[n, k] = (p[n, k] − [k = y_n]) / N
/// ```
///
///     softmaxCrossEntropyBackward(probabilities: Tensor(rows: [[0.25, 0.75]]), labels: [1])
///     // [[0.25, −0.25]]   ((0.25 − 0)/1, (0.75 − 1)/1)
///
/// Scalar reference: `NeuralNetworks.softmaxCrossEntropyBackwardReference` (exact agreement).
public func softmaxCrossEntropyBackward(
  probabilities p: Tensor<Float>, labels: [Int]
) -> Tensor<Float> {
  precondition(p.rank == 2, "probabilities must be (N, K), got shape \(p.shape)")
  let (batch, classes) = (p.shape[0], p.shape[1])
  precondition(labels.count == batch, "\(labels.count) labels for a batch of \(batch)")
  var dz = p
  let scale = Float(1) / Float(max(1, batch))
  for n in 0..<batch {
    precondition((0..<classes).contains(labels[n]), "label \(labels[n]) is not in 0..<\(classes)")
    dz.scalars[n * classes + labels[n]] -= 1
  }
  for i in 0..<dz.count { dz.scalars[i] *= scale }
  return dz
}

/// Softmax of every row, each row's `log Σ_j e^(z_j − m)` and its maximum `m`.
private func softmaxRows(
  _ z: Tensor<Float>
) -> (probabilities: Tensor<Float>, logSums: [Float], maxima: [Float]) {
  precondition(z.rank == 2, "logits must be (N, K), got shape \(z.shape)")
  let (batch, classes) = (z.shape[0], z.shape[1])
  precondition(classes >= 1, "softmax needs at least one class")
  var p = [Float](repeating: 0, count: z.count)
  var logSums = [Float](repeating: 0, count: batch)
  var maxima = logSums
  guard batch > 0 else { return (Tensor(shape: z.shape, scalars: p), logSums, maxima) }
  let rowsPerChunk = softmaxRowsPerChunk(classes: classes)
  let chunks = (batch + rowsPerChunk - 1) / rowsPerChunk
  z.scalars.withUnsafeBufferPointer { pz in
    p.withUnsafeMutableBufferPointer { pp in
      logSums.withUnsafeMutableBufferPointer { pl in
        maxima.withUnsafeMutableBufferPointer { pm in
          let sz = SharedConstPointer(pz.baseAddress!)
          let sp = SharedPointer(pp.baseAddress!)
          let sl = SharedPointer(pl.baseAddress!)
          let sm = SharedPointer(pm.baseAddress!)
          Parallel.forEach(chunks: chunks) { chunk in
            for n in chunk * rowsPerChunk..<min(batch, (chunk + 1) * rowsPerChunk) {
              let row = sz.base + n * classes
              let out = sp.base + n * classes
              var best = 0
              for k in 1..<classes where row[k] > row[best] { best = k }
              let m = row[best]
              // The maximum contributes e⁰ = 1; the others sum to `rest`, and log(1 + rest) is
              // taken by log1p, which keeps its digits when rest is tiny (a confident answer).
              var rest: Float = 0
              for k in 0..<classes {
                let e = Foundation.exp(row[k] - m)
                out[k] = e
                if k != best { rest += e }
              }
              let total = 1 + rest
              for k in 0..<classes { out[k] /= total }
              sl.base[n] = Foundation.log1p(rest)
              sm.base[n] = m
            }
          }
        }
      }
    }
  }
  return (Tensor(shape: z.shape, scalars: p), logSums, maxima)
}
