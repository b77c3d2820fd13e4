@testable import CNNCore
import CrossCorrelation
import Testing

@Suite struct Conv2DWinogradTests {
  @Test func handWorkedOneDimensionalExample() throws {
    // F(2, 3) of WinogradTransforms.swift in the middle row of a 3×4 image (the other rows and
    // the other filter rows are zero): d = [1, 2, 3, 4], g = [1, 0, −1]:
    //   m1 = (1 − 3)·1 = −2, m2 = (2 + 3)·0/2 = 0, m3 = (3 − 2)·0/2 = 0, m4 = (2 − 4)·(−1) = 2
    //   y0 = m1 + m2 + m3 = −2, y1 = m2 − m3 − m4 = −2   (directly: 1 − 3 = −2, 2 − 4 = −2)
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 3, width: 4, outChannels: 1, kernel: 3)
    let x = Tensor<Float>(shape: [1, 1, 3, 4], scalars: [0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0])
    let w = Tensor<Float>(shape: [1, 1, 3, 3], scalars: [0, 0, 0, 1, 0, -1, 0, 0, 0])
    let y = try conv2dWinograd(input: x, weight: w, bias: nil, geometry: g)
    #expect(y.shape == [1, 1, 1, 2])
    #expect(y.scalars == [-2, -2])
  }

  @Test func allOnesWithBias() throws {
    // 17 channels of ones, 3×3 filters of ones, b = 1: y = 1 + 17·9 = 154 at all 2×2 outputs.
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 17, height: 4, width: 4, outChannels: 1, kernel: 3)
    let x = Tensor<Float>(shape: g.inputShape, repeating: 1)
    let w = Tensor<Float>(shape: g.weightShape, repeating: 1)
    let b = Tensor<Float>(shape: [1], scalars: [1])
    let expected: [Float] = [154, 154, 154, 154]
    #expect(try conv2dWinograd(input: x, weight: w, bias: b, geometry: g).scalars == expected)
    #expect(conv2d(input: x, weight: w, bias: b, geometry: g).scalars == expected)
  }

  @Test func rejectsOtherGeometries() throws {
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 17, height: 5, width: 5, outChannels: 1, kernel: 3, stride: 2)
    let x = Tensor<Float>(shape: g.inputShape, repeating: 1)
    let w = Tensor<Float>(shape: g.weightShape, repeating: 1)
    #expect(throws: GeometryError.self) {
      try conv2dWinograd(input: x, weight: w, bias: nil, geometry: g)
    }
  }

  /// 320 random Winograd geometries, forward and input gradient, against the references in
  /// Double.
  ///
  /// Scale: an output of the tile (2t, 2u) depends, through the transforms, on the whole 4×4
  /// input window of its tile, not only on its own 3×3 window (terms outside it cancel, but
  /// only in exact arithmetic). So the error is measured against the tile's
  /// `S = |b| + Σ_c (Σ_{4×4 window} |x|)·(Σ_{r,s} |w|)`, which bounds `Σ_ξ |U_ξ|·|V_ξ|` summed
  /// over the channels (each `|V_ξ|` ≤ the window's Σ|x|, each `|U_ξ|` ≤ Σ|w|).
  /// Tolerance `1e-6 · S`: each output adds 9 of the `M_ξ`, each a C-term Float sum of products
  /// of transforms rounded 2 (V) and 1 (U) times, then 4 more roundings: at worst about
  /// `9·(C + 7)·2⁻²⁴ ≈ 2.5e-5` of S for C = 40, but with random signs the errors mostly cancel:
  /// the largest seen in this sweep is 2.2e-8 (forward) and 3.0e-8 (dx), so 1e-6 leaves a
  /// margin of 30 while a wrong or missing term (≳ 1e-2 of S) cannot pass.
  @Test func randomSweepAgainstReference() {
    var worst = (forward: 0.0, inputGradient: 0.0)
    sweepGeometries(seed: 0x3B_1A_D0, draw: randomWinogradGeometry) { geometry, g in
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let b = g.tensor([geometry.outChannels]), dy = g.tensor(geometry.outputShape)
      let config = "\(geometry) batch \(geometry.batch)"
      let y = try! conv2dWinograd(input: x, weight: w, bias: b, geometry: geometry)
      let expected = conv2dReference(
        input: x.double, weight: w.double, bias: b.double, geometry: geometry)
      let scale = tileScale(
        x, filterSums: filterSums(w, transposed: false), bias: b, padding: geometry.padding,
        outHeight: geometry.outHeight, outWidth: geometry.outWidth)
      worst.forward = max(worst.forward, relativeError(y, expected, scale))
      let forwardOK = expectNoMismatch(
        mismatchReport(
          y.scalars, expected.float.scalars, scale: scale, tolerance: 1e-6,
          config: "forward \(config)"))
      var dx = Tensor<Float>(zeros: geometry.inputShape)
      dy.scalars.withUnsafeBufferPointer { pdy in
        w.scalars.withUnsafeBufferPointer { pw in
          dx.scalars.withUnsafeMutableBufferPointer { pdx in
            conv2dWinogradInputGradient(
              dy: pdy.baseAddress!, w: pw.baseAddress!, dx: pdx.baseAddress!, geometry: geometry)
          }
        }
      }
      let dxExpected = conv2dBackwardReference(
        input: x.double, weight: w.double, outputGradient: dy.double, geometry: geometry
      ).input
      // dx is dy padded by 2 − P on each side, correlated with the turned filters.
      let p = geometry.padding
      let dxScale = tileScale(
        dy, filterSums: filterSums(w, transposed: true), bias: nil,
        padding: Padding2D(
          top: 2 - p.top, bottom: 2 - p.bottom, left: 2 - p.left, right: 2 - p.right),
        outHeight: geometry.height, outWidth: geometry.width)
      worst.inputGradient = max(worst.inputGradient, relativeError(dx, dxExpected, dxScale))
      let backwardOK = expectNoMismatch(
        mismatchReport(
          dx.scalars, dxExpected.float.scalars, scale: dxScale, tolerance: 1e-6,
          config: "input gradient \(config)"))
      return forwardOK && backwardOK
    }
    print(
      "Winograd sweep: max |error| / S = \(worst.forward) (forward), "
        + "\(worst.inputGradient) (dx)")
  }

  /// `conv2d` and `conv2dBackward` take the Winograd path here (3×3, stride 1, C and K ≥ 17)
  /// and must give the same bits for 1, 2 and 3 threads: the chunks of tiles and filters come
  /// from the problem size alone (`chunks` counts them for the forward pass).
  /// - 2 images, 19×18 outputs: 2·10·9 = 180 tiles in 2 chunks of ≤ 96 (180/2 → 90 → 96);
  /// - 6 images, 7×8 outputs: 6·4·4 = 96 tiles in 1 chunk, but 96 filters in 2 chunks of 48;
  /// - 36 images, 8×8 outputs: 36·4·4 = 576 tiles in 5 chunks of ≤ 128 (576/5 → 116 → 128).
  @Test(.serialized, arguments: [
    (2, 20, 19, 18, 24, 1, 2), (6, 18, 9, 10, 96, 0, 2), (36, 17, 8, 8, 20, 1, 5),
  ])
  func bitIdenticalAcrossThreadCounts(
    _ shape: (batch: Int, channels: Int, height: Int, width: Int, filters: Int, padding: Int,
      chunks: Int)
  ) throws {
    let geometry = try Conv2DGeometry(
      batch: shape.batch, inChannels: shape.channels, height: shape.height, width: shape.width,
      outChannels: shape.filters, kernel: 3, padding: shape.padding)
    #expect(usesWinogradConv(geometry) && usesWinogradInputGradient(geometry))
    let plan = WinogradPlan(geometry, WinogradF2x2.self)
    #expect(plan.tileChunks * plan.filterChunks == shape.chunks)
    var g = SeededGenerator(seed: 0x3B_1A_D1)
    let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
    let b = g.tensor([geometry.outChannels]), dy = g.tensor(geometry.outputShape)
    let results = [1, 2, 3].map { threads in
      Parallel.withThreadCount(threads) {
        (
          conv2d(input: x, weight: w, bias: b, geometry: geometry).scalars,
          conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: geometry).input.scalars
        )
      }
    }
    for (threads, result) in zip([1, 2, 3], results).dropFirst() {
      let config = "\(geometry), \(threads) threads"
      expectNoMismatch(bitMismatchReport(results[0].0, result.0, config: "y of \(config)"))
      expectNoMismatch(bitMismatchReport(results[0].1, result.1, config: "dx of \(config)"))
    }
  }
}

