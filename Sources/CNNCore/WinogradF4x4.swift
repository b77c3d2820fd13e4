// F(4×4, 3×3): Winograd's minimal filtering with 6×6 input tiles and 4×4 outputs (the method
// is explained in WinogradTransforms.swift). 36 multiplications for 16 outputs, against 144
// directly and 4·16 = 64 with F(2×2, 3×3). The matrices (Lavin & Gray 2015), with the
// interpolation points 0, ±1, ±2 and ∞:
//
//        ⎡4  0 −5  0  1  0⎤        ⎡  1/4     0     0 ⎤
//        ⎢0 −4 −4  1  1  0⎥        ⎢ −1/6  −1/6  −1/6 ⎥        ⎡1  1  1  1  1  0⎤
//   Bᵀ = ⎢0  4 −4 −1  1  0⎥    G = ⎢ −1/6   1/6  −1/6 ⎥   Aᵀ = ⎢0  1 −1  2 −2  0⎥
//        ⎢0 −2 −1  2  1  0⎥        ⎢ 1/24  1/12   1/6 ⎥        ⎢0  1  1  4  4  0⎥
//        ⎢0  2 −1 −2  1  0⎥        ⎢ 1/24 −1/12   1/6 ⎥        ⎣0  1 −1  8 −8  1⎦
//        ⎣0  4  0 −5  0  1⎦        ⎣   0     0     1  ⎦
//
// 1-D check, F(4, 3) on d = [1, 2, 3, 4, 5, 6], g = [1, 0, −1] (so y_i = d_i − d_{i+2} = −2):
//   G g = [1/4, 0, 0, −1/8, −1/8, −1]    (e.g. row 4: 1/24 − 0 − 1/6 = −1/8)
//   Bᵀ d = [4 − 15 + 5, −8 − 12 + 4 + 5, 8 − 12 − 4 + 5, −4 − 3 + 8 + 5, 4 − 3 − 8 + 5,
//           8 − 20 + 6] = [−6, −11, −3, 6, −2, −6]
//   m = (G g) ⊙ (Bᵀ d) = [−3/2, 0, 0, −3/4, 1/4, 6]
//   y = Aᵀ m = [−3/2 − 3/4 + 1/4, 2·(−3/4) − 2·(1/4), 4·(−3/4) + 4·(1/4), 8·(−3/4) − 8·(1/4) + 6]
//     = [−2, −2, −2, −2]

/// F(4×4, 3×3): 6×6 input tiles, 4×4 outputs, 36 products (the matrices above).
enum WinogradF4x4: WinogradSixInputs {
  static let outputTile = 4, inputTile = 6

  /// `U = G g Gᵀ`, the rows of G applied to each column of g, then to each row of the result.
  @inline(__always)
  static func transformFilter(
    _ g: WinogradFilterTaps, into u: UnsafeMutablePointer<Float>, stride: Int
  ) {
    func column(
      _ g0: Double, _ g1: Double, _ g2: Double
    ) -> (Double, Double, Double, Double, Double, Double) {
      (
        g0 / 4, -(g0 + g1 + g2) / 6, -(g0 - g1 + g2) / 6, g0 / 24 + g1 / 12 + g2 / 6,
        g0 / 24 - g1 / 12 + g2 / 6, g2
      )
    }
    let c0 = column(g[0, 0], g[1, 0], g[2, 0]), c1 = column(g[0, 1], g[1, 1], g[2, 1])
    let c2 = column(g[0, 2], g[1, 2], g[2, 2])
    func row(_ a: Int, _ h0: Double, _ h1: Double, _ h2: Double) {
      let r = column(h0, h1, h2)
      u[(a * 6) * stride] = Float(r.0)
      u[(a * 6 + 1) * stride] = Float(r.1)
      u[(a * 6 + 2) * stride] = Float(r.2)
      u[(a * 6 + 3) * stride] = Float(r.3)
      u[(a * 6 + 4) * stride] = Float(r.4)
      u[(a * 6 + 5) * stride] = Float(r.5)
    }
    row(0, c0.0, c1.0, c2.0)
    row(1, c0.1, c1.1, c2.1)
    row(2, c0.2, c1.2, c2.2)
    row(3, c0.3, c1.3, c2.3)
    row(4, c0.4, c1.4, c2.4)
    row(5, c0.5, c1.5, c2.5)
  }

