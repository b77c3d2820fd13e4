import CNNCore
import Testing

/// Checks that every fixture file decodes and agrees with itself: shapes match data lengths,
/// and gradients satisfy the identities that linearity implies. These need no library API;
/// they guard the fixtures (and the decoders) before any implementation is compared with them.
///
/// Linearity: when `y` is linear in `x` (convolution in either operand, padding, average
/// pooling) or picks elements of it (max pooling),
/// ```
///   L = Σ y · g = Σ x · ∂L/∂x   (+ the terms that do not depend on x)
/// ```
/// Tolerance: `1e-5 · Σ |y · g|`, far above float32 rounding of these sums (~1e-7 relative).
@Suite struct FixtureConsistencyTests {
  private func dot(_ a: [Double], _ b: [Double]) -> (value: Double, magnitude: Double) {
    precondition(a.count == b.count, "dot of \(a.count) and \(b.count) values")
    var value = 0.0, magnitude = 0.0
    for (x, y) in zip(a, b) {
      value += x * y
      magnitude += abs(x * y)
    }
    return (value, magnitude)
  }

  private func expectClose(_ a: Double, _ b: Double, scale: Double, _ label: String) {
    let bound = 1e-5 * max(scale, 1e-12)
    #expect(abs(a - b) <= bound, "\(label): \(a) vs \(b), |diff| \(abs(a - b)) > \(bound)")
  }

  @Test func conv2dGradientsAreConsistent() throws {
    for c in try FixtureFile.load(Conv2DFixtureFile.self, from: "conv2d").cases {
      let count = { (shape: [Int]) in shape.reduce(1, *) }
      #expect(c.input.values.count == count(c.inputShape), "\(c.name)")
      #expect(c.weight.values.count == count(c.weightShape), "\(c.name)")
      #expect(c.output.values.count == count(c.outputShape), "\(c.name)")
      #expect(c.gradOutput.values.count == c.output.values.count, "\(c.name)")
      #expect(c.gradInput.values.count == c.input.values.count, "\(c.name)")
      #expect(c.gradWeight.values.count == c.weight.values.count, "\(c.name)")
      #expect((c.bias == nil) == (c.gradBias == nil), "\(c.name)")
      // y = conv(x, w) + b is linear in x and in w separately:
      //   Σ y·g = Σ x·gradInput + Σ b·gradBias = Σ w·gradWeight + Σ b·gradBias
      let loss = dot(c.output.converted(), c.gradOutput.converted())
      let biasTerm = c.bias.map { dot($0.converted(), c.gradBias!.converted()).value } ?? 0
      let viaInput = dot(c.input.converted(), c.gradInput.converted()).value + biasTerm
      let viaWeight = dot(c.weight.converted(), c.gradWeight.converted()).value + biasTerm
      expectClose(viaInput, loss.value, scale: loss.magnitude, "\(c.name) via input")
      expectClose(viaWeight, loss.value, scale: loss.magnitude, "\(c.name) via weight")
    }
  }

  @Test func convolve1dModesAreSlicesOfFull() throws {
    let cases = try FixtureFile.load(Convolve1DFixtureFile.self, from: "convolve1d").cases
    #expect(cases.count >= 10)
    for c in cases {
      let (m, n) = (c.signal.count, c.kernel.count)
      let (short, long) = (min(m, n), max(m, n))
      #expect(c.full.count == m + n - 1, "\(c.name)")
      #expect(c.same.count == long && c.sameOffset == (short - 1) / 2, "\(c.name)")
      #expect(c.valid.count == long - short + 1, "\(c.name)")
      #expect(c.same == Array(c.full[c.sameOffset..<c.sameOffset + long]), "\(c.name)")
      #expect(c.valid == Array(c.full[short - 1..<long]), "\(c.name)")
      // Σ full = Σ signal · Σ kernel: the sum of a polynomial product at z = 1.
      let sum = c.signal.reduce(0, +) * c.kernel.reduce(0, +)
      let scale = c.signal.map(abs).reduce(0, +) * c.kernel.map(abs).reduce(0, +)
      expectClose(c.full.reduce(0, +), sum, scale: scale, "\(c.name) Σ full")
    }
    #expect(cases.contains { $0.kernel.count > $0.signal.count })
    #expect(cases.contains { $0.kernel.count == $0.signal.count })
    #expect(cases.contains { $0.kernel.count == 1 })
  }

