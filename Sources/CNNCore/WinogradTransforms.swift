// Winograd's minimal filtering F(m×m, r×r) (Lavin & Gray, "Fast Algorithms for Convolutional
// Neural Networks", 2015), used by `conv2dWinograd`: the method, the `WinogradTiling` protocol
// of its three transforms, and F(2×2, 3×3). F(4×4, 3×3) is in WinogradF4x4.swift, F(2×2, 5×5)
// in WinogradF2x2Kernel5.swift.
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
//
// Larger tiles save more: F(4×4, 3×3) reads 6×6 inputs and needs 36 multiplications for 16
// outputs (4× fewer than 144), but its transforms hold the constants 4, 5, 1/6, 1/24 and 8,
// which magnify rounding errors.

/// The taps of one r×r filter, read in Double: `g[r, s]` is `base[r·rowStride + s·columnStride]`
/// (negative strides read a filter turned by 180°).
struct WinogradFilterTaps {
  let base: UnsafePointer<Float>
  let rowStride: Int, columnStride: Int

  @inline(__always)
  subscript(_ r: Int, _ s: Int) -> Double { Double(base[r * rowStride + s * columnStride]) }
}

/// One Winograd algorithm F(m×m, r×r): its tile sizes and its three transforms, the input and
/// output ones on 8 tiles at once (one tile per `SIMD8` lane). F(2×2, 3×3) and F(4×4, 3×3)
/// here and in WinogradF4x4.swift, F(2×2, 5×5) in WinogradF2x2Kernel5.swift.
///
/// Positions ξ = a·α + b of the α×α transformed tiles are stored `stride` apart.
protocol WinogradTiling: SendableMetatype {
  /// m, the outputs per tile side.
  static var outputTile: Int { get }
  /// α = m + r − 1, the inputs per tile side.
  static var inputTile: Int { get }

  /// `U = G g Gᵀ` of one filter, computed in Double and rounded once: `u[ξ·stride] = U_ξ`.
  static func transformFilter(
    _ g: WinogradFilterTaps, into u: UnsafeMutablePointer<Float>, stride: Int)

  /// The first half of `V = Bᵀ d B`, down the columns: `f_a = Σ_i Bᵀ[a, i]·row_i` on 8
  /// neighbouring columns, row i of the tile row being at `ring + ((first + i) % α)·slot`;
  /// `f[a·stride ..< a·stride + 8]` receives `f_a`.
  static func transformInputColumns(
    ring: UnsafePointer<Float>, first: Int, slot: Int, into f: UnsafeMutablePointer<Float>,
    stride: Int)

  /// The second half, `V[a, ·] = f_a B`, along the rows, for 8 tiles (one per lane) of one
  /// row a: the α columns of tile l are read m at a time from spans `spanStride` apart, column
  /// j at `columns[(j / m)·spanStride + m·l + j % m]` (span 0 holds the tile's own m columns,
  /// the next ones those that begin the following tiles); `v[b·stride + l]` receives `V[a, b]`.
  static func transformInputRows(
    _ columns: UnsafePointer<Float>, spanStride: Int, into v: UnsafeMutablePointer<Float>,
    stride: Int)

  /// `Y = Aᵀ M A + bias` for 8 tiles: `M_ξ` of tile l is `m[ξ·stride + l]`; output (i, j) of
  /// tile l goes to `out[i·outStride + m·l + j]` (so each `out` row is a row of the image).
  static func transformOutput(
    _ m: UnsafePointer<Float>, stride: Int, bias: SIMD8<Float>,
    into out: UnsafeMutablePointer<Float>, outStride: Int)
}

extension WinogradTiling {
  /// r = α − m + 1, the kernel size.
  static var kernelSize: Int { inputTile - outputTile + 1 }

  /// ⌈α/m⌉, the spans of m columns that hold a tile's α input columns.
  static var spans: Int { (inputTile + outputTile - 1) / outputTile }
}

/// F(2×2, 3×3): 4×4 input tiles, 2×2 outputs, 16 products (the matrices above).
enum WinogradF2x2: WinogradTiling {
  static let outputTile = 2, inputTile = 4