  /// The rows of Bᵀ applied to 6 values, shared terms first:
  /// `(4d0 − 5d2 + d4, t0 + t1, t0 − t1, t2 + t3, t2 − t3, 4d1 − 5d3 + d5)` with
  /// `t0 = d4 − 4d2, t1 = d3 − 4d1, t2 = d4 − d2, t3 = 2(d3 − d1)`.
  @inline(__always)
  static func combine(
    _ d0: SIMD8<Float>, _ d1: SIMD8<Float>, _ d2: SIMD8<Float>, _ d3: SIMD8<Float>,
    _ d4: SIMD8<Float>, _ d5: SIMD8<Float>
  ) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
    let four = SIMD8<Float>(repeating: 4), minusFour = SIMD8<Float>(repeating: -4)
    let minusFive = SIMD8<Float>(repeating: -5)
    let t0 = d4.addingProduct(minusFour, d2), t1 = d3.addingProduct(minusFour, d1)
    let t2 = d4 - d2, t3 = (d3 - d1) * 2
    return (
      d4.addingProduct(four, d0).addingProduct(minusFive, d2), t0 + t1, t0 - t1, t2 + t3,
      t2 - t3, d5.addingProduct(four, d1).addingProduct(minusFive, d3)
    )
  }

  @inline(__always)
  static func transformInputRows(
    _ columns: UnsafePointer<Float>, spanStride: Int, into v: UnsafeMutablePointer<Float>,
    stride: Int
  ) {
    // Columns 0 … 3 of the 8 tiles: every 4th of 32 values of span 0; columns 4, 5: of span 1.
    let a = load32(columns), b = load32(columns + spanStride)
    let r = combine(
      lanes(a, 0), lanes(a, 1), lanes(a, 2), lanes(a, 3), lanes(b, 0), lanes(b, 1))
    store6(r, v, stride: stride)
  }

  /// The rows of Aᵀ applied to 6 values:
  /// `(m0 + p12 + p34, n12 + 2·n34, p12 + 4·p34, n12 + 8·n34 + m5)` with `p12 = m1 + m2`,
  /// `n12 = m1 − m2`, `p34 = m3 + m4`, `n34 = m3 − m4`.
  @inline(__always)
  static func reduce(
    _ m0: SIMD8<Float>, _ m1: SIMD8<Float>, _ m2: SIMD8<Float>, _ m3: SIMD8<Float>,
    _ m4: SIMD8<Float>, _ m5: SIMD8<Float>
  ) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
    let p12 = m1 + m2, n12 = m1 - m2, p34 = m3 + m4, n34 = m3 - m4
    return (
      m0 + p12 + p34, n12.addingProduct(SIMD8(repeating: 2), n34),
      p12.addingProduct(SIMD8(repeating: 4), p34),
      n12.addingProduct(SIMD8(repeating: 8), n34) + m5
    )
  }

  @inline(__always)
  static func transformOutput(
    _ m: UnsafePointer<Float>, stride: Int, bias: SIMD8<Float>,
    into out: UnsafeMutablePointer<Float>, outStride: Int
  ) {
    // s = Aᵀ M, column by column (s[i, b] for i < 4), then Y = s A row by row.
    withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 24) { s in
      for b in 0..<6 {
        let r = reduce(
          load8(m + b * stride), load8(m + (6 + b) * stride), load8(m + (12 + b) * stride),
          load8(m + (18 + b) * stride), load8(m + (24 + b) * stride),
          load8(m + (30 + b) * stride))
        s[b] = r.0
        s[6 + b] = r.1
        s[12 + b] = r.2
        s[18 + b] = r.3
      }
      for i in 0..<4 {
        let y = reduce(
          s[6 * i], s[6 * i + 1], s[6 * i + 2], s[6 * i + 3], s[6 * i + 4], s[6 * i + 5])
        store32(interleave(y.0 + bias, y.1 + bias, y.2 + bias, y.3 + bias), out + i * outStride)
      }
    }
  }
}

/// Lanes `phase`, `phase + 4`, …, `phase + 28` of `v`.
@inline(__always)
func lanes(_ v: SIMD32<Float>, _ phase: Int) -> SIMD8<Float> {
  SIMD8(
    v[phase], v[phase + 4], v[phase + 8], v[phase + 12], v[phase + 16], v[phase + 20],
    v[phase + 24], v[phase + 28])
}

/// `[a0, b0, c0, d0, a1, b1, c1, d1, …]`: four columns of per-tile outputs as one image row.
@inline(__always)
func interleave(
  _ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>, _ d: SIMD8<Float>
) -> SIMD32<Float> {
  var v = SIMD32<Float>()
  for l in 0..<8 {
    v[4 * l] = a[l]
    v[4 * l + 1] = b[l]
    v[4 * l + 2] = c[l]
    v[4 * l + 3] = d[l]
  }
  return v
}