  @Test func fftSatisfiesParsevalAndRoundTrips() throws {
    let cases = try FixtureFile.load(FFTFixtureFile.self, from: "fft").cases
    for length in [1, 2, 4, 8, 16, 32, 64] {
      #expect(cases.contains { $0.length == length }, "no signal of length \(length)")
    }
    #expect(cases.contains { !$0.powerOfTwo })
    for c in cases {
      let n = c.length
      for array in [c.inputRe, c.inputIm, c.fftRe, c.fftIm, c.ifftRe, c.ifftIm,
                    c.roundTripRe, c.roundTripIm] {
        #expect(array.count == n, "\(c.name)")
      }
      #expect(c.powerOfTwo == (n & (n - 1) == 0), "\(c.name)")
      #expect(c.real == c.inputIm.allSatisfy { $0 == 0 }, "\(c.name)")
      // Parseval: Σ|X|² = N · Σ|x|².  X[0] = Σ x.
      let energy = zip(c.inputRe, c.inputIm).map { $0 * $0 + $1 * $1 }.reduce(0, +)
      let spectrum = zip(c.fftRe, c.fftIm).map { $0 * $0 + $1 * $1 }.reduce(0, +)
      expectClose(spectrum, Double(n) * energy, scale: Double(n) * energy, "\(c.name) Parseval")
      let scale = c.inputRe.map(abs).reduce(0, +) + c.inputIm.map(abs).reduce(0, +)
      expectClose(c.fftRe[0], c.inputRe.reduce(0, +), scale: scale, "\(c.name) X[0]")
      for i in 0..<n {
        expectClose(c.roundTripRe[i], c.inputRe[i], scale: scale, "\(c.name) round trip")
        expectClose(c.roundTripIm[i], c.inputIm[i], scale: scale, "\(c.name) round trip")
        // A real signal: ifft(x)[k] = conj(fft(x)[k]) / N.
        if c.real {
          expectClose(c.ifftRe[i], c.fftRe[i] / Double(n), scale: scale, "\(c.name) ifft")
          expectClose(c.ifftIm[i], -c.fftIm[i] / Double(n), scale: scale, "\(c.name) ifft")
        }
      }
    }
  }

  @Test func padGradientsAreConsistent() throws {
    let file = try FixtureFile.load(PadFixtureFile.self, from: "pad")
    #expect(file.inputShape == [1, 2, 4, 5])
    #expect(file.input.values == (0..<40).map(Float.init))
    let x: [Double] = file.input.converted()
    for mode in ["constant", "reflect", "replicate", "circular"] {
      #expect(file.cases.contains { $0.mode == mode }, "no \(mode) case")
    }
    for c in file.cases {
      let p = c.padding
      #expect(c.outputShape == [1, 2, 4 + p.top + p.bottom, 5 + p.left + p.right], "\(c.name)")
      #expect(c.output.values.count == c.outputShape.reduce(1, *), "\(c.name)")
      #expect((c.value != nil) == (c.mode == "constant"), "\(c.name)")
      // Every output is an input element or (constant mode) the fill v:
      //   Σ y·g = Σ x·gradInput + v·(Σ g − Σ gradInput)
      // since each input element appears once in constant mode, Σ gradInput is the part of
      // Σ g that falls inside; in the other modes v = 0.
      let g: [Double] = c.gradOutput.converted(), gx: [Double] = c.gradInput.converted()
      let loss = dot(c.output.converted(), g)
      let fill = (c.value ?? 0) * (g.reduce(0, +) - gx.reduce(0, +))
      expectClose(dot(x, gx).value + fill, loss.value, scale: loss.magnitude, c.name)
    }
  }

  @Test func poolGradientsAreConsistent() throws {
    let cases = try FixtureFile.load(PoolFixtureFile.self, from: "pool").cases
    #expect(cases.contains { $0.op == "max" && $0.name.contains("ties") })
    #expect(cases.contains { $0.op == "adaptive_avg" })
    for c in cases {
      #expect(c.input.values.count == c.inputShape.reduce(1, *), "\(c.name)")
      #expect(c.output.values.count == c.outputShape.reduce(1, *), "\(c.name)")
      #expect(c.gradInput.values.count == c.input.values.count, "\(c.name)")
      #expect((c.countIncludePad != nil) == (c.op == "avg"), "\(c.name)")
      if let k = c.kernel, let s = c.stride, let p = c.padding, let ceil = c.ceilMode {
        // CNNCore's one output-size function must give PyTorch's pooled sizes.
        for (d, size) in [(2, c.inputShape[2]), (3, c.inputShape[3])] {
          let out = try outputSize(
            input: size, kernel: k, stride: s, padding: p, rounding: ceil ? .ceil : .floor)
          #expect(c.outputShape[d] == out, "\(c.name) dimension \(d): outputSize gives \(out)")
        }
      }
      // Average pooling is linear; max pooling copies one element per window: either way
      //   Σ y·g = Σ x·gradInput.
      let loss = dot(c.output.converted(), c.gradOutput.converted())
      let viaInput = dot(c.input.converted(), c.gradInput.converted()).value
      expectClose(viaInput, loss.value, scale: loss.magnitude, c.name)
    }
  }
}
