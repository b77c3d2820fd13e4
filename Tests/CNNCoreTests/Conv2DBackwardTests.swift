import CNNCore
import CrossCorrelation
import Testing

@Suite struct Conv2DBackwardTests {
  @Test func handComputedSingleOutputGradient() throws {
    // x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], w = [[1, 0], [0, −1]], dy = [[1, 0], [0, 0]]:
    // only y[0, 0] = 1·1 + 0·2 + 0·4 − 1·5 matters, so
    //   dw = the window it read = [[1, 2], [4, 5]],  db = 1 + 0 + 0 + 0 = 1,
    //   dx = w laid over that window = [[1, 0, 0], [0, −1, 0], [0, 0, 0]].
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 3, width: 3, outChannels: 1, kernel: 2)
    let x = Tensor<Float>(shape: [1, 1, 3, 3], scalars: (1...9).map(Float.init))
    let w = Tensor<Float>(shape: [1, 1, 2, 2], scalars: [1, 0, 0, -1])
    let dy = Tensor<Float>(shape: [1, 1, 2, 2], scalars: [1, 0, 0, 0])
    for grads in [
      conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: g),
      conv2dBackwardReference(input: x, weight: w, outputGradient: dy, geometry: g),
    ] {
      #expect(grads.weight.scalars == [1, 2, 4, 5])
      #expect(grads.bias.scalars == [1])
      #expect(grads.input.scalars == [1, 0, 0, 0, -1, 0, 0, 0, 0])
    }
  }

  @Test func overlappingWindowsAddUp() throws {
    // 3×3 input, 2×2 kernel of ones, dy all ones: each input pixel receives one 1 per
    // window covering it: corners 1, edge centres 2, the centre 4.
    // dw[r, s] = Σ of the 2×2 block of x starting at (r, s): x = 1…9 gives
    //   dw = [[1+2+4+5, 2+3+5+6], [4+5+7+8, 5+6+8+9]] = [[12, 16], [24, 28]]; db = 4.
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 3, width: 3, outChannels: 1, kernel: 2)
    let x = Tensor<Float>(shape: [1, 1, 3, 3], scalars: (1...9).map(Float.init))
    let w = Tensor<Float>(shape: [1, 1, 2, 2], repeating: 1)
    let dy = Tensor<Float>(shape: [1, 1, 2, 2], repeating: 1)
    let grads = conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: g)
    #expect(grads.input.scalars == [1, 2, 1, 2, 4, 2, 1, 2, 1])
    #expect(grads.weight.scalars == [12, 16, 24, 28])
    #expect(grads.bias.scalars == [4])
  }

  /// 320 random configurations against `conv2dBackwardReference` (in Float). Tolerance:
  /// `1e-4 · Σ|terms|` per element (the same sums over `|x|, |w|, |dy|`). The longest sums
  /// are dw's, up to N·P·Q = 3·20·20 = 1200 terms; their typical rounding, about
  /// `√1200 · 2⁻²⁴ ≈ 2e-6` of `Σ|terms|`, is far inside it.
  @Test func randomSweepAgainstReference() {
    sweepGeometries(seed: 0xBAC_4A2D, draw: randomConvGeometry) { geometry, g in
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let dy = g.tensor(geometry.outputShape)
      return check(geometry, x, w, dy, config: "\(geometry) batch \(geometry.batch)")
    }
  }

  /// Layers large enough for the chunked batch reduction (and several images per chunk),
  /// the single-image path with threaded products, and the 1×1 path.
  @Test func largerLayersAgainstReference() throws {
    var g = SeededGenerator(seed: 0xBAC_4A2E)
    let layers = [
      try Conv2DGeometry(
        batch: 9, inChannels: 6, height: 10, width: 9, outChannels: 8, kernel: 3, padding: 1),
      try Conv2DGeometry(
        batch: 1, inChannels: 12, height: 18, width: 17, outChannels: 24, kernel: (2, 3),
        stride: (1, 2), padding: Padding2D(top: 0, bottom: 1, left: 2, right: 0),
        dilation: (2, 1), groups: 3, rounding: .floor),
      try Conv2DGeometry(
        batch: 6, inChannels: 16, height: 7, width: 8, outChannels: 10, kernel: 1),
    ]
    for geometry in layers {
      check(
        geometry, g.tensor(geometry.inputShape), g.tensor(geometry.weightShape),
        g.tensor(geometry.outputShape), config: "\(geometry) batch \(geometry.batch)")
    }
  }

  @discardableResult
  private func check(
    _ geometry: Conv2DGeometry, _ x: Tensor<Float>, _ w: Tensor<Float>, _ dy: Tensor<Float>,
    config: String
  ) -> Bool {
    let actual = conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: geometry)
    let expected = conv2dBackwardReference(
      input: x, weight: w, outputGradient: dy, geometry: geometry)
    let scale = conv2dBackwardReference(
      input: x.magnitudes, weight: w.magnitudes, outputGradient: dy.magnitudes,
      geometry: geometry)
    #expect(actual.input.shape == geometry.inputShape)
    #expect(actual.weight.shape == geometry.weightShape)
    #expect(actual.bias.shape == [geometry.outChannels])
    let dx = expectNoMismatch(
      mismatchReport(
        actual.input.scalars, expected.input.scalars, scale: scale.input.scalars,
        tolerance: 1e-4, config: "dx of \(config)"))
    let dw = expectNoMismatch(
      mismatchReport(
        actual.weight.scalars, expected.weight.scalars, scale: scale.weight.scalars,
        tolerance: 1e-4, config: "dw of \(config)"))
    let db = expectNoMismatch(
      mismatchReport(
        actual.bias.scalars, expected.bias.scalars, scale: scale.bias.scalars,
        tolerance: 1e-4, config: "db of \(config)"))
    // Without the input gradient: the same dw and db bits, and an empty dx.
    let parametersOnly = conv2dBackward(
      input: x, weight: w, outputGradient: dy, geometry: geometry, inputGradient: false)
    #expect(parametersOnly.input.shape == [0])
    let same = parametersOnly.weight.scalars.map(\.bitPattern)
      == actual.weight.scalars.map(\.bitPattern)
      && parametersOnly.bias.scalars.map(\.bitPattern) == actual.bias.scalars.map(\.bitPattern)
    #expect(same, "inputGradient: false changed dw or db for \(config)")
    return dx && dw && db && same
  }
}
