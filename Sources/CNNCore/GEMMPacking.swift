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
        // B[p, j] = b[j·ldb + p]: each column is read forward. Full panels go eight steps by
        // eight columns at a time through a register transpose; the rest element by element.
        var p = 0
        if columns == nr {
          while p + 8 <= kb {
            for half in 0..<2 {
              let src = b + (j0 + 8 * half) * ldb + p0 + p
              transposeEight(from: src, stride: ldb, to: dst + p * nr + 8 * half, outStride: nr)
            }
            p += 8
          }
        }
        for c in 0..<columns {
          let src = b + (j0 + c) * ldb + p0
          for q in p..<kb { dst[q * nr + c] = src[q] }
        }
        for c in columns..<nr {
          for q in p..<kb { dst[q * nr + c] = 0 }
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

/// `out[i·outStride + r] = src[r·stride + i]` for r, i in 0..<8: an 8×8 block transposed in
/// registers, by three perfect unshuffles.
///
/// Element (r, i) of the eight rows sits at bit position r₂r₁r₀i₂i₁i₀; taking the even and then
/// the odd elements of each pair of rows moves the lowest bit to the top (→ i₀r₂r₁r₀i₂i₁), and
/// three such steps give i₂i₁i₀r₂r₁r₀: row i of the result is column i of the input.
///
/// The unshuffles are `evenLanes` and `oddLanes`, a `vshufps` and a `vpermpd` each after
/// inlining (24 of each in `gemmPackB`, objdump). The standard library's `SIMD16.evenHalf` /
/// `oddHalf` stayed calls here, to a function taking its vector in four 128-bit halves, 24
/// calls per transpose.
@inline(__always)
func transposeEight(
  from src: UnsafePointer<Float>, stride: Int, to out: UnsafeMutablePointer<Float>,
  outStride: Int
) {
  var v0 = load8(src), v1 = load8(src + stride), v2 = load8(src + 2 * stride)
  var v3 = load8(src + 3 * stride), v4 = load8(src + 4 * stride), v5 = load8(src + 5 * stride)
  var v6 = load8(src + 6 * stride), v7 = load8(src + 7 * stride)
  for _ in 0..<3 {
    let a = SIMD16(lowHalf: v0, highHalf: v1), b = SIMD16(lowHalf: v2, highHalf: v3)
    let c = SIMD16(lowHalf: v4, highHalf: v5), d = SIMD16(lowHalf: v6, highHalf: v7)
    (v0, v1, v2, v3) = (evenLanes(a), evenLanes(b), evenLanes(c), evenLanes(d))
    (v4, v5, v6, v7) = (oddLanes(a), oddLanes(b), oddLanes(c), oddLanes(d))
  }
  store8(v0, out); store8(v1, out + outStride); store8(v2, out + 2 * outStride)
  store8(v3, out + 3 * outStride); store8(v4, out + 4 * outStride)
  store8(v5, out + 5 * outStride); store8(v6, out + 6 * outStride)
  store8(v7, out + 7 * outStride)
}
