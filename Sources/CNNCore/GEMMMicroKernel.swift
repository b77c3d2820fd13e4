// The register-blocked heart of `gemm`: a 6 × 16 tile of C held in twelve `SIMD8<Float>`
// registers while it is updated `kb` times from one packed panel of A and one of B.
//
//   for p in 0 ..< kb:                          (in increasing p, one fused multiply–add each)
//     C[r, 0..<8]  += A[r, p] · B[p, 0..<8]     r = 0 ..< 6
//     C[r, 8..<16] += A[r, p] · B[p, 8..<16]
//
// Twelve accumulators, two B vectors and one broadcast A value use 15 of the 16 AVX2 registers.
// Each step is 12 `vfmadd231ps` for 2 vector loads and 6 broadcasts, so the two FMA units
// stay busy. With AVX2 + FMA enabled (see Package.swift) `addingProduct` is one instruction.

/// `C[0..<6, 0..<16] = (load ? C : 0) + Σ_p a[p·6 + r] · b[p·16 + j]` on a full tile.
///
/// `a` is a packed A panel (6 values per step), `b` a packed B panel (16 values per step);
/// `c` is row-major with row stride `ldc`. Each element is summed in increasing `p`.
@inline(never)
func gemmMicroKernel6x16(
  kb: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
  c: UnsafeMutablePointer<Float>, ldc: Int, load: Bool
) {
  var c00 = SIMD8<Float>(), c01 = SIMD8<Float>()
  var c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
  var c20 = SIMD8<Float>(), c21 = SIMD8<Float>()
  var c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
  var c40 = SIMD8<Float>(), c41 = SIMD8<Float>()
  var c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
  let r0 = c, r1 = c + ldc, r2 = c + 2 * ldc, r3 = c + 3 * ldc, r4 = c + 4 * ldc
  let r5 = c + 5 * ldc
  if load {
    c00 = load8(r0); c01 = load8(r0 + 8)
    c10 = load8(r1); c11 = load8(r1 + 8)
    c20 = load8(r2); c21 = load8(r2 + 8)
    c30 = load8(r3); c31 = load8(r3 + 8)
    c40 = load8(r4); c41 = load8(r4 + 8)
    c50 = load8(r5); c51 = load8(r5 + 8)
  }
  var pa = a, pb = b
  for _ in 0..<kb {
    let b0 = load8(pb), b1 = load8(pb + 8)
    var x = SIMD8<Float>(repeating: pa[0])
    c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
    x = SIMD8<Float>(repeating: pa[1])
    c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
    x = SIMD8<Float>(repeating: pa[2])
    c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
    x = SIMD8<Float>(repeating: pa[3])
    c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
    x = SIMD8<Float>(repeating: pa[4])
    c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
    x = SIMD8<Float>(repeating: pa[5])
    c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
    pa += 6
    pb += 16
  }
  store8(c00, r0); store8(c01, r0 + 8)
  store8(c10, r1); store8(c11, r1 + 8)
  store8(c20, r2); store8(c21, r2 + 8)
  store8(c30, r3); store8(c31, r3 + 8)
  store8(c40, r4); store8(c41, r4 + 8)
  store8(c50, r5); store8(c51, r5 + 8)
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
