import Foundation

/// The discrete Fourier transform by its definition, one sum per frequency: the scalar
/// reference for `CNNCore.FFTPlan` (and, row by row then column by column, `FFT2DPlan`).
///
/// ```
///   forward:  X[f] = Σ_t  x[t] · e^(−2πi·f·t/n)            f = 0 … n − 1
///   inverse:  x[t] = (1/n) · Σ_f  X[f] · e^(+2πi·f·t/n)
///
///   real, imag: (n) each, any n ≥ 1 (no power of two needed)
/// ```
/// `e^(iθ) = cos θ + i·sin θ`; the angle uses `(f·t) mod n` so it stays exact for large
/// products, and is evaluated in `Double` whatever `T` is.
///
///     dftReference(real: [1.0, 2, 3, 4], imag: [0, 0, 0, 0])
///     // real: [10, −2, −2, −2], imag: [0, 2, 0, −2]
///     // X[1] = 1 + 2·(−i) + 3·(−1) + 4·i = −2 + 2i
///
/// - Complexity: `n²` complex multiply–adds (the FFT needs about `(n/2)·log₂ n`).
@inlinable
public func dftReference<T: BinaryFloatingPoint & Sendable>(
  real: [T], imag: [T], inverse: Bool = false
) -> (real: [T], imag: [T]) {
  precondition(
    !real.isEmpty && real.count == imag.count,
    "dftReference needs equally long, non-empty real and imaginary parts, got \(real.count) "
      + "and \(imag.count)")
  let n = real.count
  let sign: Double = inverse ? 1 : -1
  var outReal = [T](), outImag = [T]()
  for f in 0..<n {
    var sumReal: T = 0, sumImag: T = 0
    for t in 0..<n {
      let angle = sign * 2 * Double.pi * Double((f * t) % n) / Double(n)
      let (c, s) = (T(cos(angle)), T(sin(angle)))
      // (x_r + i·x_i)(c + i·s) = (x_r·c − x_i·s) + i·(x_r·s + x_i·c)
      sumReal += real[t] * c - imag[t] * s
      sumImag += real[t] * s + imag[t] * c
    }
    let scale: T = inverse ? 1 / T(n) : 1
    outReal.append(sumReal * scale)
    outImag.append(sumImag * scale)
  }
  return (outReal, outImag)
}

/// Linear convolution through the convolution theorem with the plain DFT: pad both
/// inputs with zeros to `L = M + N − 1`, transform, multiply pointwise, transform back.
///
/// ```
///   x * k = IDFT_L( DFT_L(x) ⊙ DFT_L(k) )       L = M + N − 1 (no power of two needed)
///
///   x: (M)   k: (N)   result: (M + N − 1), the full convolution
/// ```
/// The product of two DFTs is the DFT of the *circular* convolution of period `L`; with
/// `L ≥ M + N − 1` no term wraps around, so circular equals linear.
///
///     convolve1DByDFTReference([1.0, 2, 3], [4, 5, 6])   // [4, 13, 28, 27, 18] (± 1e-14)
@inlinable
public func convolve1DByDFTReference<T: BinaryFloatingPoint & Sendable>(
  _ x: [T], _ k: [T]
) -> [T] {
  precondition(
    !x.isEmpty && !k.isEmpty,
    "convolve1DByDFTReference needs two non-empty inputs, got \(x.count) and \(k.count)")
  let length = x.count + k.count - 1
  let zeros = [T](repeating: 0, count: length)
  let xf = dftReference(real: x + zeros.dropFirst(x.count), imag: zeros)
  let kf = dftReference(real: k + zeros.dropFirst(k.count), imag: zeros)
  var productReal = [T](), productImag = [T]()
  for f in 0..<length {
    productReal.append(xf.real[f] * kf.real[f] - xf.imag[f] * kf.imag[f])
    productImag.append(xf.real[f] * kf.imag[f] + xf.imag[f] * kf.real[f])
  }
  return dftReference(real: productReal, imag: productImag, inverse: true).real
}
