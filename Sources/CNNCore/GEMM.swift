/// Single-precision matrix product, row-major:
///
/// ```
///   C[i, j] = β·C[i, j] + Σ_p  A[i, p] · B[p, j]        A: (M, K)  B: (K, N)  C: (M, N)
/// ```
/// with `β = 1` when `accumulate` is true and `β = 0` otherwise. `transposeA` reads `A`
/// stored as (K, M); `transposeB` reads `B` stored as (N, K). `lda`, `ldb`, `ldc` are
/// the row strides of the matrices as stored.
///
///     // A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]]
///     gemm(m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2, c: c, ldc: 2)
///     // C = [[1·5 + 2·7, 1·6 + 2·8], [3·5 + 4·7, 3·6 + 4·8]] = [[19, 22], [43, 50]]
///
/// How: both operands are packed into panels (transposes are resolved there), K is cut into
/// blocks of 256, and a 6 × 16 register-blocked `SIMD8<Float>` micro-kernel runs over the
/// tiles of C; threads (`Parallel.forEach`) split C into tiles of rows and columns, never K.
/// Each `C[i, j]` is therefore summed in increasing `p` by fused multiply–adds, in an order
/// fixed by the problem size alone: the result is bit-identical for any thread count.
///
/// The scalar reference is `gemmReference` below; the two agree to Float rounding.
/// - Complexity: `M·N·K` multiply–adds, plus `(M + N)·K` copies for the packing.
public func gemm(
  m: Int, n: Int, k: Int,
  a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
  b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false
) {
  gemmBlocked(
    m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA, b: b, ldb: ldb,
    transposeB: transposeB, c: c, ldc: ldc, accumulate: accumulate, threaded: true)
}

/// The scalar reference for `gemm`: three loops, exactly the formula
/// `C[i, j] = β·C[i, j] + Σ_p A[i, p] · B[p, j]`, each sum in increasing `p`.
public func gemmReference(
  m: Int, n: Int, k: Int,
  a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
  b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false
) {
  for i in 0..<m {
    for j in 0..<n {
      var sum: Float = accumulate ? c[i * ldc + j] : 0
      for p in 0..<k {
        let aip = transposeA ? a[p * lda + i] : a[i * lda + p]
        let bpj = transposeB ? b[j * ldb + p] : b[p * ldb + j]
        sum += aip * bpj
      }
      c[i * ldc + j] = sum
    }
  }
}

/// `A · B` for rank-2 tensors: (M, K) · (K, N) → (M, N), by `gemm`.
///
/// ```
///   C[i, j] = Σ_p A[i, p] · B[p, j]
/// ```
///
///     matmul(Tensor(rows: [[1, 2]]), Tensor(rows: [[3], [4]]))   // [[1·3 + 2·4]] = [[11]]
public func matmul(_ a: Tensor<Float>, _ b: Tensor<Float>) -> Tensor<Float> {
  precondition(
    a.rank == 2 && b.rank == 2 && a.shape[1] == b.shape[0],
    "matmul needs (M, K)·(K, N), got \(a.shape)·\(b.shape)")
  let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
  var c = Tensor<Float>(zeros: [m, n])
  guard m > 0 && n > 0 && k > 0 else { return c }  // no elements, or empty sums (= 0)
  a.scalars.withUnsafeBufferPointer { pa in
    b.scalars.withUnsafeBufferPointer { pb in
      c.scalars.withUnsafeMutableBufferPointer { pc in
        gemm(
          m: m, n: n, k: k, a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: n,
          c: pc.baseAddress!, ldc: n)
      }
    }
  }
  return c
}
