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
  var p = Tensor<Float>.empty
  softmaxRows(logits, into: &p) { _, _ in }
  return p
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
  var p = Tensor<Float>.empty
  let loss = softmaxCrossEntropy(logits: logits, labels: labels, probabilities: &p)
  return (loss, p)
}

/// `softmaxCrossEntropy` with the probabilities written into a tensor kept by the caller
/// (its storage is reused when the element count matches, see `Tensor.prepareForOverwrite`);
/// returns the mean loss. The same sums and bits.
public func softmaxCrossEntropy(
  logits: Tensor<Float>, labels: [Int], probabilities: inout Tensor<Float>
) -> Float {
  precondition(logits.rank == 2, "logits must be (N, K), got shape \(logits.shape)")
  let (batch, classes) = (logits.shape[0], logits.shape[1])
  precondition(labels.count == batch, "\(labels.count) labels for a batch of \(batch)")
  for (n, label) in labels.enumerated() {
    precondition(
      (0..<classes).contains(label),
      "label \(label) of sample \(n) is not a class in 0..<\(classes)")
  }
  var total = 0.0
  softmaxRows(logits, into: &probabilities) { logSums, maxima in
    for n in 0..<batch {
      // log Σ e^(z − m) + (m − z_y), in Double: the small first term is not rounded away.
      total +=
        Double(logSums[n]) + (Double(maxima[n]) - Double(logits.scalars[n * classes + labels[n]]))
    }
  }
  return Float(total / Double(max(1, batch)))
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
  var dz = Tensor<Float>.empty
  softmaxCrossEntropyBackward(probabilities: p, labels: labels, into: &dz)
  return dz
}

/// `softmaxCrossEntropyBackward` into a tensor kept by the caller (see
/// `Tensor.prepareForOverwrite`). The same bits.
public func softmaxCrossEntropyBackward(
  probabilities p: Tensor<Float>, labels: [Int], into dz: inout Tensor<Float>
) {
  precondition(p.rank == 2, "probabilities must be (N, K), got shape \(p.shape)")
  let (batch, classes) = (p.shape[0], p.shape[1])
  precondition(labels.count == batch, "\(labels.count) labels for a batch of \(batch)")
  dz.prepareForOverwrite(shape: p.shape)
  let scale = Float(1) / Float(max(1, batch))
  p.scalars.withUnsafeBufferPointer { pp in
    dz.scalars.withUnsafeMutableBufferPointer { pz in
      for n in 0..<batch {
        precondition(
          (0..<classes).contains(labels[n]), "label \(labels[n]) is not in 0..<\(classes)")
        for k in 0..<classes {
          let i = n * classes + k
          pz[i] = (k == labels[n] ? pp[i] - 1 : pp[i]) * scale
        }
      }
    }
  }
}

/// Softmax of every row into `p`; then `body` gets each row's `log Σ_j e^(z_j − m)` and its
/// maximum `m` (N values each, valid during the call).
private func softmaxRows(
  _ z: Tensor<Float>, into p: inout Tensor<Float>,
  _ body: (_ logSums: UnsafePointer<Float>, _ maxima: UnsafePointer<Float>) -> Void
) {
  precondition(z.rank == 2, "logits must be (N, K), got shape \(z.shape)")
  let (batch, classes) = (z.shape[0], z.shape[1])
  precondition(classes >= 1, "softmax needs at least one class")
  p.prepareForOverwrite(shape: z.shape)
  guard batch > 0 else { return }
  let rowsPerChunk = softmaxRowsPerChunk(classes: classes)
  let chunks = (batch + rowsPerChunk - 1) / rowsPerChunk
  Workspace.withFloats(2 * batch) { scratch in
    z.scalars.withUnsafeBufferPointer { pz in
      p.scalars.withUnsafeMutableBufferPointer { pp in
        let sz = SharedConstPointer(pz.baseAddress!)
        let sp = SharedPointer(pp.baseAddress!)
        let sl = SharedPointer(scratch)
        let sm = SharedPointer(scratch + batch)
        let shared = (rowsPerChunk, batch, classes, sz, sp, sl, sm)
        Parallel.forEach(chunks: chunks, sharing: shared) { shared, chunk in
          let (rowsPerChunk, batch, classes, sz, sp, sl, sm) = shared
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
    body(scratch, scratch + batch)
  }
}
