import CNNCore
import CrossCorrelation
import Testing

/// The direct path of `conv2d` / `conv2dBackward` (few input channels, stride 1; see
/// Conv2DDirect.swift) against the scalar references.
@Suite struct Conv2DDirectTests {
  /// A random geometry that takes the direct forward path: one group, stride 1, no dilation,
  /// C = 1…6 and a kernel of 1…5 per side (C·R·S ≤ 150; the backward pass is direct when
  /// C·R·S ≤ 75, in 137 of the 150 (C, R, S) choices), K = 1…8 (so that blocks of six
  /// filters and pairs of filters end part-full), H, W = 1…10, N = 1…2, padding 0…kernel−1
  /// per side.
  private func randomDirectGeometry(using g: inout SeededGenerator) -> Conv2DGeometry? {
    let kernel = (g.nextInt(in: 1...5), g.nextInt(in: 1...5))
    let padding = Padding2D(
      top: g.nextInt(in: 0...(kernel.0 - 1)), bottom: g.nextInt(in: 0...(kernel.0 - 1)),
      left: g.nextInt(in: 0...(kernel.1 - 1)), right: g.nextInt(in: 0...(kernel.1 - 1)))
    return try? Conv2DGeometry(
      batch: g.nextInt(in: 1...2), inChannels: g.nextInt(in: 1...6),
      height: g.nextInt(in: 1...10), width: g.nextInt(in: 1...10),
      outChannels: g.nextInt(in: 1...8), kernel: kernel, padding: padding)
  }

  /// 320 random direct-path configurations, forward and backward. Tolerance `1e-4 · Σ|terms|`
  /// per element (the same sums over |x|, |w|, |dy|): the longest sums, dw's over
  /// N·P·Q ≤ 2·18·18 = 648 terms (H ≤ 10 plus up to 4 + 4 padding), round to about
  /// √648 · 2⁻²⁴ ≈ 1.5e-6 of Σ|terms|.
  @Test func randomSweepAgainstReference() {
    sweepGeometries(seed: 0xD1_4EC7, draw: randomDirectGeometry) { geometry, g in
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let b = g.tensor([geometry.outChannels]), dy = g.tensor(geometry.outputShape)
      return check(geometry, x, w, b, dy)
    }
  }

  /// A random geometry for the direct path with the filters in the vector lanes
  /// (Conv2DDirectByFilters.swift): K = 16 or 32, C = 2…6 and a kernel of 3…5 per side with
  /// C·R·S from 32 to 150 (above 75 the backward pass takes its weight gradient this way too),
  /// H, W = 1…9 (tiles of six positions end part-full), N = 1…3, padding 0…kernel−1. (With a
  /// kernel 5 wide the forward pass takes F(2, 5) along the rows, Conv2DWinogradRows.swift.)
  private func randomByFiltersGeometry(using g: inout SeededGenerator) -> Conv2DGeometry? {
    let channels = g.nextInt(in: 2...6)
    let kernel = (g.nextInt(in: 3...5), g.nextInt(in: 3...5))
    guard (32...150).contains(channels * kernel.0 * kernel.1) else { return nil }
    let padding = Padding2D(
      top: g.nextInt(in: 0...(kernel.0 - 1)), bottom: g.nextInt(in: 0...(kernel.0 - 1)),
      left: g.nextInt(in: 0...(kernel.1 - 1)), right: g.nextInt(in: 0...(kernel.1 - 1)))
    return try? Conv2DGeometry(
      batch: g.nextInt(in: 1...3), inChannels: channels,
      height: g.nextInt(in: 1...9), width: g.nextInt(in: 1...9),
      outChannels: 16 * g.nextInt(in: 1...2), kernel: kernel, padding: padding)
  }

  /// 80 random configurations of the filter-vector forward pass and weight gradient against the
  /// references, same tolerances as above (dw's longest sum: 3·17·17 = 867 terms).
  @Test func byFiltersSweepAgainstReference() {
    sweepGeometries(
      seed: 0xD1_4EC9, count: 80, minimum: 70, draw: randomByFiltersGeometry
    ) { geometry, g in
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let b = g.tensor([geometry.outChannels]), dy = g.tensor(geometry.outputShape)
      return check(geometry, x, w, b, dy)
    }
  }

  /// LeNet's and the Keras model's first layers, and LeNet's second, on a batch that spans
  /// several chunks, and the same results bit for bit with 1 and 2 threads.
  @Test func firstLayersAgainstReferenceAndThreads() throws {
    var g = SeededGenerator(seed: 0xD1_4EC8)
    let layers = [
      try Conv2DGeometry(
        batch: 5, inChannels: 1, height: 28, width: 28, outChannels: 6, kernel: 5, padding: 2),
      try Conv2DGeometry(
        batch: 3, inChannels: 1, height: 28, width: 28, outChannels: 64, kernel: 3),
      // LeNet's c2: F(2, 5) rows forward, the filter-vector weight gradient, 13 images
      // (several chunks of the backward pass)
      try Conv2DGeometry(
        batch: 13, inChannels: 6, height: 14, width: 14, outChannels: 16, kernel: 5),
    ]
    for geometry in layers {
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let b = g.tensor([geometry.outChannels]), dy = g.tensor(geometry.outputShape)
      check(geometry, x, w, b, dy)
      let one = Parallel.withThreadCount(1) {
        (conv2d(input: x, weight: w, bias: b, geometry: geometry),
         conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: geometry))
      }
      let two = Parallel.withThreadCount(2) {
        (conv2d(input: x, weight: w, bias: b, geometry: geometry),
         conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: geometry))
      }
      for (name, a, c) in [
        ("y", one.0.scalars, two.0.scalars), ("dx", one.1.input.scalars, two.1.input.scalars),
        ("dw", one.1.weight.scalars, two.1.weight.scalars),
        ("db", one.1.bias.scalars, two.1.bias.scalars),
      ] {
        expectNoMismatch(bitMismatchReport(a, c, config: "\(name) of \(geometry), 1 vs 2 threads"))
      }
    }
  }

  @discardableResult
  private func check(
    _ geometry: Conv2DGeometry, _ x: Tensor<Float>, _ w: Tensor<Float>, _ b: Tensor<Float>,
    _ dy: Tensor<Float>
  ) -> Bool {
    let config = "\(geometry) batch \(geometry.batch)"
    let y = conv2d(input: x, weight: w, bias: b, geometry: geometry)
    let yExpected = conv2dReference(input: x, weight: w, bias: b, geometry: geometry)
    let yScale = conv2dReference(
      input: x.magnitudes, weight: w.magnitudes, bias: b.magnitudes, geometry: geometry)
    let forward = expectNoMismatch(
      mismatchReport(
        y.scalars, yExpected.scalars, scale: yScale.scalars, tolerance: 1e-5,
        config: "y of \(config)"))
    let actual = conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: geometry)
    let expected = conv2dBackwardReference(
      input: x, weight: w, outputGradient: dy, geometry: geometry)
    let scale = conv2dBackwardReference(
      input: x.magnitudes, weight: w.magnitudes, outputGradient: dy.magnitudes,
      geometry: geometry)
    var ok = forward
    for (name, a, e, s) in [
      ("dx", actual.input.scalars, expected.input.scalars, scale.input.scalars),
      ("dw", actual.weight.scalars, expected.weight.scalars, scale.weight.scalars),
      ("db", actual.bias.scalars, expected.bias.scalars, scale.bias.scalars),
    ] {
      ok = expectNoMismatch(
        mismatchReport(a, e, scale: s, tolerance: 1e-4, config: "\(name) of \(config)")) && ok
    }
    return ok
  }
}
