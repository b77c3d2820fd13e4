import CNNCore
import CrossCorrelation
import Testing

@Suite struct Conv2DTests {
  @Test func handComputedWithBias() throws {
    // x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], w = [[1, 0], [0, −1]], b = 10:
    //   y00 = 10 + 1 − 5 = 6, y01 = 10 + 2 − 6 = 6, y10 = 10 + 4 − 8 = 6, y11 = 10 + 5 − 9 = 6
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 3, width: 3, outChannels: 1, kernel: 2)
    let x = Tensor<Float>(shape: [1, 1, 3, 3], scalars: (1...9).map(Float.init))
    let w = Tensor<Float>(shape: [1, 1, 2, 2], scalars: [1, 0, 0, -1])
    let y = conv2d(input: x, weight: w, bias: Tensor(shape: [1], scalars: [10]), geometry: g)
    #expect(y.scalars == [6, 6, 6, 6])
  }

  @Test func pointwiseConvolutionSkipsIm2col() throws {
    // 1×1 kernel, 2 → 1 channels: y = 2·x₀ − x₁ + 0.5 at every pixel.
    //   x₀ = [1, 2, 3, 4], x₁ = [4, 3, 2, 1] → y = [2 − 4, 4 − 3, 6 − 2, 8 − 1] + 0.5
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 2, height: 2, width: 2, outChannels: 1, kernel: 1)
    let x = Tensor<Float>(shape: [1, 2, 2, 2], scalars: [1, 2, 3, 4, 4, 3, 2, 1])
    let w = Tensor<Float>(shape: [1, 2, 1, 1], scalars: [2, -1])
    let y = conv2d(input: x, weight: w, bias: Tensor(shape: [1], scalars: [0.5]), geometry: g)
    #expect(y.scalars == [-1.5, 1.5, 4.5, 7.5])
  }

  /// 320 random configurations against `conv2dReference` (in Float). Tolerance:
  /// `2e-5 · (|b| + Σ|w·x|)` per output: two Float sums of at most 6·5·5 + 1 = 151 terms are
  /// each within `151·2⁻²⁴ ≈ 9e-6` of the exact value, relative to that sum.
  @Test func randomSweepAgainstReference() {
    sweepGeometries(seed: 0xC0_4E_2D, draw: randomConvGeometry) { geometry, g in
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let b: Tensor<Float>? = g.nextInt(in: 0...3) == 0 ? nil : g.tensor([geometry.outChannels])
      let actual = conv2d(input: x, weight: w, bias: b, geometry: geometry)
      let expected = conv2dReference(input: x, weight: w, bias: b, geometry: geometry)
      let scale = conv2dReference(
        input: x.magnitudes, weight: w.magnitudes, bias: b?.magnitudes, geometry: geometry)
      #expect(actual.shape == geometry.outputShape)
      let report = mismatchReport(
        actual.scalars, expected.scalars, scale: scale.scalars, tolerance: 2e-5,
        config: "\(geometry) batch \(geometry.batch) bias \(b != nil)")
      return expectNoMismatch(report)
    }
  }

  /// Larger layers that take the chunked path (several images per call) and the path that
  /// shares one matrix product between threads (a single image), plus a 1×1 layer.
  @Test func largerLayersAgainstReference() throws {
    var g = SeededGenerator(seed: 0xC0_4E_2E)
    let layers = [
      try Conv2DGeometry(
        batch: 5, inChannels: 8, height: 14, width: 13, outChannels: 12, kernel: 3, padding: 1),
      try Conv2DGeometry(
        batch: 1, inChannels: 16, height: 20, width: 20, outChannels: 40, kernel: (3, 2),
        stride: (2, 1), padding: Padding2D(top: 1, bottom: 0, left: 0, right: 1),
        groups: 4, rounding: .floor),
      try Conv2DGeometry(
        batch: 4, inChannels: 24, height: 9, width: 11, outChannels: 20, kernel: 1),
    ]
    for geometry in layers {
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let b = g.tensor([geometry.outChannels])
      let actual = conv2d(input: x, weight: w, bias: b, geometry: geometry)
      let expected = conv2dReference(input: x, weight: w, bias: b, geometry: geometry)
      let scale = conv2dReference(
        input: x.magnitudes, weight: w.magnitudes, bias: b.magnitudes, geometry: geometry)
      // Up to 16/4·3·2 + 1 = 25 or 24 + 1 or 8·9 + 1 = 73 terms: 2e-5 covers 2·73·2⁻²⁴.
      expectNoMismatch(
        mismatchReport(
          actual.scalars, expected.scalars, scale: scale.scalars, tolerance: 2e-5,
          config: "\(geometry)"))
    }
  }
}
