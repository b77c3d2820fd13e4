import CNNCore
import ConvolutionMath
import Testing

/// `convolve1D` (direct, SIMD) and `fftConvolve1D` against `convolve1DReference`.
@Suite struct Convolution1DTests {
  @Test func modeRangesFollowNumpy() {
    // M = 5, N = 3: full 5 + 3 − 1 = 7 from 0; same max = 5 from (3 − 1)/2 = 1;
    // valid 5 − 3 + 1 = 3 from 3 − 1 = 2.
    #expect(ConvolutionMode.full.outputRange(5, 3) == 0..<7)
    #expect(ConvolutionMode.same.outputRange(5, 3) == 1..<6)
    #expect(ConvolutionMode.valid.outputRange(5, 3) == 2..<5)
    // M = 5, N = 4: same starts at (4 − 1)/2 = 1 (numpy keeps the earlier half-position)
    #expect(ConvolutionMode.same.outputRange(5, 4) == 1..<6)
    // the order of the lengths does not matter
    #expect(ConvolutionMode.valid.outputRange(2, 5) == 1..<5)
    // length 1 with length 1: one entry in every mode
    for mode in ConvolutionMode.allCases { #expect(mode.outputRange(1, 1) == 0..<1) }
  }

  @Test func seedExampleInEveryMode() {
    // (1 + 2x + 3x²)(4 + 5x + 6x²): 1·4 = 4; 1·5 + 2·4 = 13; 1·6 + 2·5 + 3·4 = 28;
    // 2·6 + 3·5 = 27; 3·6 = 18. same keeps indices 1…3, valid index 2.
    let x: [Float] = [1, 2, 3], k: [Float] = [4, 5, 6]
    for convolve in [direct, viaFFT] {
      #expect(close(convolve(x, k, .full), [4, 13, 28, 27, 18]))
      #expect(close(convolve(x, k, .same), [13, 28, 27]))
      #expect(close(convolve(x, k, .valid), [28]))
    }
  }

  @Test func unequalLengthsMatchNumpy() {
    // numpy.convolve([1, 2, 3, 4, 5], [1, 2, 3, 4]) — full, by anti-diagonals:
    //   1; 2 + 2 = 4; 3 + 4 + 3 = 10; 4 + 6 + 6 + 4 = 20; 5 + 8 + 9 + 8 = 30;
    //   10 + 12 + 12 = 34; 15 + 16 = 31; 20.   same = full[1…5], valid = full[3…4]
    let x: [Float] = [1, 2, 3, 4, 5], k: [Float] = [1, 2, 3, 4]
    for convolve in [direct, viaFFT] {
      for (a, b) in [(x, k), (k, x)] {
        #expect(close(convolve(a, b, .full), [1, 4, 10, 20, 30, 34, 31, 20]))
        #expect(close(convolve(a, b, .same), [4, 10, 20, 30, 34]))
        #expect(close(convolve(a, b, .valid), [20, 30]))
      }
    }
  }

  @Test func lengthOneInputs() {
    // A single tap scales: (2) * (1, −1, 3) = (2, −2, 6) in full and same; valid keeps all 3.
    for convolve in [direct, viaFFT] {
      #expect(close(convolve([2], [1, -1, 3], .full), [2, -2, 6]))
      #expect(close(convolve([1, -1, 3], [2], .same), [2, -2, 6]))
      #expect(close(convolve([1, -1, 3], [2], .valid), [2, -2, 6]))
      // 3 · (−4) = −12
      #expect(close(convolve([3], [-4], .valid), [-12]))
    }
  }

  /// 324 seeded configurations (108 length pairs × 3 modes): lengths 1…80 (1 forced in
  /// every 9th and 7th pair), each in both argument orders, all modes.
  /// Tolerance per entry: 1e-5 · (|x| * |k|)[n] + 1e-6 — Float rounding of a sum of at most
  /// 80 products is far below that bound, which scales with the size of the terms.
  @Test func randomSweepAgreesWithReference() {
    var g = SeededGenerator(seed: 2024)
    var configs = 0
    var worst = 0.0
    for trial in 0..<108 {
      let m = trial % 9 == 0 ? 1 : g.nextInt(in: 1...80)
      let n = trial % 7 == 0 ? 1 : g.nextInt(in: 1...80)
      let x = (0..<m).map { _ in Float(g.nextUniform(in: -1...1)) }
      let k = (0..<n).map { _ in Float(g.nextUniform(in: -1...1)) }
      for mode in ConvolutionMode.allCases {
        configs += 1
        let (xd, kd) = (x.map(Double.init), k.map(Double.init))
        let want = convolve1DReference(xd, kd, mode: mode)
        let scale = convolve1DReference(xd.map(abs), kd.map(abs), mode: mode)
        // Both argument orders: the longer input comes first in one and second in the other.
        for (name, got) in [
          ("convolve1D(x, k)", convolve1D(x, k, mode: mode)),
          ("convolve1D(k, x)", convolve1D(k, x, mode: mode)),
          ("fftConvolve1D(x, k)", fftConvolve1D(x, k, mode: mode)),
          ("fftConvolve1D(k, x)", fftConvolve1D(k, x, mode: mode)),
        ] {
          let report = compare(got, want, scale: scale)
          worst = max(worst, report.maxDifference)
          let passed = report.passed
          #expect(
            passed,
            "\(name) M = \(m), N = \(n), mode \(mode): \(report)")
        }
      }
    }
    #expect(configs >= 300)
    #expect(worst < 1e-5, "max |diff| over the sweep = \(worst)")
  }

