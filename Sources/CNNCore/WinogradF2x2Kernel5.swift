// F(2×2, 5×5): Winograd's minimal filtering for a 5×5 kernel, with 6×6 input tiles and 2×2
// outputs (the method is explained in WinogradTransforms.swift). 36 multiplications for 4
// outputs, against 4·25 = 100 directly: 2.78× fewer.
//
// Shapes: d = a 6×6 input tile, g = a 5×5 filter, Y = the 2×2 outputs of that tile.
//
// The matrices come from Toom–Cook at the interpolation points 0, 1, −1, 1/2, −2 and ∞. The
// usual choice 0, ±1, ±2 puts 4, 8 and 16 into the transforms; 1/2 in place of 2 keeps every
// constant within [1/15, 5/2] (G's largest is 16/15), and in a Float simulation (96 channels,
// inputs in [0, 1), He-scaled weights) the worst error fell from 2.7e-7 to 1.05e-7 of an
// output's Σ|w·x| (F(2×2, 3×3): 5.0e-8).
//
//        ⎡1 −3/2  −2   3/2  1  0⎤        ⎡   1      0      0      0      0  ⎤
//        ⎢0  −1   1/2  5/2  1  0⎥        ⎢  1/3    1/3    1/3    1/3    1/3 ⎥
//   Bᵀ = ⎢0   1  −5/2  1/2  1  0⎥    G = ⎢ −1/3    1/3   −1/3    1/3   −1/3 ⎥
//        ⎢0  −2   −1    2   1  0⎥        ⎢−16/15  −8/15  −4/15  −2/15  −1/15⎥
//        ⎢0  1/2  −1  −1/2  1  0⎥        ⎢ 1/15  −2/15   4/15  −8/15  16/15⎥
//        ⎣0   1  −3/2  −2  3/2 1⎦        ⎣   0      0      0      0      1  ⎦
//
//   Aᵀ = ⎡1  1   1   1    1  0⎤      (column i of Aᵀ: the powers p⁰, p¹ of point i; ∞ last)
//        ⎣0  1  −1  1/2  −2  1⎦
//
// 1-D check, F(2, 5) on d = [1, 2, 3, 4, 5, 6], g = [1, 0, 0, 0, −1] (so y_i = d_i − d_{i+4}
// = −4 for both outputs):
//   G g  = [1, (1 − 1)/3, (−1 + 1)/3, (−16 + 1)/15, (1 − 16)/15, −1] = [1, 0, 0, −1, −1, −1]
//   Bᵀ d = [1 − 3 − 6 + 6 + 5, −2 + 3/2 + 10 + 5, 2 − 15/2 + 2 + 5, −4 − 3 + 8 + 5,
//           1 − 3 − 2 + 5, 2 − 9/2 − 8 + 15/2 + 6] = [3, 29/2, 3/2, 6, 1, 3]
//   m = (G g) ⊙ (Bᵀ d) = [3, 0, 0, −6, −1, −3]
//   y = Aᵀ m = [3 + 0 + 0 − 6 − 1, 0 − 0 + (1/2)·(−6) − 2·(−1) − 3] = [−4, −4]
//
// In two dimensions, Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A, as for 3×3.

/// F(2×2, 5×5): 6×6 input tiles, 2×2 outputs, 36 products (the matrices above).
///
/// Rounding, in `conv2dWinograd` (forward and input gradient): the tests allow `1e-6 · S`
/// against the Double reference, S being `|b| + Σ_c (Σ |x| over the 6×6 window of the
/// output's tile)·(Σ_{r,s} |w[k, c]|)`.
enum WinogradF2x2Kernel5: WinogradSixInputs {
  static let outputTile = 2, inputTile = 6

  /// `U = G g Gᵀ`, in Double, rounded once: `h = g Gᵀ` row by row (row r of h is
  /// `Σ_s g[r, s]·(column s of G)`), then row a of U is `Σ_r G[a, r]·(row r of h)`, with the
  /// 6 columns of a row in the lanes of a `SIMD8<Double>`.
  ///
  ///     // g = 1 at (0, 0), 0 elsewhere: G g Gᵀ = (G's column 0)(G's column 0)ᵀ,
  ///     // U row 0 = [1, 1/3, −1/3, −16/15, 1/15, 0]
  @inline(__always)
  static func transformFilter(
    _ g: WinogradFilterTaps, into u: UnsafeMutablePointer<Float>, stride: Int
  ) {
    let (c0, c1, c2, c3, c4) = gColumns
    @inline(__always)
    func hRow(_ r: Int) -> SIMD8<Double> {
      transformFilterRow(g[r, 0], g[r, 1], g[r, 2], g[r, 3], g[r, 4])
    }
    let h0 = hRow(0), h1 = hRow(1), h2 = hRow(2), h3 = hRow(3), h4 = hRow(4)
    for a in 0..<6 {
      let row = (h0 * c0[a]).addingProduct(h1, c1[a]).addingProduct(h2, c2[a])
        .addingProduct(h3, c3[a]).addingProduct(h4, c4[a])
      for b in 0..<6 { u[(6 * a + b) * stride] = Float(row[b]) }
    }
  }

