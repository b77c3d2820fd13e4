import CNNCore
import ConvolutionMath
import Testing

@Suite struct Convolution1DReferenceTests {
  @Test func seedExample() {
    // (x * k)[n] = Σ_m x[m]·k[n − m] for x = (1, 2, 3), k = (4, 5, 6):
    //   n = 0: 1·4 = 4
    //   n = 1: 1·5 + 2·4 = 13
    //   n = 2: 1·6 + 2·5 + 3·4 = 28
    //   n = 3: 2·6 + 3·5 = 27
    //   n = 4: 3·6 = 18
    let x: [Double] = [1, 2, 3], k: [Double] = [4, 5, 6]
    #expect(convolve1DReference(x, k, mode: .full) == [4, 13, 28, 27, 18])
    // same: max(3, 3) = 3 entries from (3 − 1)/2 = 1 → 13, 28, 27
    #expect(convolve1DReference(x, k, mode: .same) == [13, 28, 27])
    // valid: 3 − 3 + 1 = 1 entry from 3 − 1 = 2 → 28
    #expect(convolve1DReference(x, k, mode: .valid) == [28])
  }

  @Test func differenceKernel() {
    // k = (1, −1): (x * k)[n] = x[n] − x[n − 1] (x read as 0 outside)
    //   x = (1, 4, 9, 16): 1; 4 − 1 = 3; 9 − 4 = 5; 16 − 9 = 7; 0 − 16 = −16
    let x: [Double] = [1, 4, 9, 16]
    #expect(convolve1DReference(x, [1, -1], mode: .full) == [1, 3, 5, 7, -16])
    // same: 4 entries from (2 − 1)/2 = 0 → 1, 3, 5, 7; valid: 3 entries from 1 → 3, 5, 7
    #expect(convolve1DReference(x, [1, -1], mode: .same) == [1, 3, 5, 7])
    #expect(convolve1DReference(x, [1, -1], mode: .valid) == [3, 5, 7])
  }

  @Test func shorterFirstInputGivesTheSameNumbers() {
    // numpy.convolve([1, 2], [1, 10, 100, 1000]): full 1, 12, 120, 1200, 2000;
    // same = 4 entries from (2 − 1)/2 = 0; valid = 3 entries from 1
    let a: [Double] = [1, 2], b: [Double] = [1, 10, 100, 1000]
    #expect(convolve1DReference(a, b, mode: .full) == [1, 12, 120, 1200, 2000])
    #expect(convolve1DReference(a, b, mode: .same) == [1, 12, 120, 1200])
    #expect(convolve1DReference(a, b, mode: .valid) == [12, 120, 1200])
  }

  @Test func lengthOne() {
    // a one-tap kernel only scales: 3·(1, 2) = (3, 6); (5) * (7) = 35 in every mode
    #expect(convolve1DReference([1.0, 2], [3], mode: .full) == [3, 6])
    #expect(convolve1DReference([1.0, 2], [3], mode: .valid) == [3, 6])
    for mode in ConvolutionMode.allCases {
      #expect(convolve1DReference([5.0], [7], mode: mode) == [35])
    }
  }

  @Test func unitImpulseIsTheIdentity() {
    // δ = (1): x * δ = x; a delayed impulse (0, 0, 1) delays x by two places
    let x: [Double] = [3, 1, 4, 1, 5]
    #expect(convolve1DReference(x, [1], mode: .full) == x)
    #expect(convolve1DReference(x, [0, 0, 1], mode: .full) == [0, 0, 3, 1, 4, 1, 5])
  }

