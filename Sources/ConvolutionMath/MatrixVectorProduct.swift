import CNNCore

/// The product of a matrix and a vector: `y[i] = Σ_j A[i, j]·v[j]`, one term at a time.
///
///     matrixVectorProduct(Tensor<Double>(rows: [[1, 2], [3, 4]]), [1, 1])   // [3, 7]
///
/// - Precondition: `a` has rank 2 and as many columns as `v` has entries.
@inlinable
public func matrixVectorProduct<T: BinaryFloatingPoint & Sendable>(
  _ a: Tensor<T>, _ v: [T]
) -> [T] {
  precondition(
    a.rank == 2 && a.shape[1] == v.count,
    "matrixVectorProduct needs an (M, N) matrix and N entries, got \(a.shape) and \(v.count)")
  var y = [T](repeating: 0, count: a.shape[0])
  for i in 0..<a.shape[0] {
    for j in 0..<a.shape[1] {
      y[i] += a[i, j] * v[j]
    }
  }
  return y
}