  /// The columns of G, column s in lanes 0 … 5 (lanes 6, 7 unused).
  static let gColumns:
    (SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>) = (
    SIMD8<Double>(1, 1.0 / 3, -1.0 / 3, -16.0 / 15, 1.0 / 15, 0, 0, 0),
    SIMD8<Double>(0, 1.0 / 3, 1.0 / 3, -8.0 / 15, -2.0 / 15, 0, 0, 0),
    SIMD8<Double>(0, 1.0 / 3, -1.0 / 3, -4.0 / 15, 4.0 / 15, 0, 0, 0),
    SIMD8<Double>(0, 1.0 / 3, 1.0 / 3, -2.0 / 15, -8.0 / 15, 0, 0, 0),
    SIMD8<Double>(0, 1.0 / 3, -1.0 / 3, -1.0 / 15, 16.0 / 15, 1, 0, 0))

  /// The 1-D filter transform `G·(g0, …, g4)`, in Double, in lanes 0 … 5.
  ///
  ///     // g = [1, 0, 0, 0, −1] (the 1-D check above): [1, 0, 0, −1, −1, −1]
  @inline(__always)
  static func transformFilterRow(
    _ g0: Double, _ g1: Double, _ g2: Double, _ g3: Double, _ g4: Double
  ) -> SIMD8<Double> {
    let (c0, c1, c2, c3, c4) = gColumns
    return (c0 * g0).addingProduct(c1, g1).addingProduct(c2, g2).addingProduct(c3, g3)
      .addingProduct(c4, g4)
  }

  /// The rows of Bᵀ applied to 6 values, with `t = d3 − d1` and `u = d4 − d2` shared:
  ///
  ///     row 0: d0 + d4 − 2·d2 + (3/2)·t        row 3: u + 2·t
  ///     row 1: u + t + (3/2)·(d2 + d3)          row 4: u − (1/2)·t
  ///     row 2: u − t + (3/2)·(d3 − d2)          row 5: d1 + d5 − 2·d3 + (3/2)·u
  ///
  /// (e.g. row 1 = d4 − d2 + d3 − d1 + (3/2)·d2 + (3/2)·d3 = −d1 + (1/2)·d2 + (5/2)·d3 + d4.)
  @inline(__always)
  static func combine(
    _ d0: SIMD8<Float>, _ d1: SIMD8<Float>, _ d2: SIMD8<Float>, _ d3: SIMD8<Float>,
    _ d4: SIMD8<Float>, _ d5: SIMD8<Float>
  ) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
    let two = SIMD8<Float>(repeating: 2), minusTwo = SIMD8<Float>(repeating: -2)
    let threeHalves = SIMD8<Float>(repeating: 1.5), minusHalf = SIMD8<Float>(repeating: -0.5)
    let t = d3 - d1, u = d4 - d2
    return (
      (d0 + d4).addingProduct(minusTwo, d2).addingProduct(threeHalves, t),
      (u + t).addingProduct(threeHalves, d2 + d3),
      (u - t).addingProduct(threeHalves, d3 - d2),
      u.addingProduct(two, t),
      u.addingProduct(minusHalf, t),
      (d1 + d5).addingProduct(minusTwo, d3).addingProduct(threeHalves, u)
    )
  }

  @inline(__always)
  static func transformInputRows(
    _ columns: UnsafePointer<Float>, spanStride: Int, into v: UnsafeMutablePointer<Float>,
    stride: Int
  ) {
    // Columns 2j and 2j + 1 of the 8 tiles are the even and odd lanes of 16 values of span j.
    let a = load16(columns), b = load16(columns + spanStride)
    let c = load16(columns + 2 * spanStride)
    let r = combine(
      evenLanes(a), oddLanes(a), evenLanes(b), oddLanes(b), evenLanes(c), oddLanes(c))
    store6(r, v, stride: stride)
  }

  /// The rows of Aᵀ applied to 6 values: `(m0 + m1 + m2 + m3 + m4,
  /// m1 − m2 + (1/2)·m3 − 2·m4 + m5)`.
  @inline(__always)
  static func reduce(
    _ m0: SIMD8<Float>, _ m1: SIMD8<Float>, _ m2: SIMD8<Float>, _ m3: SIMD8<Float>,
    _ m4: SIMD8<Float>, _ m5: SIMD8<Float>
  ) -> (SIMD8<Float>, SIMD8<Float>) {
    let half = SIMD8<Float>(repeating: 0.5), minusTwo = SIMD8<Float>(repeating: -2)
    return (
      m0 + (m1 + m2) + (m3 + m4),
      (m1 - m2) + m5.addingProduct(half, m3).addingProduct(minusTwo, m4)
    )
  }

  /// `Y = Aᵀ M A + bias`: s = M A row by row, then Y = Aᵀ s.
  @inline(__always)
  static func transformOutput(
    _ m: UnsafePointer<Float>, stride: Int, bias: SIMD8<Float>,
    into out: UnsafeMutablePointer<Float>, outStride: Int
  ) {
    @inline(__always)
    func row(_ a: Int) -> (SIMD8<Float>, SIMD8<Float>) {
      let p = m + 6 * a * stride
      return reduce(
        load8(p), load8(p + stride), load8(p + 2 * stride), load8(p + 3 * stride),
        load8(p + 4 * stride), load8(p + 5 * stride))
    }
    let s0 = row(0), s1 = row(1), s2 = row(2), s3 = row(3), s4 = row(4), s5 = row(5)
    let c0 = reduce(s0.0, s1.0, s2.0, s3.0, s4.0, s5.0)
    let c1 = reduce(s0.1, s1.1, s2.1, s3.1, s4.1, s5.1)
    // Row i of Y interleaves its two columns c0.i, c1.i.
    store16(interleave(c0.0 + bias, c1.0 + bias), out)
    store16(interleave(c0.1 + bias, c1.1 + bias), out + outStride)
  }
}