  @Test func floatAndDoubleAgree() {
    let x: [Float] = [0.5, -1.25, 2], k: [Float] = [4, 0.25]
    // 0.5·4 = 2; 0.5·0.25 − 1.25·4 = −4.875; −1.25·0.25 + 2·4 = 7.6875; 2·0.25 = 0.5
    #expect(convolve1DReference(x, k, mode: .full) == [2, -4.875, 7.6875, 0.5])
    #expect(convolve1DReference(x.map(Double.init), k.map(Double.init), mode: .full)
              == [2, -4.875, 7.6875, 0.5])
  }

  @Test func commutativeInEveryMode() {
    var g = SeededGenerator(seed: 1)
    for _ in 0..<40 {
      let x = randomSignal(g.nextInt(in: 1...12), &g), k = randomSignal(g.nextInt(in: 1...12), &g)
      for mode in ConvolutionMode.allCases {
        let difference = maxDifference(
          convolve1DReference(x, k, mode: mode), convolve1DReference(k, x, mode: mode))
        // the same products summed in another order: Double rounding only
        #expect(difference < 1e-14, "len \(x.count), \(k.count), \(mode): \(difference)")
      }
    }
  }

  @Test func associative() {
    // (a * b) * c = a * (b * c) for full convolutions: exact on small integers…
    let a: [Double] = [1, 2], b: [Double] = [1, -1, 3], c: [Double] = [2, 0, 1]
    // a * b = (1, 1, 1, 6); (a * b) * c = (2, 2, 3, 13, 1, 6)
    let left = convolve1DReference(convolve1DReference(a, b, mode: .full), c, mode: .full)
    let right = convolve1DReference(a, convolve1DReference(b, c, mode: .full), mode: .full)
    #expect(left == [2, 2, 3, 13, 1, 6])
    #expect(right == left)
    // …and to rounding on random reals
    var g = SeededGenerator(seed: 2)
    for _ in 0..<20 {
      let x = randomSignal(g.nextInt(in: 1...10), &g)
      let y = randomSignal(g.nextInt(in: 1...10), &g)
      let z = randomSignal(g.nextInt(in: 1...10), &g)
      let difference = maxDifference(
        convolve1DReference(convolve1DReference(x, y, mode: .full), z, mode: .full),
        convolve1DReference(x, convolve1DReference(y, z, mode: .full), mode: .full))
      #expect(difference < 1e-13)
    }
  }

  @Test func distributesOverAddition() {
    // x * (k₁ + k₂) = x * k₁ + x * k₂
    let x: [Double] = [1, 2, 3], k1: [Double] = [1, 0, 2], k2: [Double] = [0, 1, -1]
    let sum = convolve1DReference(x, zip(k1, k2).map(+), mode: .full)
    let separate = zip(
      convolve1DReference(x, k1, mode: .full), convolve1DReference(x, k2, mode: .full)
    ).map(+)
    #expect(sum == separate)
  }

  @Test func translationEquivariance() {
    // Shifting the input by s shifts the full output by s (x ends in ≥ s zeros).
    // x = (1, 2, 3, 0, 0), k = (1, 1): x * k = (1, 3, 5, 3, 0, 0)
    let x: [Double] = [1, 2, 3, 0, 0], k: [Double] = [1, 1]
    #expect(convolve1DReference(x, k, mode: .full) == [1, 3, 5, 3, 0, 0])
    // shifted by 2: (0, 0, 1, 2, 3) * (1, 1) = (0, 0, 1, 3, 5, 3)
    #expect(convolve1DReference(shifted(x, by: 2), k, mode: .full) == [0, 0, 1, 3, 5, 3])
    var g = SeededGenerator(seed: 3)
    for s in 0...5 {
      let signal = randomSignal(10, &g) + [Double](repeating: 0, count: 5)
      let kernel = randomSignal(4, &g)
      let shiftedThenConvolved = convolve1DReference(shifted(signal, by: s), kernel, mode: .full)
      let convolvedThenShifted = shifted(convolve1DReference(signal, kernel, mode: .full), by: s)
      #expect(shiftedThenConvolved == convolvedThenShifted, "shift \(s)")
    }
  }

  @Test func polynomialProductIsConvolution() {
    // (1 + 2x + 3x²)(4 + 5x + 6x²) = 4 + 13x + 28x² + 27x³ + 18x⁴
    #expect(polynomialProduct([1.0, 2, 3], [4, 5, 6]) == [4, 13, 28, 27, 18])
    // at x = 10 the polynomials are 321 and 654: 4 + 130 + 2800 + 27000 + 180000 = 209934
    #expect(polynomialValue([4.0, 13, 28, 27, 18], at: 10) == 321 * 654)
    #expect(polynomialText([4.0, 13, 28, 27, 18]) == "4 + 13x + 28x² + 27x³ + 18x⁴")
    #expect(polynomialText([1.0, 0, -1]) == "1 − x²")
    #expect(polynomialText([0.0, -2, 0, 0, 0, 0, 0, 0, 0, 0, 1]) == "−2x + x¹⁰")
    #expect(polynomialText([0.0]) == "0")
    var g = SeededGenerator(seed: 4)
    for _ in 0..<20 {
      let a = randomSignal(g.nextInt(in: 1...9), &g), b = randomSignal(g.nextInt(in: 1...9), &g)
      #expect(maxDifference(polynomialProduct(a, b), convolve1DReference(a, b, mode: .full))
                < 1e-14)
    }
  }

  @Test func shiftedFillsWithZeros() {
    #expect(shifted([1.0, 2, 3, 0, 0], by: 2) == [0, 0, 1, 2, 3])
    #expect(shifted([1.0, 2, 3], by: -1) == [2, 3, 0])
    #expect(shifted([1.0, 2, 3], by: 5) == [0, 0, 0])
  }
}

func randomSignal(_ count: Int, _ g: inout SeededGenerator) -> [Double] {
  (0..<count).map { _ in g.nextUniform(in: -1...1) }
}

func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
  precondition(a.count == b.count, "lengths differ: \(a.count) and \(b.count)")
  return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
