import CNNCore
import ConvolutionMath
import Foundation
import Testing

/// `FFTPlan`, `FFT2DPlan` and `fftConvolve2D` against the O(n²) definitions.
@Suite struct FFTTests {
  @Test func paddedLengths() {
    // the smallest power of two ≥ n: 1 → 1, 2 → 2, 3 → 4, 5 → 8, 1024 → 1024, 1025 → 2048
    #expect([1, 2, 3, 5, 1024, 1025].map(FFTPlan.length(atLeast:)) == [1, 2, 4, 8, 1024, 2048])
  }

  @Test func knownTransforms() {
    // [1, 2, 3, 4]: X[0] = 10; X[1] = 1 − 2i − 3 + 4i = −2 + 2i; X[2] = 1 − 2 + 3 − 4 = −2;
    // X[3] = 1 + 2i − 3 − 4i = −2 − 2i
    let a = fft(real: [1, 2, 3, 4], imag: [0, 0, 0, 0])
    #expect(near(a.real, [10, -2, -2, -2]) && near(a.imag, [0, 2, 0, -2]))
    // an impulse at t = 0 has every X[f] = e^0 = 1
    let b = fft(real: [1, 0, 0, 0, 0, 0, 0, 0], imag: Array(repeating: 0, count: 8))
    #expect(near(b.real, Array(repeating: 1, count: 8)))
    #expect(near(b.imag, Array(repeating: 0, count: 8)))
    // a constant 1 of length 8 puts everything at f = 0: X[0] = 8
    let c = fft(real: Array(repeating: 1, count: 8), imag: Array(repeating: 0, count: 8))
    #expect(near(c.real, [8, 0, 0, 0, 0, 0, 0, 0]) && near(c.imag, Array(repeating: 0, count: 8)))
    // cos(2π·t/8) = (e^(2πit/8) + e^(−2πit/8))/2: half of 8 at f = 1 and at f = 7
    let cosine = (0..<8).map { cos(2 * Double.pi * Double($0) / 8) }
    let d = fft(real: cosine, imag: Array(repeating: 0, count: 8))
    #expect(near(d.real, [0, 4, 0, 0, 0, 0, 0, 4]) && near(d.imag, Array(repeating: 0, count: 8)))
    // length 1: X[0] = x[0]; length 2: (a + b, a − b) = (3 + 5, 3 − 5)
    #expect(fft(real: [7], imag: [-1]).real == [7])
    #expect(near(fft(real: [3, 5], imag: [0, 0]).real, [8, -2]))
  }

  /// Sizes 1 … 1024 with random complex input; tolerance 1e-12 · Σ|x| per entry (the DFT
  /// reference itself rounds n products; the FFT's error grows like log₂ n).
  @Test func forwardAndInverseMatchTheDFT() {
    var g = SeededGenerator(seed: 11)
    for p in 0...10 {
      let n = 1 << p
      let re = (0..<n).map { _ in g.nextUniform(in: -1...1) }
      let im = (0..<n).map { _ in g.nextUniform(in: -1...1) }
      let size = zip(re, im).reduce(0) { $0 + ($1.0 * $1.0 + $1.1 * $1.1).squareRoot() }
      let tolerance = 1e-12 * size
      let want = dftReference(real: re, imag: im)
      let got = fft(real: re, imag: im)
      let forward = maxDifference(got, want)
      #expect(forward <= tolerance, "forward n = \(n): max |diff| = \(forward)")
      let wantInverse = dftReference(real: re, imag: im, inverse: true)
      let gotInverse = inverseFFT(real: re, imag: im)
      let inverse = maxDifference(gotInverse, wantInverse)
      #expect(inverse <= tolerance / Double(n), "inverse n = \(n): max |diff| = \(inverse)")
    }
  }

  /// Lengths above the cache block (2¹²) take the blocked path; checking 12 frequencies
  /// against the defining sum (n products each) is cheap and catches a wrong pass order,
  /// which a round trip or Parseval's identity would not.
  @Test func largeTransformsMatchTheDefinitionAtSampledFrequencies() {
    var g = SeededGenerator(seed: 17)
    for n in [1 << 13, 1 << 14] {
      let re = (0..<n).map { _ in g.nextUniform(in: -1...1) }
      let im = (0..<n).map { _ in g.nextUniform(in: -1...1) }
      let got = fft(real: re, imag: im)
      var worst = 0.0
      for f in [0, 1, 3, 1000, 4095, 4097, n / 2 - 1, n / 2, n / 3, n / 4 + 3, n - 1, n - 1000] {
        var sr = 0.0, si = 0.0
        for t in 0..<n {
          let angle = -2 * Double.pi * Double((f * t) % n) / Double(n)
          let (c, s) = (cos(angle), sin(angle))
          sr += re[t] * c - im[t] * s
          si += re[t] * s + im[t] * c
        }
        worst = max(worst, abs(got.real[f] - sr), abs(got.imag[f] - si))
      }
      // each X[f] sums n terms of size ≤ √2 (|X| ~ √n ≈ 100): rounding is near 1e-13,
      // so 1e-9 only fails for a real error
      #expect(worst < 1e-9, "n = \(n): max |FFT − DFT| at sampled frequencies = \(worst)")
    }
  }

