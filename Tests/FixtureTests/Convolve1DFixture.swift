/// `convolve1d.json`: `numpy.convolve(signal, kernel, mode)` in float64.
///
/// ```
///   full[i] = Σ_j signal[j] · kernel[i − j]          length M + N − 1
///   same    = full[sameOffset ..< sameOffset + max(M, N)],  sameOffset = (min(M, N) − 1) / 2
///   valid   = full[min(M, N) − 1 ..< max(M, N)]       length max(M, N) − min(M, N) + 1
/// ```
///
/// NumPy swaps the operands when the kernel is longer, so `same` and `valid` follow the
/// longer of the two: `convolve([0.5], [1, −2, 3], "valid") == [0.5, −1, 1.5]`.
struct Convolve1DFixtureFile: Decodable {
  let generator: FixtureGenerator
  let description: String
  let cases: [Convolve1DFixture]
}

/// One `convolve1d.json` pair with its three convolutions.
struct Convolve1DFixture: Decodable {
  let name: String
  /// `M` and `N` values.
  let signal: [Double], kernel: [Double]
  let full: [Double], same: [Double], valid: [Double]
  let sameOffset: Int
}
