/// One-dimensional convolution through the convolution theorem: transform, multiply,
/// transform back. The FFT twin of `convolve1D`; both must agree with
/// `ConvolutionMath.convolve1DReference` (to about `1e-6` relative to `Σ|x|·max|k|`).
///
/// ```
///   x * k = IDFT_P( DFT_P(x) ⊙ DFT_P(k) )[0 ..< M + N − 1]      P = 2^⌈log₂(M + N − 1)⌉
///
///   x: (M)   k: (N)   result: as `convolve1D` for the same `mode`
/// ```
/// Zero-padding both inputs to `P ≥ M + N − 1` makes the circular convolution that the
/// DFT computes equal to the linear one: no product wraps around.
///
///     fftConvolve1D([1, 2, 3], [4, 5, 6], mode: .full)   // [4, 13, 28, 27, 18] (± 1e-6)
///
/// How: both real inputs ride in one complex signal `z = x + i·k`, written straight into
/// bit-reversed order. One forward FFT gives `Z`; since `X[f] = (Z[f] + Z̄[−f])/2` and
/// `K[f] = (Z[f] − Z̄[−f])/(2i)`, the product is `Y[f] = (Z[f]² − Z̄[−f]²)/(4i)`. One
/// inverse FFT of `Y` gives `x * k` in its real part. Two transforms of length `P`
/// instead of three; arithmetic in `Double`, the result rounded to `Float`.
///
/// - Precondition: both inputs are non-empty.
/// - Complexity: `O(P log P)`, against `O(M·N)` for `convolve1D`.
public func fftConvolve1D(_ x: [Float], _ k: [Float], mode: ConvolutionMode) -> [Float] {
  precondition(
    !x.isEmpty && !k.isEmpty,
    "fftConvolve1D needs two non-empty inputs, got lengths \(x.count) and \(k.count)")
  let range = mode.outputRange(x.count, k.count)
  let p = FFTPlan.length(atLeast: x.count + k.count - 1)
  let plan = FFTPlan.cached(count: p)
  var zr = [Double](repeating: 0, count: p), zi = [Double](repeating: 0, count: p)
  var yr = [Double](repeating: 0, count: p), yi = [Double](repeating: 0, count: p)
  plan.bitReversed.withUnsafeBufferPointer { rev in
    for t in 0..<x.count { zr[Int(rev[t])] = Double(x[t]) }
    for t in 0..<k.count { zi[Int(rev[t])] = Double(k[t]) }
    zr.withUnsafeMutableBufferPointer { r in
      zi.withUnsafeMutableBufferPointer { i in
        plan.butterflies(r.baseAddress!, i.baseAddress!)
      }
    }
    for f in 0..<p {
      let g = (p - f) & (p - 1)  // −f modulo P
      let (ar, ai, br, bi) = (zr[f], zi[f], zr[g], -zi[g])
      // d = a² − b²; Y = d/(4i) = (d_im, −d_re)/4, stored in bit-reversed order.
      let dr = (ar * ar - ai * ai) - (br * br - bi * bi)
      let di = 2 * (ar * ai - br * bi)
      let u = Int(rev[f])
      yr[u] = 0.25 * di
      yi[u] = -0.25 * dr
    }
  }
  yr.withUnsafeMutableBufferPointer { r in
    yi.withUnsafeMutableBufferPointer { i in
      // A forward pass on swap(Y) = Y_im + i·Y_re (the arrays exchanged) leaves
      // swap(P·IDFT(Y)): the real part of P·IDFT(Y) ends up in `yr`.
      plan.butterflies(i.baseAddress!, r.baseAddress!)
    }
  }
  let scale = 1 / Double(p)
  return range.map { Float(yr[$0] * scale) }
}

