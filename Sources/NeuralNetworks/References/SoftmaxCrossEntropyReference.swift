import CNNCore
import Foundation

// Shapes: z (N, K) logits, y N labels in 0..<K, p (N, K) probabilities.

/// Row-wise softmax written like its formula: the scalar reference for `CNNCore.softmax`.
///
/// ```
///   p[n, k] = e^(z[n, k] − m_n) / Σ_j e^(z[n, j] − m_n)      m_n = max_j z[n, j]
/// ```
///
///     softmaxReference(Tensor<Double>(rows: [[0, 0]]))   // [[0.5, 0.5]]
@inlinable
public func softmaxReference<T: BinaryFloatingPoint & Sendable>(_ z: Tensor<T>) -> Tensor<T> {
  let (batch, classes) = (z.shape[0], z.shape[1])
  var p = z
  for n in 0..<batch {
    var m = z[n, 0]
    for k in 0..<classes { m = max(m, z[n, k]) }
    var total: T = 0
    for k in 0..<classes { total += T(exp(Double(z[n, k] - m))) }
    for k in 0..<classes { p[n, k] = T(exp(Double(z[n, k] - m))) / total }
  }
  return p
}

/// Mean softmax cross-entropy written like its formula: the scalar reference for
/// `CNNCore.softmaxCrossEntropy`.
///
/// ```
///   L = (1/N) Σ_n ( m_n + log Σ_j e^(z[n, j] − m_n) − z[n, y_n] )
/// ```
///
///     // z = [[0, 0]], y = [1]: L = 0 + log(1 + 1) − 0 = log 2 = 0.6931472
@inlinable
public func softmaxCrossEntropyReference<T: BinaryFloatingPoint & Sendable>(
  logits z: Tensor<T>, labels: [Int]
) -> T {
  let (batch, classes) = (z.shape[0], z.shape[1])
  var total: T = 0
  for n in 0..<batch {
    var m = z[n, 0]
    for k in 0..<classes { m = max(m, z[n, k]) }
    var sum: T = 0
    for k in 0..<classes { sum += T(exp(Double(z[n, k] - m))) }
    total += m + T(log(Double(sum))) - z[n, labels[n]]
  }
  return total / T(batch)
}

/// The gradient of the mean softmax cross-entropy: the scalar reference for
/// `CNNCore.softmaxCrossEntropyBackward` (here from the logits).
///
/// ```
///   ∂L/∂z[n, k] = (p[n, k] − [k = y_n]) / N
/// ```
///
///     // z = [[0, 0]], y = [1]: p = [[0.5, 0.5]] → [[0.5, −0.5]]
@inlinable
public func softmaxCrossEntropyBackwardReference<T: BinaryFloatingPoint & Sendable>(
  logits z: Tensor<T>, labels: [Int]
) -> Tensor<T> {
  let (batch, classes) = (z.shape[0], z.shape[1])
  var dz = softmaxReference(z)
  for n in 0..<batch {
    for k in 0..<classes {
      dz[n, k] = (dz[n, k] - (k == labels[n] ? 1 : 0)) / T(batch)
    }
  }
  return dz
}
