@testable import CNNCore
import CrossCorrelation
import Testing

/// The row-Winograd path of `conv2d` (Conv2DWinogradRows.swift): F(2, 5) along each row for
/// kernels 5 wide, on the layers the direct path by filters takes (K a multiple of 16).
@Suite struct Conv2DWinogradRowsTests {
  /// The 1-D example of WinogradF2x2Kernel5.swift through `conv2d`: one input row
  /// d = [1, 2, 3, 4, 5, 6] in channel 0 of 7 (the others zero, so that C·R·S = 35 taps reach
  /// the path's 32), every filter's row g = [1, 0, 0, 0, −1] on channel 0, bias b[k] = k:
  ///   y[k, 0, i] = b[k] + d_i − d_{i+4} = k + (1 − 5) = k + (2 − 6) = k − 4.
  /// On the way: G g = [1, 0, 0, −1, −1, −1], Bᵀ d = [3, 14.5, 1.5, 6, 1, 3],
  /// m = [3, 0, 0, −6, −1, −3], Aᵀ m = [3 − 6 − 1, −3 + (1/2)(−6) − 2(−1)] = [−4, −4]: every
  /// step exact in Float (G g's −16/15 + 1/15 is −1 once rounded), so the outputs are exact.
  @Test func handExampleThroughConv2D() throws {
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 7, height: 1, width: 6, outChannels: 16, kernel: (1, 5))
    #expect(usesWinogradRows(g))
    let x = Tensor<Float>(
      shape: g.inputShape, scalars: (1...6).map(Float.init) + [Float](repeating: 0, count: 36))
    var taps = [Float](repeating: 0, count: 16 * 7 * 5)
    for k in 0..<16 { (taps[k * 35], taps[k * 35 + 4]) = (1, -1) }
    let w = Tensor<Float>(shape: g.weightShape, scalars: taps)
    let b = Tensor<Float>(shape: [16], scalars: (0..<16).map(Float.init))
    let y = conv2d(input: x, weight: w, bias: b, geometry: g)
    #expect(y.shape == [1, 16, 1, 2])
    let expected: [Float] = (0..<16).flatMap { k -> [Float] in [Float(k - 4), Float(k - 4)] }
    #expect(y.scalars == expected)
  }

  /// 320 random geometries that take the path (batch 1–3, C and R with 7 ≤ C·R ≤ 30, K = 16
  /// or 32, H and W 1–14 with padding, odd and even Q), against `conv2dReference` in Double.
  ///
  /// Scale, per output: `S = |b| + Σ_{c,r} (Σ |x| over the 6 inputs of its tile in row
  /// p + r)·(Σ_s |w[k, c, r, s]|)`, the terms its tile's sums run over. Tolerance `1e-6 · S`:
  /// each output mixes 5 of the six `M_ξ` through Aᵀ, each a (C·R)-term Float sum of products
  /// of U (rounded once) and V (4–5 terms, constants up to 5/2); with random signs the errors
  /// mostly cancel, and the largest seen is printed (1.2e-7 when written). A wrong or missing
  /// term, of typical size 1/(6·C·R) of S, cannot pass.
  @Test func randomSweepAgainstReference() {
    var worst = 0.0
    sweepGeometries(seed: 0x20_5A_01, draw: randomRowsGeometry) { geometry, g in
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let b = g.tensor([geometry.outChannels])
      let config = "\(geometry) batch \(geometry.batch)"
      guard usesWinogradRows(geometry) else {
        Issue.record("\(config) does not take the row-Winograd path")
        return false
      }
      let expected = conv2dReference(
        input: x.converted(to: Double.self), weight: w.converted(to: Double.self),
        bias: b.converted(to: Double.self), geometry: geometry)
      let y = conv2d(input: x, weight: w, bias: b, geometry: geometry)
      let scale = rowTileScale(x, w, b, geometry)
      worst = max(worst, relativeError(y, expected, scale))
      return expectNoMismatch(
        mismatchReport(
          y.scalars, expected.converted(to: Float.self).scalars, scale: scale, tolerance: 1e-6,
          config: "F(2, 5) rows \(config)"))
    }
    print("F(2, 5) along rows: max |error| / S = \(worst)")
  }
}

/// A geometry `usesWinogradRows` accepts: kernel R × 5 with 7 ≤ C·R ≤ 30, K = 16 or 32, small
/// enough for a debug build (N·K·H·W ≤ 1,600).
private func randomRowsGeometry(using g: inout SeededGenerator) -> Conv2DGeometry? {
  let batch = g.nextInt(in: 1...3), channels = g.nextInt(in: 1...8)
  let kernelHeight = g.nextInt(in: 1...5)
  guard (7...30).contains(channels * kernelHeight) else { return nil }
  let filters = 16 * g.nextInt(in: 1...2)
  let height = g.nextInt(in: 1...14), width = g.nextInt(in: 1...14)
  let padding = Padding2D(
    top: g.nextInt(in: 0...(kernelHeight - 1)), bottom: g.nextInt(in: 0...(kernelHeight - 1)),
    left: g.nextInt(in: 0...4), right: g.nextInt(in: 0...4))
  guard batch * filters * height * width <= 1_600 else { return nil }
  return try? Conv2DGeometry(
    batch: batch, inChannels: channels, height: height, width: width, outChannels: filters,
    kernel: (kernelHeight, 5), padding: padding)
}

/// Per output `y[n, k, p, q]`, tile t = q / 2: `|b[k]| + Σ_{c,r} (Σ_{j<6} |xpad[n, c, p + r,
/// 2t + j]|)·(Σ_s |w[k, c, r, s]|)` (xpad: x with the geometry's zero padding).
private func rowTileScale(
  _ x: Tensor<Float>, _ w: Tensor<Float>, _ b: Tensor<Float>, _ g: Conv2DGeometry
) -> [Float] {
  let (c, r) = (g.inChannels, g.kernelHeight)
  func xpad(_ n: Int, _ channel: Int, _ row: Int, _ column: Int) -> Float {
    let (h, v) = (row - g.padding.top, column - g.padding.left)
    guard h >= 0 && h < g.height && v >= 0 && v < g.width else { return 0 }
    return x.scalars[((n * c + channel) * g.height + h) * g.width + v]
  }
  var scale = [Float](repeating: 0, count: g.batch * g.outChannels * g.outHeight * g.outWidth)
  for n in 0..<g.batch {
    for k in 0..<g.outChannels {
      for p in 0..<g.outHeight {
        for q in 0..<g.outWidth {
          var sum = abs(b.scalars[k])
          for channel in 0..<c {
            for row in 0..<r {
              var window: Float = 0, taps: Float = 0
              for j in 0..<6 { window += abs(xpad(n, channel, p + row, q / 2 * 2 + j)) }
              for s in 0..<5 { taps += abs(w.scalars[((k * c + channel) * r + row) * 5 + s]) }
              sum += window * taps
            }
          }
          scale[((n * g.outChannels + k) * g.outHeight + p) * g.outWidth + q] = sum
        }
      }
    }
  }
  return scale
}
