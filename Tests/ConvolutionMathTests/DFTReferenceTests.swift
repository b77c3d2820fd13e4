import CNNCore
import ConvolutionMath
import Foundation
import Testing

@Suite struct DFTReferenceTests {
  @Test func knownSignals() {
    // [1, 2, 3, 4]: X[0] = 10; X[1] = 1 + 2·(−i) + 3·(−1) + 4·i = −2 + 2i;
    // X[2] = 1 − 2 + 3 − 4 = −2; X[3] = 1 + 2i − 3 − 4i = −2 − 2i
    let a = dftReference(real: [1.0, 2, 3, 4], imag: [0, 0, 0, 0])
    #expect(near(a.real, [10, -2, -2, -2]) && near(a.imag, [0, 2, 0, -2]))
    // impulse at t = 0 → all ones; impulse at t = 1 → e^(−2πi·f/4) = 1, −i, −1, i
    let impulse = dftReference(real: [0.0, 1, 0, 0], imag: [0, 0, 0, 0])
    #expect(near(impulse.real, [1, 0, -1, 0]) && near(impulse.imag, [0, -1, 0, 1]))
    // constant 1 of length 5 (not a power of two): X[0] = 5, the rest 0
    let constant = dftReference(real: [1.0, 1, 1, 1, 1], imag: [0, 0, 0, 0, 0])
    #expect(near(constant.real, [5, 0, 0, 0, 0]) && near(constant.imag, [0, 0, 0, 0, 0]))
    // sin(2π·3t/8) = (e^(iθ) − e^(−iθ))/(2i): X[3] = −4i, X[5] = +4i
    let sine = dftReference(
      real: (0..<8).map { sin(2 * Double.pi * 3 * Double($0) / 8) },
      imag: [Double](repeating: 0, count: 8))
    #expect(near(sine.real, [Double](repeating: 0, count: 8)))
    #expect(near(sine.imag, [0, 0, 0, -4, 0, 4, 0, 0]))
    // length 1: X[0] = x[0]
    #expect(dftReference(real: [3.0], imag: [-2]) == ([3.0], [-2.0]))
  }

  @Test func inverseUndoesForward() {
    var g = SeededGenerator(seed: 41)
    for n in [1, 2, 3, 5, 8, 12] {
      let re = randomSignal(n, &g), im = randomSignal(n, &g)
      let spectrum = dftReference(real: re, imag: im)
      let back = dftReference(real: spectrum.real, imag: spectrum.imag, inverse: true)
      #expect(maxDifference(back.real, re) < 1e-14 && maxDifference(back.imag, im) < 1e-14)
    }
  }

  @Test func realSignalsHaveConjugateSymmetricSpectra() {
    // x real ⇒ X[n − f] = conj(X[f])
    var g = SeededGenerator(seed: 42)
    let n = 9
    let x = dftReference(real: randomSignal(n, &g), imag: [Double](repeating: 0, count: n))
    for f in 1..<n {
      #expect(abs(x.real[n - f] - x.real[f]) < 1e-13 && abs(x.imag[n - f] + x.imag[f]) < 1e-13)
    }
  }

  @Test func convolutionTheorem() {
    // linear: pad to M + N − 1, multiply spectra, transform back
    let seed = convolve1DByDFTReference([1.0, 2, 3], [4, 5, 6])
    #expect(maxDifference(seed, [4, 13, 28, 27, 18]) < 1e-13)
    var g = SeededGenerator(seed: 43)
    for _ in 0..<10 {
      let x = randomSignal(g.nextInt(in: 1...12), &g), k = randomSignal(g.nextInt(in: 1...12), &g)
      #expect(maxDifference(convolve1DByDFTReference(x, k), convolve1DReference(x, k, mode: .full))
                < 1e-13)
    }
    // circular: DFT(x ⊛ k)[f] = X[f]·K[f], same length, no padding
    let x = randomSignal(6, &g), k = randomSignal(6, &g)
    let zeros = [Double](repeating: 0, count: 6)
    let left = dftReference(real: circularConvolve1DReference(x, k), imag: zeros)
    let xf = dftReference(real: x, imag: zeros), kf = dftReference(real: k, imag: zeros)
    for f in 0..<6 {
      let productReal = xf.real[f] * kf.real[f] - xf.imag[f] * kf.imag[f]
      let productImag = xf.real[f] * kf.imag[f] + xf.imag[f] * kf.real[f]
      #expect(abs(left.real[f] - productReal) < 1e-13 && abs(left.imag[f] - productImag) < 1e-13)
    }
  }

  @Test func floatVersionIsCloseToDouble() {
    let x: [Float] = [1, 2, 3, 4, 5]
    let single = dftReference(real: x, imag: [Float](repeating: 0, count: 5))
    let double = dftReference(real: x.map(Double.init), imag: [Double](repeating: 0, count: 5))
    #expect(maxDifference(single.real.map(Double.init), double.real) < 1e-5)
    #expect(maxDifference(single.imag.map(Double.init), double.imag) < 1e-5)
  }
}

private func near(_ got: [Double], _ want: [Double]) -> Bool {
  got.count == want.count && zip(got, want).allSatisfy { abs($0 - $1) < 1e-12 }
}