/// Two-dimensional convolution through the 2-D FFT: the FFT twin of
/// `ConvolutionMath.convolve2DReference` (true convolution, kernel flipped).
///
/// ```
///   B(i, j) = Σ_m Σ_n  K(m, n) · A(i − m, j − n)
///           = IDFT2( DFT2(A) ⊙ DFT2(K) )(i, j)        on a P₁ × P₂ grid,
///   P₁ = 2^⌈log₂(H + R − 1)⌉,  P₂ = 2^⌈log₂(W + S − 1)⌉
///
///   a: (H, W)   k: (R, S)   result: (H + R − 1, W + S − 1) full;
///   same / valid: each axis cut as `ConvolutionMode` says (for an image at least as large
///   as the kernel: (H, W) same, (H − R + 1, W − S + 1) valid, as scipy.signal.convolve2d)
/// ```
///
///     fftConvolve2D(Tensor(rows: [[1, 2], [3, 4]]), Tensor(rows: [[1, 1]]), mode: .full)
///     // [[1, 3, 2], [3, 7, 4]] (± 1e-6)
///
/// The same packing as `fftConvolve1D`: `z = a + i·k`, one forward and one inverse 2-D
/// transform, `Y[f] = (Z[f]² − Z̄[−f]²)/(4i)` with `−f` taken modulo the grid on both axes.
///
/// - Precondition: both tensors have rank 2 and at least one element.
public func fftConvolve2D(
  _ a: Tensor<Float>, _ k: Tensor<Float>, mode: ConvolutionMode
) -> Tensor<Float> {
  precondition(
    a.rank == 2 && k.rank == 2 && a.count > 0 && k.count > 0,
    "fftConvolve2D needs two non-empty rank-2 tensors, got shapes \(a.shape) and \(k.shape)")
  let (h, w, r, s) = (a.shape[0], a.shape[1], k.shape[0], k.shape[1])
  let rowRange = mode.outputRange(h, r), columnRange = mode.outputRange(w, s)
  let p1 = FFTPlan.length(atLeast: h + r - 1), p2 = FFTPlan.length(atLeast: w + s - 1)
  let plan = FFT2DPlan(rows: p1, columns: p2)
  let rev1 = plan.columnPlan.bitReversed, rev2 = plan.rowPlan.bitReversed
  var zr = [Double](repeating: 0, count: p1 * p2), zi = zr, yr = zr, yi = zr
  for i in 0..<h {
    for j in 0..<w { zr[Int(rev1[i]) * p2 + Int(rev2[j])] = Double(a[i, j]) }
  }
  for i in 0..<r {
    for j in 0..<s { zi[Int(rev1[i]) * p2 + Int(rev2[j])] = Double(k[i, j]) }
  }
  zr.withUnsafeMutableBufferPointer { re in
    zi.withUnsafeMutableBufferPointer { im in plan.butterflies(re.baseAddress!, im.baseAddress!) }
  }
  for f1 in 0..<p1 {
    let g1 = (p1 - f1) & (p1 - 1)
    for f2 in 0..<p2 {
      let g2 = (p2 - f2) & (p2 - 1)
      let (ar, ai) = (zr[f1 * p2 + f2], zi[f1 * p2 + f2])
      let (br, bi) = (zr[g1 * p2 + g2], -zi[g1 * p2 + g2])
      let dr = (ar * ar - ai * ai) - (br * br - bi * bi)
      let di = 2 * (ar * ai - br * bi)
      let u = Int(rev1[f1]) * p2 + Int(rev2[f2])
      yr[u] = 0.25 * di
      yi[u] = -0.25 * dr
    }
  }
  yr.withUnsafeMutableBufferPointer { re in
    yi.withUnsafeMutableBufferPointer { im in plan.butterflies(im.baseAddress!, re.baseAddress!) }
  }
  let scale = 1 / Double(p1 * p2)
  var scalars = [Float]()
  scalars.reserveCapacity(rowRange.count * columnRange.count)
  for i in rowRange {
    for j in columnRange { scalars.append(Float(yr[i * p2 + j] * scale)) }
  }
  return Tensor(shape: [rowRange.count, columnRange.count], scalars: scalars)
}
