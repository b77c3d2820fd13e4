// Packing for `gemm`: the operands are copied, once per call, into the order in which the
// micro-kernel reads them, so that its inner loop walks memory strictly forward.
//
//   A (M × K) → panels of MR = 6 rows;    panel i, step p holds A[6i ..< 6i+6, p]
//   B (K × N) → panels of NR = 16 columns; panel j, step p holds B[p, 16j ..< 16j+16]
//
// K is cut into blocks of at most `GEMMBlocking.kc` steps. Block `[p0, p0 + kb)` of the packed
// A starts at `p0 · Mpad` and holds its panels one after another, `MR · kb` values each
// (Mpad = M rounded up to a multiple of MR); the packed B likewise with `p0 · Npad`. Rows
// and columns past the matrix edge are packed as zeros, so the micro-kernel always runs on a
// full tile. Transposes are resolved here: the kernel only ever sees packed panels.

/// Tile and block sizes of `gemm`. They depend on nothing but these constants and the
/// problem size, so the order in which each `C[i, j]` is summed is fixed.
enum GEMMBlocking {
  /// Rows of the micro-tile (one broadcast of A each).
  static let mr = 6
  /// Columns of the micro-tile (two `SIMD8<Float>` registers).
  static let nr = 16
  /// Steps of K per block: a 16 KB panel of B (256 · 16 · 4 bytes) stays in L1.
  static let kc = 256
  /// Rows of C per parallel tile: a 96 KB block of A (96 · 256 · 4 bytes) stays in L2.
  static let mc = 96

  /// `value` rounded up to a multiple of `multiple`.
  @inline(__always)
  static func roundUp(_ value: Int, _ multiple: Int) -> Int {
    (value + multiple - 1) / multiple * multiple
  }
}

/// Packs the row panels `panels` of `A` (all K blocks) into `packed`.
///
/// `A[i, p]` is `a[i·lda + p]`, or `a[p·lda + i]` when `transposed`.
func gemmPackA(
  m: Int, k: Int, a: UnsafePointer<Float>, lda: Int, transposed: Bool,
  panels: Range<Int>, into packed: UnsafeMutablePointer<Float>
) {
  let mr = GEMMBlocking.mr
  let mPadded = GEMMBlocking.roundUp(m, mr)
  var p0 = 0
  while p0 < k {
    let kb = min(GEMMBlocking.kc, k - p0)
    for panel in panels {
      let i0 = panel * mr
      let rows = min(mr, m - i0)
      let dst = packed + p0 * mPadded + panel * mr * kb
      if transposed {
        // A[i, p] = a[p·lda + i]: each step reads `rows` contiguous values.
        for p in 0..<kb {
          let src = a + (p0 + p) * lda + i0
          let out = dst + p * mr
          for r in 0..<rows { out[r] = src[r] }
          for r in rows..<mr { out[r] = 0 }
        }
      } else {
        // A[i, p] = a[i·lda + p]: each row is read forward and scattered with stride MR.
        for r in 0..<rows {
          let src = a + (i0 + r) * lda + p0
          for p in 0..<kb { dst[p * mr + r] = src[p] }
        }
        for r in rows..<mr {
          for p in 0..<kb { dst[p * mr + r] = 0 }
        }
      }
    }
    p0 += kb
  }
}

/// Packs the column panels `panels` of `B` (all K blocks) into `packed`.
///
/// `B[p, j]` is `b[p·ldb + j]`, or `b[j·ldb + p]` when `transposed`.
func gemmPackB(
  n: Int, k: Int, b: UnsafePointer<Float>, ldb: Int, transposed: Bool,
  panels: Range<Int>, into packed: UnsafeMutablePointer<Float>
) {
  let nr = GEMMBlocking.nr
  let nPadded = GEMMBlocking.roundUp(n, nr)
  var p0 = 0
  while p0 < k {
    let kb = min(GEMMBlocking.kc, k - p0)
    for panel in panels {
      let j0 = panel * nr
      let columns = min(nr, n - j0)
      let dst = packed + p0 * nPadded + panel * nr * kb
      if transposed {
        // B[p, j] = b[j·ldb + p]: each column is read forward, scattered with stride NR.
        for c in 0..<columns {
          let src = b + (j0 + c) * ldb + p0
          for p in 0..<kb { dst[p * nr + c] = src[p] }
        }
        for c in columns..<nr {
          for p in 0..<kb { dst[p * nr + c] = 0 }
        }
      } else if columns == nr {
        // B[p, j] = b[p·ldb + j]: a full panel step is two vector copies.
        for p in 0..<kb {
          let src = UnsafeRawPointer(b + (p0 + p) * ldb + j0)
          let out = UnsafeMutableRawPointer(dst + p * nr)
          out.storeBytes(of: src.loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
          out.storeBytes(
            of: src.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self),
            toByteOffset: 32, as: SIMD8<Float>.self)
        }
      } else {
        for p in 0..<kb {
          let src = b + (p0 + p) * ldb + j0
          let out = dst + p * nr
          for c in 0..<columns { out[c] = src[c] }
          for c in columns..<nr { out[c] = 0 }
        }
      }
    }
    p0 += kb
  }
}