  /// `U = G g Gᵀ` with G's rows (1, 0, 0), (½, ½, ½), (½, −½, ½), (0, 0, 1).
  ///
  ///     // g = [[1, 0, −1], [0, 0, 0], [0, 0, 0]]: G g = [[1, 0, −1], [½, 0, −½] ×2, [0, 0, 0]]
  ///     // U row 0 = [1, (1 + 0 − 1)/2, (1 − 0 − 1)/2, −1] = [1, 0, 0, −1]
  @inline(__always)
  static func transformFilter(
    _ g: WinogradFilterTaps, into u: UnsafeMutablePointer<Float>, stride: Int
  ) {
    // h = G g (4×3): column by column.
    func column(_ g0: Double, _ g1: Double, _ g2: Double) -> (Double, Double, Double, Double) {
      (g0, (g0 + g1 + g2) * 0.5, (g0 - g1 + g2) * 0.5, g2)
    }
    let c0 = column(g[0, 0], g[1, 0], g[2, 0]), c1 = column(g[0, 1], g[1, 1], g[2, 1])
    let c2 = column(g[0, 2], g[1, 2], g[2, 2])
    // U = h Gᵀ (4×4): row a of h is (c0.a, c1.a, c2.a).
    func row(_ a: Int, _ h0: Double, _ h1: Double, _ h2: Double) {
      let r = column(h0, h1, h2)
      u[(a * 4) * stride] = Float(r.0)
      u[(a * 4 + 1) * stride] = Float(r.1)
      u[(a * 4 + 2) * stride] = Float(r.2)
      u[(a * 4 + 3) * stride] = Float(r.3)
    }
    row(0, c0.0, c1.0, c2.0)
    row(1, c0.1, c1.1, c2.1)
    row(2, c0.2, c1.2, c2.2)
    row(3, c0.3, c1.3, c2.3)
  }

  /// The rows of Bᵀ applied to 4 values: `(d0 − d2, d1 + d2, d2 − d1, d1 − d3)`.
  @inline(__always)
  static func combine(
    _ d0: SIMD8<Float>, _ d1: SIMD8<Float>, _ d2: SIMD8<Float>, _ d3: SIMD8<Float>
  ) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
    (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
  }

  @inline(__always)
  static func transformInputColumns(
    ring: UnsafePointer<Float>, first: Int, slot: Int, into f: UnsafeMutablePointer<Float>,
    stride: Int
  ) {
    let r = combine(
      load8(ring + (first % 4) * slot), load8(ring + ((first + 1) % 4) * slot),
      load8(ring + ((first + 2) % 4) * slot), load8(ring + ((first + 3) % 4) * slot))
    store8(r.0, f)
    store8(r.1, f + stride)
    store8(r.2, f + 2 * stride)
    store8(r.3, f + 3 * stride)
  }

  @inline(__always)
  static func transformInputRows(
    _ columns: UnsafePointer<Float>, spanStride: Int, into v: UnsafeMutablePointer<Float>,
    stride: Int
  ) {
    // Columns 0, 1 of the 8 tiles are the even and odd lanes of 16 values of span 0; columns
    // 2, 3 those of span 1.
    let a = load16(columns), b = load16(columns + spanStride)
    let r = combine(evenLanes(a), oddLanes(a), evenLanes(b), oddLanes(b))
    store8(r.0, v)
    store8(r.1, v + stride)
    store8(r.2, v + 2 * stride)
    store8(r.3, v + 3 * stride)
  }

  /// `Y = Aᵀ M A` with Aᵀ's rows (1, 1, 1, 0) and (0, 1, −1, −1).
  @inline(__always)
  static func transformOutput(
    _ m: UnsafePointer<Float>, stride: Int, bias: SIMD8<Float>,
    into out: UnsafeMutablePointer<Float>, outStride: Int
  ) {
    // s = M A, row a: (M[a,0] + M[a,1] + M[a,2], M[a,1] − M[a,2] − M[a,3]).
    @inline(__always)
    func row(_ a: Int) -> (SIMD8<Float>, SIMD8<Float>) {
      let m0 = load8(m + 4 * a * stride), m1 = load8(m + (4 * a + 1) * stride)
      let m2 = load8(m + (4 * a + 2) * stride), m3 = load8(m + (4 * a + 3) * stride)
      return (m0 + m1 + m2, m1 - m2 - m3)
    }
    let s0 = row(0), s1 = row(1), s2 = row(2), s3 = row(3)
    // Y = Aᵀ s, plus the bias; each row of Y interleaves its two columns.
    let y00 = s0.0 + s1.0 + s2.0 + bias, y01 = s0.1 + s1.1 + s2.1 + bias
    let y10 = s1.0 - s2.0 - s3.0 + bias, y11 = s1.1 - s2.1 - s3.1 + bias
    store16(interleave(y00, y01), out)
    store16(interleave(y10, y11), out + outStride)
  }
}

/// `[a0, b0, a1, b1, …, a7, b7]`: two rows of per-tile outputs as one row of the image.
@inline(__always)
func interleave(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD16<Float> {
  SIMD16(
    a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3], a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7])
}
