import CNNCore

/// The product of two matrices, written as its formula: the generic scalar counterpart of
/// `CNNCore.matmul` (which is Float32 and blocked).
///
/// ```
///   c[i, j] = Σ_l  a[i, l] · b[l, j]
///
///   a: (M, L)   b: (L, N)   c: (M, N)
/// ```
///
///     try matmulReference(Tensor<Double>(rows: [[1, 2]]), Tensor(rows: [[3], [4]])).rows
///     // [[11]]      (1·3 + 2·4)
///
/// - Throws: `GeometryError` if a tensor is not rank 2 or the inner sizes differ.
@inlinable
public func matmulReference<T: BinaryFloatingPoint & Sendable>(
  _ a: Tensor<T>, _ b: Tensor<T>
) throws -> Tensor<T> {
  try requireRank(a, 2, "left matrix a", legend: "(M, L)")
  try requireRank(b, 2, "right matrix b", legend: "(L, N)")
  try requireEqual(a.shape[1], b.shape[0], "columns of a and rows of b (the inner size L)")
  let (m, inner, n) = (a.shape[0], a.shape[1], b.shape[1])
  var c = Tensor<T>(zeros: [m, n])
  for i in 0..<m {
    for j in 0..<n {
      var sum: T = 0
      for l in 0..<inner {
        sum += a[i, l] * b[l, j]
      }
      c[i, j] = sum
    }
  }
  return c
}