  @Test func roundTripRestoresTheSignal() {
    var g = SeededGenerator(seed: 12)
    for n in [1, 2, 4, 16, 256, 4096, 1 << 15] {
      let plan = FFTPlan(count: n)
      let re = (0..<n).map { _ in g.nextUniform(in: -1...1) }
      let im = (0..<n).map { _ in g.nextUniform(in: -1...1) }
      var (r, i) = (re, im)
      plan.forward(real: &r, imag: &i)
      plan.inverse(real: &r, imag: &i)
      let difference = maxDifference((r, i), (re, im))
      // each entry passes through 2·log₂ n rounded butterflies: 1e-14 leaves a wide margin
      #expect(difference < 1e-14 * Double(max(1, n.trailingZeroBitCount)),
              "round trip n = \(n): max |diff| = \(difference)")
    }
  }

  @Test func parsevalHolds() {
    // Σ_t |x[t]|² = (1/n)·Σ_f |X[f]|²
    var g = SeededGenerator(seed: 13)
    for n in [1, 8, 64, 1024, 1 << 14] {
      let re = (0..<n).map { _ in g.nextNormal() }
      let im = (0..<n).map { _ in g.nextNormal() }
      let energy = zip(re, im).reduce(0) { $0 + $1.0 * $1.0 + $1.1 * $1.1 }
      let spectrum = fft(real: re, imag: im)
      let spectralEnergy = zip(spectrum.real, spectrum.imag).reduce(0) {
        $0 + $1.0 * $1.0 + $1.1 * $1.1
      } / Double(n)
      #expect(abs(energy - spectralEnergy) <= 1e-12 * energy,
              "n = \(n): time energy \(energy), frequency energy \(spectralEnergy)")
    }
  }

  @Test func linearity() {
    // FFT(2x + 3y) = 2·FFT(x) + 3·FFT(y)
    var g = SeededGenerator(seed: 14)
    let n = 128
    let x = (0..<n).map { _ in g.nextUniform(in: -1...1) }
    let y = (0..<n).map { _ in g.nextUniform(in: -1...1) }
    let zeros = [Double](repeating: 0, count: n)
    let fx = fft(real: x, imag: zeros), fy = fft(real: y, imag: zeros)
    let combined = fft(real: zip(x, y).map { 2 * $0 + 3 * $1 }, imag: zeros)
    let expected = (zip(fx.real, fy.real).map { 2 * $0 + 3 * $1 },
                    zip(fx.imag, fy.imag).map { 2 * $0 + 3 * $1 })
    #expect(maxDifference(combined, expected) < 1e-12)
  }

  @Test func twoDimensionalMatchesRowThenColumnDFT() {
    var g = SeededGenerator(seed: 15)
    for (rows, columns) in [(1, 1), (1, 8), (8, 1), (2, 4), (8, 2), (16, 16), (4, 32), (32, 8)] {
      let re = (0..<rows * columns).map { _ in g.nextUniform(in: -1...1) }
      let im = (0..<rows * columns).map { _ in g.nextUniform(in: -1...1) }
      let want = dft2D(re, im, rows: rows, columns: columns)
      var (r, i) = (re, im)
      let plan = FFT2DPlan(rows: rows, columns: columns)
      plan.forward(real: &r, imag: &i)
      let forward = maxDifference((r, i), want)
      #expect(forward < 1e-11, "\(rows)×\(columns) forward: max |diff| = \(forward)")
      plan.inverse(real: &r, imag: &i)
      let back = maxDifference((r, i), (re, im))
      #expect(back < 1e-13, "\(rows)×\(columns) round trip: max |diff| = \(back)")
    }
    // [[1, 2], [3, 4]]: rows → [3, −1], [7, −1]; columns → [10, −2], [−4, 0]
    var (r, i): ([Double], [Double]) = ([1, 2, 3, 4], [0, 0, 0, 0])
    FFT2DPlan(rows: 2, columns: 2).forward(real: &r, imag: &i)
    #expect(near(r, [10, -2, -4, 0]) && near(i, [0, 0, 0, 0]))
  }

  @Test func fftConvolve2DHandExample() {
    // rows of [[1, 2], [3, 4]] each convolved with [1, 1]: (1, 1 + 2, 2), (3, 3 + 4, 4)
    let a = Tensor<Float>(rows: [[1, 2], [3, 4]])
    let b = fftConvolve2D(a, Tensor(rows: [[1, 1]]), mode: .full)
    #expect(b.shape == [2, 3])
    #expect(zip(b.scalars, [1, 3, 2, 3, 7, 4] as [Float]).allSatisfy { abs($0 - $1) < 1e-5 })
  }

  @Test func largeGridUsesThreadsAndAgrees() {
    // 90 + 8 − 1 = 97 → a 128 × 128 grid = 16 384 points: rows and column stripes are
    // spread over threads; the result must match the reference and not depend on threads.
    var g = SeededGenerator(seed: 18)
    let a = Tensor<Float>(shape: [90, 90], uniformIn: -1...1, using: &g)
    let k = Tensor<Float>(shape: [8, 8], uniformIn: -1...1, using: &g)
    let want = convolve2DReference(
      a.converted(to: Double.self), k.converted(to: Double.self), mode: .full)
    let one = Parallel.withThreadCount(1) { fftConvolve2D(a, k, mode: .full) }
    let two = Parallel.withThreadCount(2) { fftConvolve2D(a, k, mode: .full) }
    #expect(one == two, "results differ between 1 and 2 threads")
    #expect(one.shape == [97, 97])
    let worst = zip(one.scalars, want.scalars).reduce(0.0) { max($0, abs(Double($1.0) - $1.1)) }
    // |entries| ≤ 64 products of size ≤ 1: Float rounding of the result stays below 1e-5
    #expect(worst < 1e-5, "max |diff| = \(worst)")
  }

  /// 300 seeded configurations (100 size pairs, 1…12 on each axis of image and kernel, × 3 modes)
  /// against `convolve2DReference` in Double; tolerance 1e-5 · (|A| * |K|)(i, j) + 1e-6.
  @Test func fftConvolve2DAgreesWithReference() {
    var g = SeededGenerator(seed: 16)
    for trial in 0..<100 {
      let (h, w) = (g.nextInt(in: 1...12), g.nextInt(in: 1...12))
      let (r, s) = trial % 5 == 0 ? (1, 1) : (g.nextInt(in: 1...12), g.nextInt(in: 1...12))
      let a = Tensor<Float>(shape: [h, w], uniformIn: -1...1, using: &g)
      let k = Tensor<Float>(shape: [r, s], uniformIn: -1...1, using: &g)
      for mode in ConvolutionMode.allCases {
        let ad = a.converted(to: Double.self), kd = k.converted(to: Double.self)
        let want = convolve2DReference(ad, kd, mode: mode)
        let absA = Tensor(shape: ad.shape, scalars: ad.scalars.map(abs))
        let absK = Tensor(shape: kd.shape, scalars: kd.scalars.map(abs))
        let scale = convolve2DReference(absA, absK, mode: mode)
        let got = fftConvolve2D(a, k, mode: mode)
        var worst = 0.0
        var bad: [String] = []
        #expect(got.shape == want.shape, "\(h)×\(w) * \(r)×\(s) \(mode): shape \(got.shape)")
        guard got.shape == want.shape else { continue }
        for index in 0..<got.count {
          let difference = abs(Double(got.scalars[index]) - want.scalars[index])
          worst = max(worst, difference)
          if difference > 1e-5 * scale.scalars[index] + 1e-6 {
            bad.append("[\(index)] got \(got.scalars[index]), want \(want.scalars[index])")
          }
        }
        let first = bad.prefix(5).joined(separator: "; ")
        let passed = bad.isEmpty
        #expect(
          passed,
          "\(h)×\(w) * \(r)×\(s) \(mode): max |diff| = \(worst), first mismatches: \(first)")
      }
    }
  }
}

