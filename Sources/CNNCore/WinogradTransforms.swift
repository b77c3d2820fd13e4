// The three transforms of Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray, "Fast
// Algorithms for Convolutional Neural Networks", 2015), used by `conv2dWinograd`.
//
// Shapes: d = a 4×4 input tile, g = a 3×3 filter, Y = the 2×2 outputs of that tile.
//
// One dimension first. F(2, 3) computes two outputs of a 3-tap correlation,
// y0 = d0·g0 + d1·g1 + d2·g2 and y1 = d1·g0 + d2·g1 + d3·g2, with 4 multiplications instead of 6:
//
//   m1 = (d0 − d2)·g0            m2 = (d1 + d2)·(g0 + g1 + g2)/2
//   m4 = (d1 − d3)·g2            m3 = (d2 − d1)·(g0 − g1 + g2)/2
//   y0 = m1 + m2 + m3            y1 = m2 − m3 − m4
//
// Example: d = [1, 2, 3, 4], g = [1, 0, −1]:
//   m1 = (1 − 3)·1 = −2,   m2 = (2 + 3)·(1 + 0 − 1)/2 = 0,
//   m3 = (3 − 2)·(1 − 0 − 1)/2 = 0,   m4 = (2 − 4)·(−1) = 2
//   y0 = −2 + 0 + 0 = −2,   y1 = 0 − 0 − 2 = −2
//   (directly: y0 = 1·1 + 2·0 + 3·(−1) = −2, y1 = 2·1 + 3·0 + 4·(−1) = −2)
//
// As matrices, y = Aᵀ [(G g) ⊙ (Bᵀ d)] with ⊙ the element-wise product:
//
//        ⎡1  0 −1  0⎤        ⎡ 1    0    0 ⎤
//   Bᵀ = ⎢0  1  1  0⎥    G = ⎢1/2  1/2  1/2⎥    Aᵀ = ⎡1  1  1  0⎤
//        ⎢0 −1  1  0⎥        ⎢1/2 −1/2  1/2⎥         ⎣0  1 −1 −1⎦
//        ⎣0  1  0 −1⎦        ⎣ 0    0    1 ⎦
//
// Nesting the 1-D algorithm with itself gives the 2-D one, F(2×2, 3×3):
//
//   Y = Aᵀ [ U ⊙ V ] A        U = G g Gᵀ (4×4),   V = Bᵀ d B (4×4)
//
// 16 multiplications for 4 outputs instead of 4·9 = 36: 2.25× fewer. Over C channels the
// products add up before the (linear) output transform, so for K filters and T tiles
//
//   M_ξ = U_ξ · V_ξ    (K × C) · (C × T),   one matrix product for each ξ = (a, b) in 4×4
//
// and Y of filter k, tile t is Aᵀ M[·, k, t] A. The transforms use only additions and halvings,
// but they change how the terms are rounded: `conv2dWinograd` does not sum in the reference's
// order, and its error is a few times that of a plain sum (see its documentation).

/// `U = G g Gᵀ` of one 3×3 filter `g` (row-major, `g[r·3 + s]`), computed in Double and
/// rounded once: `u[(a·4 + b)·stride]` receives `U[a, b]`.
///
///     // g = [[1, 0, −1], [0, 0, 0], [0, 0, 0]]: G g = [[1, 0, −1], [1/2, 0, −1/2] ×2, [0, 0, 0]]
///     // U row 0 = [1, (1 + 0 − 1)/2, (1 − 0 − 1)/2, −1] = [1, 0, 0, −1]
@inline(__always)
func winogradFilterTransform2(
  _ g: (Double, Double, Double, Double, Double, Double, Double, Double, Double),
  into u: UnsafeMutablePointer<Float>, stride: Int
) {
  // h = G g (4×3): column by column.
  func column(_ g0: Double, _ g1: Double, _ g2: Double) -> (Double, Double, Double, Double) {
    (g0, (g0 + g1 + g2) * 0.5, (g0 - g1 + g2) * 0.5, g2)
  }
  let c0 = column(g.0, g.3, g.6), c1 = column(g.1, g.4, g.7), c2 = column(g.2, g.5, g.8)
  // U = h Gᵀ (4×4): row a of h is (c0.a, c1.a, c2.a).
  func row(_ a: Int, _ h0: Double, _ h1: Double, _ h2: Double) {
    u[(a * 4 + 0) * stride] = Float(h0)
    u[(a * 4 + 1) * stride] = Float((h0 + h1 + h2) * 0.5)
    u[(a * 4 + 2) * stride] = Float((h0 - h1 + h2) * 0.5)
    u[(a * 4 + 3) * stride] = Float(h2)
  }
  row(0, c0.0, c1.0, c2.0)
  row(1, c0.1, c1.1, c2.1)
  row(2, c0.2, c1.2, c2.2)
  row(3, c0.3, c1.3, c2.3)
}