/// A random Winograd geometry, or nil when it is rejected: batch 1–3, C 17–40, K 1–20, H and
/// W 1–14, padding 0–2 on each side. Rejected: a 3×3 kernel larger than the padded input, and
/// (to keep the Double references fast in debug builds) N·K·H·W above 250.
private func randomWinogradGeometry(using g: inout SeededGenerator) -> Conv2DGeometry? {
  let batch = g.nextInt(in: 1...3), channels = g.nextInt(in: 17...40)
  let height = g.nextInt(in: 1...14), width = g.nextInt(in: 1...14)
  let filters = g.nextInt(in: 1...20)
  let padding = Padding2D(
    top: g.nextInt(in: 0...2), bottom: g.nextInt(in: 0...2), left: g.nextInt(in: 0...2),
    right: g.nextInt(in: 0...2))
  guard batch * filters * height * width <= 250 else { return nil }
  return try? Conv2DGeometry(
    batch: batch, inChannels: channels, height: height, width: width, outChannels: filters,
    kernel: (3, 3), padding: padding)
}

/// `Σ_{r,s} |w[k, c, r, s]|` of `w: (K, C, 3, 3)` as a (K, C) table, or as (C, K) when
/// `transposed` (the input gradient's filters: C out, K in).
private func filterSums(_ w: Tensor<Float>, transposed: Bool) -> [Float] {
  let (k, c) = (w.shape[0], w.shape[1])
  var sums = [Float](repeating: 0, count: k * c)
  for o in 0..<k {
    for i in 0..<c {
      let s = w.scalars[(o * c + i) * 9..<(o * c + i + 1) * 9].reduce(0) { $0 + abs($1) }
      sums[transposed ? i * k + o : o * c + i] = s
    }
  }
  return sums
}