  @Test func longInputsUseEveryChunkAndAgree() {
    // 3000 × 300 outputs·taps is above the threshold, so the direct kernel splits its
    // 3299 outputs into chunks of 2048.
    var g = SeededGenerator(seed: 99)
    let x = (0..<3000).map { _ in Float(g.nextUniform(in: -1...1)) }
    let k = (0..<300).map { _ in Float(g.nextUniform(in: -1...1)) }
    let (xd, kd) = (x.map(Double.init), k.map(Double.init))
    for mode in ConvolutionMode.allCases {
      let want = convolve1DReference(xd, kd, mode: mode)
      let scale = convolve1DReference(xd.map(abs), kd.map(abs), mode: mode)
      let direct = compare(convolve1D(x, k, mode: mode), want, scale: scale)
      let viaFFT = compare(fftConvolve1D(k, x, mode: mode), want, scale: scale)
      let (directPassed, fftPassed) = (direct.passed, viaFFT.passed)
      #expect(directPassed, "convolve1D 3000 * 300 \(mode): \(direct)")
      #expect(fftPassed, "fftConvolve1D 300 * 3000 \(mode): \(viaFFT)")
    }
  }

  @Test func fftLengthAboveTheCacheBlock() {
    // 5000 + 40 − 1 = 5039 → P = 8192 > 4096: the FFT's blocked and wide passes both run.
    var g = SeededGenerator(seed: 98)
    let x = (0..<5000).map { _ in Float(g.nextUniform(in: -1...1)) }
    let k = (0..<40).map { _ in Float(g.nextUniform(in: -1...1)) }
    let (xd, kd) = (x.map(Double.init), k.map(Double.init))
    for mode in ConvolutionMode.allCases {
      let want = convolve1DReference(xd, kd, mode: mode)
      let scale = convolve1DReference(xd.map(abs), kd.map(abs), mode: mode)
      let report = compare(fftConvolve1D(x, k, mode: mode), want, scale: scale)
      let passed = report.passed
      #expect(passed, "fftConvolve1D 5000 * 40 \(mode): \(report)")
    }
  }

  @Test func resultDoesNotDependOnThreadCount() {
    var g = SeededGenerator(seed: 5)
    let x = (0..<5000).map { _ in Float(g.nextUniform(in: -1...1)) }
    let k = (0..<257).map { _ in Float(g.nextUniform(in: -1...1)) }
    let one = Parallel.withThreadCount(1) { convolve1D(x, k, mode: .full) }
    let two = Parallel.withThreadCount(2) { convolve1D(x, k, mode: .full) }
    let three = Parallel.withThreadCount(3) { convolve1D(x, k, mode: .full) }
    #expect(one == two && two == three, "results differ bit for bit between thread counts")
  }
}

/// The comparison of a Float result with a Double reference, entry by entry.
private struct Comparison: CustomStringConvertible {
  var maxDifference = 0.0
  var mismatches: [String] = []
  var lengthMessage: String?
  var passed: Bool { lengthMessage == nil && mismatches.isEmpty }
  var description: String {
    if let lengthMessage { return lengthMessage }
    let first = mismatches.prefix(5).joined(separator: "; ")
    let tail = mismatches.isEmpty ? "" : ", first mismatches: \(first)"
    return "max |diff| = \(maxDifference)" + tail
  }
}

/// Allows `1e-5 · scale[i] + 1e-6` at entry `i`.
private func compare(_ got: [Float], _ want: [Double], scale: [Double]) -> Comparison {
  var report = Comparison()
  guard got.count == want.count else {
    report.lengthMessage = "length \(got.count), expected \(want.count)"
    return report
  }
  for i in 0..<got.count {
    let difference = abs(Double(got[i]) - want[i])
    report.maxDifference = max(report.maxDifference, difference)
    if difference > 1e-5 * scale[i] + 1e-6 {
      report.mismatches.append("[\(i)] got \(got[i]), want \(want[i])")
    }
  }
  return report
}

/// Whole-number expectations, within Float rounding of the FFT path.
private func close(_ got: [Float], _ want: [Float]) -> Bool {
  got.count == want.count && zip(got, want).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) }
}

private func direct(_ x: [Float], _ k: [Float], _ mode: ConvolutionMode) -> [Float] {
  convolve1D(x, k, mode: mode)
}

private func viaFFT(_ x: [Float], _ k: [Float], _ mode: ConvolutionMode) -> [Float] {
  fftConvolve1D(x, k, mode: mode)
}