/// `V = Bᵀ d B` of 8 neighbouring tiles at once, one tile per vector lane.
///
/// Tile `l`'s 4×4 input is `d[i, j] = strip[i·rowStride + 2·l + j]`: the tiles overlap by two
/// columns. `v[(a·4 + b)·stride + l]` receives `V[a, b]` of tile `l`.
@inline(__always)
func winogradInputTransform2(
  _ strip: UnsafePointer<Float>, rowStride: Int, into v: UnsafeMutablePointer<Float>,
  stride: Int
) {
  // e = d B, row by row: the columns j of the 8 tiles are the even and odd lanes of 16
  // consecutive values from column 0 (j = 0, 1) and column 2 (j = 2, 3).
  @inline(__always)
  func row(_ p: UnsafePointer<Float>) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
    let a = load16(p), b = load16(p + 2)
    let d0 = a.evenHalf, d1 = a.oddHalf, d2 = b.evenHalf, d3 = b.oddHalf
    return (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
  }
  let e0 = row(strip), e1 = row(strip + rowStride)
  let e2 = row(strip + 2 * rowStride), e3 = row(strip + 3 * rowStride)
  // V = Bᵀ e, column by column.
  @inline(__always)
  func column(
    _ b: Int, _ x0: SIMD8<Float>, _ x1: SIMD8<Float>, _ x2: SIMD8<Float>, _ x3: SIMD8<Float>
  ) {
    store8(x0 - x2, v + b * stride)
    store8(x1 + x2, v + (4 + b) * stride)
    store8(x2 - x1, v + (8 + b) * stride)
    store8(x1 - x3, v + (12 + b) * stride)
  }
  column(0, e0.0, e1.0, e2.0, e3.0)
  column(1, e0.1, e1.1, e2.1, e3.1)
  column(2, e0.2, e1.2, e2.2, e3.2)
  column(3, e0.3, e1.3, e2.3, e3.3)
}

/// `Y = Aᵀ M A` of 8 neighbouring tiles, one per lane: `M[a, b]` of tile `l` is
/// `m[(a·4 + b)·stride + l]`. Returns the rows of Y: `(Y[0, 0], Y[0, 1], Y[1, 0], Y[1, 1])`.
@inline(__always)
func winogradOutputTransform2(
  _ m: UnsafePointer<Float>, stride: Int
) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
  // s = M A, row a: (M[a,0] + M[a,1] + M[a,2], M[a,1] − M[a,2] − M[a,3]).
  @inline(__always)
  func row(_ a: Int) -> (SIMD8<Float>, SIMD8<Float>) {
    let m0 = load8(m + 4 * a * stride), m1 = load8(m + (4 * a + 1) * stride)
    let m2 = load8(m + (4 * a + 2) * stride), m3 = load8(m + (4 * a + 3) * stride)
    return (m0 + m1 + m2, m1 - m2 - m3)
  }
  let s0 = row(0), s1 = row(1), s2 = row(2), s3 = row(3)
  // Y = Aᵀ s.
  return (
    s0.0 + s1.0 + s2.0, s0.1 + s1.1 + s2.1,
    s1.0 - s2.0 - s3.0, s1.1 - s2.1 - s3.1
  )
}

/// The 16 floats at `p ..< p + 16` as one vector.
@inline(__always)
func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

/// `[a0, b0, a1, b1, …, a7, b7]`: two rows of per-tile outputs as one row of the image.
@inline(__always)
func interleave(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD16<Float> {
  SIMD16(
    a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3], a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7])
}
