import CNNCore
import ConvolutionMath
import Testing

/// The FFT against `numpy.fft.fft` / `numpy.fft.ifft` (float64), and the O(N²) DFT reference
/// on every length, including the non-powers of two that the radix-2 FFT does not take.
///
/// Tolerance 1e-12 of the largest magnitude: both sides compute in float64 and an N-point
/// transform accumulates about log₂N (FFT) or N (DFT) roundings of 1.1e-16 each.
@Suite struct FFTFixtureTests {
  static let cases: [FFTFixture] = {
    (try? FixtureFile.load(FFTFixtureFile.self, from: "fft").cases) ?? []
  }()

  @Test func fixturesAreThere() {
    #expect(Self.cases.count >= 10)
    #expect(Self.cases.contains { !$0.powerOfTwo })
  }

  @Test func fftMatchesNumpy() {
    for c in Self.cases where c.powerOfTwo {
      let forward = fft(real: c.inputRe, imag: c.inputIm)
      compare(forward, (c.fftRe, c.fftIm), label: "fft/\(c.name)")
      let inverse = inverseFFT(real: c.inputRe, imag: c.inputIm)
      compare(inverse, (c.ifftRe, c.ifftIm), label: "inverseFFT/\(c.name)")
      let back = inverseFFT(real: forward.real, imag: forward.imag)
      compare(back, (c.roundTripRe, c.roundTripIm), label: "roundTrip/\(c.name)")
    }
  }

  @Test func dftReferenceMatchesNumpyOnEveryLength() {
    for c in Self.cases {
      let forward = dftReference(real: c.inputRe, imag: c.inputIm)
      compare(forward, (c.fftRe, c.fftIm), label: "dftReference/\(c.name)")
      let inverse = dftReference(real: c.inputRe, imag: c.inputIm, inverse: true)
      compare(inverse, (c.ifftRe, c.ifftIm), label: "dftReference inverse/\(c.name)")
    }
  }

  private func compare(
    _ actual: (real: [Double], imag: [Double]), _ expected: ([Double], [Double]), label: String
  ) {
    // Interleave (re, im) so one comparison covers both parts with one scale.
    let a = zip(actual.real, actual.imag).flatMap { [$0, $1] }
    let e = zip(expected.0, expected.1).flatMap { [$0, $1] }
    let comparison = FixtureComparison(actual: a, expected: e, tolerance: 1e-12)
    let report = comparison.report(label, shape: [e.count / 2, 2])
    let passed = comparison.passed
    #expect(passed, "\(report)")
  }
}
