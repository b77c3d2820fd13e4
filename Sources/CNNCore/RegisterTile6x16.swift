// The register tile shared by `gemm`'s micro-kernel and the direct convolution paths: six rows
// of sixteen Float sums in twelve `SIMD8<Float>` registers, updated by rank-one steps
//
//   row r (r = 0 ..< 6), columns 0 ..< 16 held as (lo_r, hi_r):
//   add(s, times: u, v):   lo_r += s_r · u     hi_r += s_r · v     (one fused multiply–add each)
//
// Twelve accumulators, the two column vectors u, v and one broadcast s_r use 15 of the 16 AVX2
// registers; a step is 12 `vfmadd231ps` for 2 vector loads and 6 broadcasts, which keeps both
// FMA units busy. What a row and a column mean is the caller's: for gemm a row of C and 16 of
// its columns; for the direct convolutions six filters × 16 positions or six positions × 16
// filters. Each sum is updated in the order of the calls, so the callers fix their results'
// rounding by the order in which they step.

/// Six rows × 16 columns of running Float sums, kept in registers while a loop updates them.
///
/// ```
///   add(s0 … s5, times: u, v):   T[r, 0..<8] += s_r · u,   T[r, 8..<16] += s_r · v
///   store(to: c, rowStride: ld): c[r·ld + j] = T[r, j]
/// ```
/// Written for loops whose body is one `add` per step; every method is `@inline(__always)` so
/// the twelve sums never leave their registers.
struct RegisterTile6x16 {
  var lo0, hi0, lo1, hi1, lo2, hi2, lo3, hi3, lo4, hi4, lo5, hi5: SIMD8<Float>

  /// Every row starts at the same sixteen values: `T[r, 0..<8] = u`, `T[r, 8..<16] = v`
  /// (zeros, or a bias per column).
  @inline(__always)
  init(everyRow u: SIMD8<Float>, _ v: SIMD8<Float>) {
    (lo0, hi0, lo1, hi1, lo2, hi2) = (u, v, u, v, u, v)
    (lo3, hi3, lo4, hi4, lo5, hi5) = (u, v, u, v, u, v)
  }

  /// Row `r` starts at `rowValues[r]` in all sixteen columns (a bias per row).
  @inline(__always)
  init(broadcastingRows rowValues: UnsafePointer<Float>) {
    lo0 = SIMD8(repeating: rowValues[0]); hi0 = lo0
    lo1 = SIMD8(repeating: rowValues[1]); hi1 = lo1
    lo2 = SIMD8(repeating: rowValues[2]); hi2 = lo2
    lo3 = SIMD8(repeating: rowValues[3]); hi3 = lo3
    lo4 = SIMD8(repeating: rowValues[4]); hi4 = lo4
    lo5 = SIMD8(repeating: rowValues[5]); hi5 = lo5
  }

  /// The tile as it stands in memory: `T[r, j] = c[r·rowStride + j]`.
  @inline(__always)
  init(loading c: UnsafePointer<Float>, rowStride: Int) {
    let (c1, c2, c3) = (c + rowStride, c + 2 * rowStride, c + 3 * rowStride)
    let (c4, c5) = (c + 4 * rowStride, c + 5 * rowStride)
    (lo0, hi0, lo1, hi1) = (load8(c), load8(c + 8), load8(c1), load8(c1 + 8))
    (lo2, hi2, lo3, hi3) = (load8(c2), load8(c2 + 8), load8(c3), load8(c3 + 8))
    (lo4, hi4, lo5, hi5) = (load8(c4), load8(c4 + 8), load8(c5), load8(c5 + 8))
  }

  /// One rank-one step: row `r` gains `s_r` times the sixteen columns `(u, v)`.
  @inline(__always)
  mutating func add(
    _ s0: Float, _ s1: Float, _ s2: Float, _ s3: Float, _ s4: Float, _ s5: Float,
    times u: SIMD8<Float>, _ v: SIMD8<Float>
  ) {
    var s = SIMD8<Float>(repeating: s0)
    lo0 = lo0.addingProduct(s, u); hi0 = hi0.addingProduct(s, v)
    s = SIMD8<Float>(repeating: s1)
    lo1 = lo1.addingProduct(s, u); hi1 = hi1.addingProduct(s, v)
    s = SIMD8<Float>(repeating: s2)
    lo2 = lo2.addingProduct(s, u); hi2 = hi2.addingProduct(s, v)
    s = SIMD8<Float>(repeating: s3)
    lo3 = lo3.addingProduct(s, u); hi3 = hi3.addingProduct(s, v)
    s = SIMD8<Float>(repeating: s4)
    lo4 = lo4.addingProduct(s, u); hi4 = hi4.addingProduct(s, v)
    s = SIMD8<Float>(repeating: s5)
    lo5 = lo5.addingProduct(s, u); hi5 = hi5.addingProduct(s, v)
  }

  /// `add` with the six row scalars read from `s[0 ..< 6]` (a packed panel step).
  @inline(__always)
  mutating func add(sixFrom s: UnsafePointer<Float>, times u: SIMD8<Float>, _ v: SIMD8<Float>) {
    add(s[0], s[1], s[2], s[3], s[4], s[5], times: u, v)
  }

  /// Writes the tile out: `c[r·rowStride + j] = T[r, j]`.
  @inline(__always)
  func store(to c: UnsafeMutablePointer<Float>, rowStride: Int) {
    let (c1, c2, c3) = (c + rowStride, c + 2 * rowStride, c + 3 * rowStride)
    let (c4, c5) = (c + 4 * rowStride, c + 5 * rowStride)
    store8(lo0, c); store8(hi0, c + 8)
    store8(lo1, c1); store8(hi1, c1 + 8)
    store8(lo2, c2); store8(hi2, c2 + 8)
    store8(lo3, c3); store8(hi3, c3 + 8)
    store8(lo4, c4); store8(hi4, c4 + 8)
    store8(lo5, c5); store8(hi5, c5 + 8)
  }
}
