/// `fft.json`: `numpy.fft.fft` and `numpy.fft.ifft` in float64, real and imaginary parts apart.
///
/// ```
///   fft:   X[k] = Σ_n x[n] · e^(−2πi·kn/N)            (no scaling)
///   ifft:  x[n] = (1/N) · Σ_k X[k] · e^(+2πi·kn/N)
///   roundTrip = ifft(fft(input)) ≈ input
/// ```
///
/// For example `fft([1, −2]) == [−1, 3]` and `fft([1, 1, 1, 1, 1, 1, 1, 1]) == [8, 0, …, 0]`.
struct FFTFixtureFile: Decodable {
  let generator: FixtureGenerator
  let description: String
  let cases: [FFTFixture]
}

/// One `fft.json` signal of length `N`; every array has `N` elements.
struct FFTFixture: Decodable {
  let name: String, note: String
  /// `N`; `powerOfTwo` is false for the lengths a radix-2 FFT cannot take (3, 6, 12).
  let length: Int, powerOfTwo: Bool
  /// True when every `inputIm` is zero.
  let real: Bool
  let inputRe: [Double], inputIm: [Double]
  let fftRe: [Double], fftIm: [Double]
  /// `ifft(input)`.
  let ifftRe: [Double], ifftIm: [Double]
  /// `ifft(fft(input))`.
  let roundTripRe: [Double], roundTripIm: [Double]
}