/// Per output of a 3×3 stride-1 convolution of `x: (N, C, H, W)` with padding `padding`:
/// `|b[k]| + Σ_c (Σ |x| over the 4×4 window of its 2×2 tile) · filterSums[k, c]`.
private func tileScale(
  _ x: Tensor<Float>, filterSums: [Float], bias: Tensor<Float>?, padding: Padding2D,
  outHeight: Int, outWidth: Int
) -> [Float] {
  let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
  let k = filterSums.count / c
  var scale = [Float](repeating: 0, count: n * k * outHeight * outWidth)
  for image in 0..<n {
    for p in 0..<outHeight {
      for q in 0..<outWidth {
        // The tile's window: rows 2⌊p/2⌋ − Pt …+3, columns 2⌊q/2⌋ − Pl …+3.
        var windowSums = [Float](repeating: 0, count: c)
        for channel in 0..<c {
          for i in 0..<4 {
            for j in 0..<4 {
              let row = p / 2 * 2 - padding.top + i, column = q / 2 * 2 - padding.left + j
              guard row >= 0 && row < h && column >= 0 && column < w else { continue }
              windowSums[channel] += abs(x.scalars[((image * c + channel) * h + row) * w + column])
            }
          }
        }
        for filter in 0..<k {
          var sum = abs(bias?.scalars[filter] ?? 0)
          for channel in 0..<c { sum += windowSums[channel] * filterSums[filter * c + channel] }
          scale[((image * k + filter) * outHeight + p) * outWidth + q] = sum
        }
      }
    }
  }
  return scale
}

/// `max |actual − expected| / scale` over the elements.
private func relativeError(
  _ actual: Tensor<Float>, _ expected: Tensor<Double>, _ scale: [Float]
) -> Double {
  zip(zip(actual.scalars, expected.scalars), scale).map { pair, s in
    abs(Double(pair.0) - pair.1) / Double(max(s, .leastNormalMagnitude))
  }.max() ?? 0
}

extension Tensor where Scalar == Float {
  /// The same values in Double, for the references.
  fileprivate var double: Tensor<Double> {
    Tensor<Double>(shape: shape, scalars: scalars.map(Double.init))
  }
}

extension Tensor where Scalar == Double {
  /// The values rounded to Float, for the comparisons.
  fileprivate var float: Tensor<Float> {
    Tensor<Float>(shape: shape, scalars: scalars.map(Float.init))
  }
}
