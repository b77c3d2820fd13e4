// Shapes: e = a 2×2 tile of dy, d = its 6×6 window of x, dw = the 5×5 taps of one
// (filter, channel) pair.
//
// F(5×5, 2×2): the weight gradient of a 5×5 stride-1 convolution by Winograd's minimal
// filtering, run by Conv2DWinogradWeightGradient.swift exactly as F(3×3, 2×2) is.
//
//   dw[k, c, r, s] = Σ_{n,p,q} dy[n, k, p, q] · x[n, c, p + r − Pt, q + s − Pl]
//
// Tile t of dy contributes Σ_{i,j<2} e_t[i, j]·d_t[i + r, j + s] for r, s in 0 … 4: a 5×5
// correlation of a 6×6 "image" with a 2×2 "filter". Its matrices need no new derivation. The
// forward F(2×2, 5×5) (WinogradF2x2Kernel5.swift) computes y = Aᵀ[(G g) ⊙ (Bᵀ d)] in one
// dimension, so for a loss L with ∂L/∂y = e,
//
//   ∂L/∂g = Gᵀ [ (A e) ⊙ (Bᵀ d) ]        (the transposition principle)
//
// and ∂L/∂g_j = Σ_i e_i·d_{i+j} is the 1-D weight gradient. With the forward's points 0, 1,
// −1, 1/2, −2, ∞:
//
//        ⎡1   0 ⎤      Bᵀ as in the forward pass (6×6)
//        ⎢1   1 ⎥
//   A =  ⎢1  −1 ⎥      Gᵀ = the transpose of the forward's G (5×6), entries 1, ±1/3 and
//        ⎢1  1/2⎥           ±1/15 … ±16/15
//        ⎢1  −2 ⎥
//        ⎣0   1 ⎦
//
// and in two dimensions, summed over the tiles:
//
//   dw[k, c] = Gᵀ [ Σ_t (A e_t Aᵀ) ⊙ (Bᵀ d_t B) ] G      (5×5)
//
// 36 products per (k, c, t) against 4·25 = 100 directly. A's entries are powers of two, so
// the gradient transform needs no scaling; Gᵀ's thirds and fifteenths are applied in Double,
// once per (k, c), after the sums over tiles.
//
// 1-D check, F(5, 2) on d = [1, 2, 3, 4, 5, 6], e = [1, −1] (so dg_j = d_j − d_{j+1} = −1 for
// all five j):
//   Bᵀ d = [3, 29/2, 3/2, 6, 1, 3]              (worked in WinogradF2x2Kernel5.swift)
//   A e  = [1, 1 − 1, 1 + 1, 1 − 1/2, 1 + 2, −1] = [1, 0, 2, 1/2, 3, −1]
//   m    = [3, 0, 3, 3, 3, −3]
//   Gᵀ m: with p = (m1 + m2)/3 = 1 and q = (m1 − m2)/3 = −1 (the rows below),
//         [3 − 1 − (48 − 3)/15, 1 − (24 + 6)/15, −1 − 4·(3 − 3)/15, 1 − (6 + 24)/15,
//          −1 − (3 − 48)/15 − 3] = [−1, −1, −1, −1, −1]
//
// Rounding: the input transform's constants (up to 5/2) and Gᵀ's (up to 16/15) make this the
// least accurate of the core's weight gradients: in the tests' sweep of random geometries its
// largest error is 4.0e-7 of `S[k, c] = Σ_{n,t} (Σ_tile |dy[n, k]|)·(Σ_window |x[n, c]|)`
// (F(3×3, 2×2): 7.9e-8), within the tolerance of 1e-6·S that both are held to.

/// F(5×5, 2×2): 6×6 windows, 36 products, Gᵀ M G back to 5×5 taps (the matrices above).
enum WinogradWeightGradientF5x5: WinogradWeightGradientTransforms {
  static let kernelSize = 5

  /// `V = Bᵀ d B` with the forward pass's Bᵀ (`WinogradF2x2Kernel5.combine`), down the six
  /// columns, then along the six rows; `V_ξ` for ξ = 6a + b.
  @inline(__always)
  static func transformInput(
    _ rows: UnsafePointer<Float>, rowSize: Int, offset: Int, columnStride cs: Int,
    into v: UnsafeMutablePointer<Float>, stride: Int
  ) {
    typealias Six = (
      SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>
    )
    // Down the columns: f[·, j] = Bᵀ d[·, j].
    @inline(__always)
    func column(_ j: Int) -> Six {
      let o = rows + offset + j * cs
      return WinogradF2x2Kernel5.combine(
        load8(o), load8(o + rowSize), load8(o + 2 * rowSize), load8(o + 3 * rowSize),
        load8(o + 4 * rowSize), load8(o + 5 * rowSize))
    }
    let f0 = column(0), f1 = column(1), f2 = column(2)
    let f3 = column(3), f4 = column(4), f5 = column(5)
    // Along the rows: V[a, ·] = f[a, ·] B.
    @inline(__always)
    func row(
      _ a: Int, _ d0: SIMD8<Float>, _ d1: SIMD8<Float>, _ d2: SIMD8<Float>,
      _ d3: SIMD8<Float>, _ d4: SIMD8<Float>, _ d5: SIMD8<Float>
    ) {
      store6(WinogradF2x2Kernel5.combine(d0, d1, d2, d3, d4, d5), v + 6 * a * stride,
        stride: stride)
    }
    row(0, f0.0, f1.0, f2.0, f3.0, f4.0, f5.0)
    row(1, f0.1, f1.1, f2.1, f3.1, f4.1, f5.1)
    row(2, f0.2, f1.2, f2.2, f3.2, f4.2, f5.2)
    row(3, f0.3, f1.3, f2.3, f3.3, f4.3, f5.3)
    row(4, f0.4, f1.4, f2.4, f3.4, f4.4, f5.4)
    row(5, f0.5, f1.5, f2.5, f3.5, f4.5, f5.5)
  }

