/// Single-precision matrix product, row-major:
///
/// ```
///   C[i, j] = β·C[i, j] + Σ_p  A[i, p] · B[p, j]        A: (M, K)  B: (K, N)  C: (M, N)
/// ```
/// with `β = 1` when `accumulate` is true and `β = 0` otherwise. `transposeA` reads `A`
/// stored as (K, M); `transposeB` reads `B` stored as (N, K). `lda`, `ldb`, `ldc` are
/// the row strides of the matrices as stored.
///
/// The scalar reference is `gemmReference` below; the two agree to rounding.
/// Each `C[i, j]` is summed in increasing `p`, independent of the thread count.
public func gemm(
  m: Int, n: Int, k: Int,
  a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
  b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false
) {
  gemmReference(
    m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA, b: b, ldb: ldb,
    transposeB: transposeB, c: c, ldc: ldc, accumulate: accumulate)
}

/// The scalar reference for `gemm`: three loops, exactly the formula.
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

/// `A · B` for rank-2 tensors: (M, K) · (K, N) → (M, N).
public func matmul(_ a: Tensor<Float>, _ b: Tensor<Float>) -> Tensor<Float> {
  precondition(a.rank == 2 && b.rank == 2 && a.shape[1] == b.shape[0],
               "matmul needs (M, K)·(K, N), got \(a.shape)·\(b.shape)")
  let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
  var c = Tensor<Float>(zeros: [m, n])
  a.scalars.withUnsafeBufferPointer { pa in
    b.scalars.withUnsafeBufferPointer { pb in
      c.scalars.withUnsafeMutableBufferPointer { pc in
        gemm(m: m, n: n, k: k, a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: n,
             c: pc.baseAddress!, ldc: n)
      }
    }
  }
  return c
}
