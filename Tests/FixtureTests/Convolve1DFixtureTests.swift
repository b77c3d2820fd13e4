import CNNCore
import ConvolutionMath
import Testing

/// 1-D convolution against `numpy.convolve` in all three modes, for the scalar reference
/// (in Double, exact data) and for the two vectorized paths (direct SIMD and FFT, in Float).
///
/// Tolerances: the reference sums the same float64 products as numpy, so it must agree to
/// 1e-12 of the largest magnitude; the Float paths start from values rounded to float32
/// (relative error 6e-8 each) and sum at most ~40 products, so 1e-5 bounds them while a
/// misplaced or missing term (≳ 1e-2 here) cannot pass.
@Suite struct Convolve1DFixtureTests {
  static let cases: [Convolve1DFixture] = {
    (try? FixtureFile.load(Convolve1DFixtureFile.self, from: "convolve1d").cases) ?? []
  }()

  @Test func fixturesAreThere() { #expect(Self.cases.count >= 10) }

  @Test(arguments: ConvolutionMode.allCases)
  func referenceMatchesNumpy(mode: ConvolutionMode) {
    for c in Self.cases {
      let got = convolve1DReference(c.signal, c.kernel, mode: mode)
      compare(
        got, c.expected(mode), tolerance: 1e-12, label: "convolve1DReference/\(c.name)/\(mode)")
    }
  }

  @Test(arguments: ConvolutionMode.allCases)
  func vectorizedMatchesNumpy(mode: ConvolutionMode) {
    for c in Self.cases {
      let (x, k) = (c.signal.map { Float($0) }, c.kernel.map { Float($0) })
      let direct = convolve1D(x, k, mode: mode).map(Double.init)
      compare(direct, c.expected(mode), tolerance: 1e-5, label: "convolve1D/\(c.name)/\(mode)")
      let viaFFT = fftConvolve1D(x, k, mode: mode).map(Double.init)
      compare(viaFFT, c.expected(mode), tolerance: 1e-5, label: "fftConvolve1D/\(c.name)/\(mode)")
    }
  }

  private func compare(_ actual: [Double], _ expected: [Double], tolerance: Double, label: String) {
    let comparison = FixtureComparison(actual: actual, expected: expected, tolerance: tolerance)
    let report = comparison.report(label, shape: [expected.count])
    let passed = comparison.passed
    #expect(passed, "\(report)")
  }
}

extension Convolve1DFixture {
  func expected(_ mode: ConvolutionMode) -> [Double] {
    switch mode {
    case .full: full
    case .same: same
    case .valid: valid
    }
  }
}