  /// The rows of A applied to 2 values: `(e0, e0 + e1, e0 − e1, e0 + e1/2, e0 − 2·e1, e1)`.
  @inline(__always)
  private static func combineGradient(
    _ e0: SIMD8<Float>, _ e1: SIMD8<Float>
  ) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
    (
      e0, e0 + e1, e0 - e1, e0.addingProduct(SIMD8(repeating: 0.5), e1),
      e0.addingProduct(SIMD8(repeating: -2), e1), e1
    )
  }

  /// `U = A e Aᵀ`: h = A e down the two columns, then `U[a, ·] = h[a, ·] Aᵀ`; `U_ξ` for
  /// ξ = 6a + b.
  @inline(__always)
  static func transformGradient(
    _ e: UnsafePointer<Float>, columnStride: Int, rowStride: Int,
    into u: UnsafeMutablePointer<Float>, stride: Int, last: Bool
  ) {
    let e00 = load8(e), e01 = load8(e + columnStride)
    let e10 = load8(e + rowStride), e11 = load8(e + rowStride + columnStride)
    let h0 = combineGradient(e00, e10), h1 = combineGradient(e01, e11)
    @inline(__always)
    func row(_ a: Int, _ h0: SIMD8<Float>, _ h1: SIMD8<Float>) {
      let r = combineGradient(h0, h1), p = u + 6 * a * stride
      storePanelStep(r.0, p, last: last)
      storePanelStep(r.1, p + stride, last: last)
      storePanelStep(r.2, p + 2 * stride, last: last)
      storePanelStep(r.3, p + 3 * stride, last: last)
      storePanelStep(r.4, p + 4 * stride, last: last)
      storePanelStep(r.5, p + 5 * stride, last: last)
    }
    row(0, h0.0, h1.0)
    row(1, h0.1, h1.1)
    row(2, h0.2, h1.2)
    row(3, h0.3, h1.3)
    row(4, h0.4, h1.4)
    row(5, h0.5, h1.5)
  }

  /// The rows of Gᵀ applied to 6 values, with `p = (m1 + m2)/3` and `q = (m1 − m2)/3`:
  ///
  ///     row 0: m0 + q − (16·m3 − m4)/15       row 3: p − (2·m3 + 8·m4)/15
  ///     row 1: p − (8·m3 + 2·m4)/15           row 4: q − (m3 − 16·m4)/15 + m5
  ///     row 2: q − 4·(m3 − m4)/15
  ///
  /// (column j of G is (G[0, j], …, G[5, j]); e.g. row 2 = (0, 1/3, −1/3, −4/15, 4/15, 0).)
  @inline(__always)
  private static func reduce(
    _ m0: SIMD8<Double>, _ m1: SIMD8<Double>, _ m2: SIMD8<Double>, _ m3: SIMD8<Double>,
    _ m4: SIMD8<Double>, _ m5: SIMD8<Double>
  ) -> (SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>) {
    let third = SIMD8<Double>(repeating: 1.0 / 3), fifteenth = SIMD8<Double>(repeating: 1.0 / 15)
    let p = (m1 + m2) * third, q = (m1 - m2) * third
    return (
      m0 + q - (16 * m3 - m4) * fifteenth,
      p - (8 * m3 + 2 * m4) * fifteenth,
      q - 4 * (m3 - m4) * fifteenth,
      p - (2 * m3 + 8 * m4) * fifteenth,
      q - (m3 - 16 * m4) * fifteenth + m5
    )
  }

  /// `dw = Gᵀ M G` for 8 channels at once (one per lane), in Double: t = M G row by row
  /// (t[a, s] = row s of Gᵀ applied to M[a, ·]), then dw[·, s] = Gᵀ t[·, s].
  @inline(__always)
  static func transformOutputs(
    _ m: UnsafePointer<Float>, stride: Int, channels: Int, into dw: UnsafeMutablePointer<Float>
  ) {
    @inline(__always)
    func row(_ a: Int) -> (
      SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>
    ) {
      let p = m + 6 * a * stride
      @inline(__always)
      func at(_ b: Int) -> SIMD8<Double> { SIMD8<Double>(load8(p + b * stride)) }
      return reduce(at(0), at(1), at(2), at(3), at(4), at(5))
    }
    let t0 = row(0), t1 = row(1), t2 = row(2), t3 = row(3), t4 = row(4), t5 = row(5)
    @inline(__always)
    func store(_ s: Int, _ c: (
      SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>
    )) {
      let taps = (SIMD8<Float>(c.0), SIMD8<Float>(c.1), SIMD8<Float>(c.2), SIMD8<Float>(c.3),
        SIMD8<Float>(c.4))
      for j in 0..<channels {
        let out = dw + 25 * j + s
        out[0] = taps.0[j]; out[5] = taps.1[j]; out[10] = taps.2[j]; out[15] = taps.3[j]
        out[20] = taps.4[j]
      }
    }
    store(0, reduce(t0.0, t1.0, t2.0, t3.0, t4.0, t5.0))
    store(1, reduce(t0.1, t1.1, t2.1, t3.1, t4.1, t5.1))
    store(2, reduce(t0.2, t1.2, t2.2, t3.2, t4.2, t5.2))
    store(3, reduce(t0.3, t1.3, t2.3, t3.3, t4.3, t5.3))
    store(4, reduce(t0.4, t1.4, t2.4, t3.4, t4.4, t5.4))
  }
}
