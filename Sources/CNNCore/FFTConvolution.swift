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
/// How: both real inputs ride in one complex signal `z = x + i·k`. One forward FFT gives
/// `Z`; since `X[f] = (Z[f] + Z̄[−f])/2` and `K[f] = (Z[f] − Z̄[−f])/(2i)`, the product is
/// `Y[f] = (Z[f]² − Z̄[−f]²)/(4i)`. One inverse FFT of `Y` gives `x * k` in its real part:
/// two transforms of length `P` instead of three. The forward transform leaves its output
/// in bit-reversed order and the inverse starts from there, so no permutation is needed
/// (see `FFTBitReversedOrder.swift`). Arithmetic in `Double`, the result rounded to `Float`.
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
  // z = x + i·k, zero-padded to P.
  var zr = [Double](repeating: 0, count: p), zi = [Double](repeating: 0, count: p)
  for t in 0..<x.count { zr[t] = Double(x[t]) }
  for t in 0..<k.count { zi[t] = Double(k[t]) }
  zr.withUnsafeMutableBufferPointer { r in
    zi.withUnsafeMutableBufferPointer { i in
      let (re, im) = (r.baseAddress!, i.baseAddress!)
      plan.forwardToBitReversedOrder(re, im)
      spectralProduct(re, im, count: p) { FFTPlan.conjugatePartner($0) }
      // A forward pass on swap(Y) = Y_im + i·Y_re (the arrays exchanged) leaves
      // swap(P·IDFT(Y)): the real part of P·IDFT(Y) ends up in `zr`.
      plan.butterflies(im, re)
    }
  }
  let scale = 1 / Double(p)
  return range.map { Float(zr[$0] * scale) }
}

/// Replaces the spectrum `Z` of `z = x + i·k` by `Y = X ⊙ K`, in place, in any order of the
/// frequencies: `partner(u)` is the position of `Z[−f]` when `u` holds `Z[f]`.
///
///     X[f] = (Z[f] + Z̄[−f])/2,  K[f] = (Z[f] − Z̄[−f])/(2i)  ⇒  Y[f] = (Z[f]² − Z̄[−f]²)/(4i)
///
/// Each pair (u, partner) is read once and both entries are written.
@inline(__always)
func spectralProduct(
  _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, count: Int,
  partner: (Int) -> Int
) {
  for u in 0..<count {
    let v = partner(u)
    guard u <= v else { continue }
    // Y at u from a = Z[u], b = conj(Z[v]); Y at v from a' = Z[v], b' = conj(Z[u]).
    let (ar, ai, br, bi) = (re[u], im[u], re[v], -im[v])
    // d = a² − b²; Y = d/(4i) = (d_im, −d_re)/4
    let dr = (ar * ar - ai * ai) - (br * br - bi * bi)
    let di = 2 * (ar * ai - br * bi)
    // At v: a' = conj(b), b' = conj(a): d' = conj(b)² − conj(a)² = −conj(d), so
    // Y' = −conj(d)/(4i) = (d_im, d_re)/4 = conj(Y), as a real signal's spectrum must be.
    re[u] = 0.25 * di; im[u] = -0.25 * dr
    re[v] = 0.25 * di; im[v] = 0.25 * dr
  }
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
/// transform, `Y[f] = (Z[f]² − Z̄[−f]²)/(4i)` with `−f` taken modulo the grid on both axes,
/// spectra kept in bit-reversed order on both axes.
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
  var zr = [Double](repeating: 0, count: p1 * p2), zi = zr
  for i in 0..<h {
    for j in 0..<w { zr[i * p2 + j] = Double(a[i, j]) }
  }
  for i in 0..<r {
    for j in 0..<s { zi[i * p2 + j] = Double(k[i, j]) }
  }
  zr.withUnsafeMutableBufferPointer { rp in
    zi.withUnsafeMutableBufferPointer { ip in
      let (re, im) = (rp.baseAddress!, ip.baseAddress!)
      plan.forwardToBitReversedOrder(re, im)
      // −(f₁, f₂) = (−f₁, −f₂): the partner is found on each axis separately.
      spectralProduct(re, im, count: p1 * p2) { u in
        FFTPlan.conjugatePartner(u / p2) * p2 + FFTPlan.conjugatePartner(u % p2)
      }
      plan.butterflies(im, re)
    }
  }
  let scale = 1 / Double(p1 * p2)
  var scalars = [Float]()
  scalars.reserveCapacity(rowRange.count * columnRange.count)
  for i in rowRange {
    for j in columnRange { scalars.append(Float(zr[i * p2 + j] * scale)) }
  }
  return Tensor(shape: [rowRange.count, columnRange.count], scalars: scalars)
}
