// The register-blocked heart of `gemm`: a 6 × 16 tile of C held in a `RegisterTile6x16`
// (twelve `SIMD8<Float>` registers) while it is updated `kb` times from one packed panel of A
// and one of B.
//
//   for p in 0 ..< kb:                          (in increasing p, one fused multiply–add each)
//     C[r, 0..<8]  += A[r, p] · B[p, 0..<8]     r = 0 ..< 6
//     C[r, 8..<16] += A[r, p] · B[p, 8..<16]
//
// With AVX2 + FMA enabled (see Package.swift) `addingProduct` is one instruction.

/// `C[0..<6, 0..<16] = (load ? C : 0) + Σ_p a[p·6 + r] · b[p·16 + j]` on a full tile.
///
/// `a` is a packed A panel (6 values per step), `b` a packed B panel (16 values per step);
/// `c` is row-major with row stride `ldc`. Each element is summed in increasing `p`.
@inline(never)
func gemmMicroKernel6x16(
  kb: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
  c: UnsafeMutablePointer<Float>, ldc: Int, load: Bool
) {
  var tile =
    load
    ? RegisterTile6x16(loading: c, rowStride: ldc)
    : RegisterTile6x16(everyRow: SIMD8(), SIMD8())
  var pa = a, pb = b
  for _ in 0..<kb {
    tile.add(sixFrom: pa, times: load8(pb), load8(pb + 8))
    pa += 6
    pb += 16
  }
  tile.store(to: c, rowStride: ldc)
}

/// The micro-kernel on a tile of which only `rows × columns` lie inside C: the valid part
/// goes through a 6 × 16 scratch tile, so every element sees exactly the same operations
/// as on a full tile (the padded rows and columns of the panels are zeros).
func gemmMicroKernelEdge(
  kb: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
  c: UnsafeMutablePointer<Float>, ldc: Int, load: Bool, rows: Int, columns: Int
) {
  withUnsafeTemporaryAllocation(of: Float.self, capacity: 6 * 16) { scratch in
    let t = scratch.baseAddress!
    t.initialize(repeating: 0, count: 6 * 16)
    if load {
      for r in 0..<rows {
        for j in 0..<columns { t[r * 16 + j] = c[r * ldc + j] }
      }
    }
    gemmMicroKernel6x16(kb: kb, a: a, b: b, c: t, ldc: 16, load: true)
    for r in 0..<rows {
      for j in 0..<columns { c[r * ldc + j] = t[r * 16 + j] }
    }
  }
}