/// The 2-D DFT as the 1-D reference along every row, then along every column.
private func dft2D(
  _ re: [Double], _ im: [Double], rows: Int, columns: Int
) -> ([Double], [Double]) {
  var (r, i) = (re, im)
  for row in 0..<rows {
    let span = row * columns..<(row + 1) * columns
    let t = dftReference(real: Array(r[span]), imag: Array(i[span]))
    r.replaceSubrange(span, with: t.real)
    i.replaceSubrange(span, with: t.imag)
  }
  for column in 0..<columns {
    let indices = (0..<rows).map { $0 * columns + column }
    let t = dftReference(real: indices.map { r[$0] }, imag: indices.map { i[$0] })
    for (k, index) in indices.enumerated() {
      r[index] = t.real[k]
      i[index] = t.imag[k]
    }
  }
  return (r, i)
}

private func maxDifference(
  _ a: (real: [Double], imag: [Double]), _ b: (real: [Double], imag: [Double])
) -> Double {
  precondition(a.real.count == b.real.count && a.imag.count == b.imag.count)
  return zip(zip(a.real, a.imag), zip(b.real, b.imag)).reduce(0) {
    max($0, abs($1.0.0 - $1.1.0), abs($1.0.1 - $1.1.1))
  }
}

private func near(_ got: [Double], _ want: [Double]) -> Bool {
  got.count == want.count && zip(got, want).allSatisfy { abs($0 - $1) < 1e-12 }
}
