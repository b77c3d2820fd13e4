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

  /// 320 random Winograd geometries, forward and input gradient, both tilings, against the
  /// references in Double.
  ///
  /// Scale: an output of an m×m tile depends, through the transforms, on the whole
  /// (m + 2)×(m + 2) input window of its tile, not only on its own 3×3 window (terms outside it
  /// cancel, but only in exact arithmetic). So the error is measured against the tile's
  /// `S = |b| + Σ_c (Σ_window |x|)·(Σ_{r,s} |w|)`, which bounds `Σ_ξ |U_ξ|·|V_ξ|` summed over
  /// the channels up to the transforms' constants (each `|V_ξ|` ≤ a multiple of the window's
  /// Σ|x|, each `|U_ξ|` of Σ|w|).
  ///
  /// F(2×2): tolerance `1e-6 · S`. Each output adds 9 of the `M_ξ`, each a C-term Float sum of
  /// products of transforms rounded 2 (V) and 1 (U) times, then 4 more roundings: at worst
  /// about `9·(C + 7)·2⁻²⁴ ≈ 2.5e-5` of S for C = 40, but with random signs the errors mostly
  /// cancel: the largest seen in this sweep is 1.9e-8 (forward) and 3.7e-8 (dx).
  /// F(4×4): tolerance `3e-6 · S`. Its transforms multiply by up to 5 (Bᵀ) and 8 (Aᵀ) and add
  /// 6 values per step, so the same bound is some 40 times larger (S grows too, with the 6×6
  /// window): the largest seen is 8.2e-8 (forward) and 3.5e-7 (dx). Either way a wrong or
  /// missing term (≳ 1e-2 of S) cannot pass.
  @Test func randomSweepAgainstReference() {
    var worst = [String: Double]()
    sweepGeometries(seed: 0x3B_1A_D0, draw: randomWinogradGeometry) { geometry, g in
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let b = g.tensor([geometry.outChannels]), dy = g.tensor(geometry.outputShape)
      let config = "\(geometry) batch \(geometry.batch)"
      let (xd, wd) = (x.converted(to: Double.self), w.converted(to: Double.self))
      let expected = conv2dReference(
        input: xd, weight: wd, bias: b.converted(to: Double.self), geometry: geometry)
      let dxExpected = conv2dBackwardReference(
        input: xd, weight: wd, outputGradient: dy.converted(to: Double.self), geometry: geometry
      ).input
      var passed = true
      func check<F: WinogradTiling>(_ tiling: F.Type, tolerance: Float) {
        let m = F.outputTile, name = "F(\(m)×\(m))"
        let y = winograd(F.self, x, w, b, geometry)
        let scale = tileScale(
          x, filterSums: filterSums(w, transposed: false), bias: b, padding: geometry.padding,
          outHeight: geometry.outHeight, outWidth: geometry.outWidth, tile: m)
        worst[name + " forward", default: 0] = max(
          worst[name + " forward", default: 0], relativeError(y, expected, scale))
        passed = expectNoMismatch(
          mismatchReport(
            y.scalars, expected.converted(to: Float.self).scalars, scale: scale,
            tolerance: tolerance, config: "\(name) forward \(config)")) && passed
        let dx = winogradInputGradient(F.self, dy, w, geometry)
        // dx is dy padded by 2 − P on each side, correlated with the turned filters.
        let p = geometry.padding
        let dxScale = tileScale(
          dy, filterSums: filterSums(w, transposed: true), bias: nil,
          padding: Padding2D(
            top: 2 - p.top, bottom: 2 - p.bottom, left: 2 - p.left, right: 2 - p.right),
          outHeight: geometry.height, outWidth: geometry.width, tile: m)
        worst[name + " dx", default: 0] = max(
          worst[name + " dx", default: 0], relativeError(dx, dxExpected, dxScale))
        passed = expectNoMismatch(
          mismatchReport(
            dx.scalars, dxExpected.converted(to: Float.self).scalars, scale: dxScale,
            tolerance: tolerance, config: "\(name) input gradient \(config)")) && passed
      }
      check(WinogradF2x2.self, tolerance: 1e-6)
      check(WinogradF4x4.self, tolerance: 3e-6)
      return passed
    }
    print("Winograd sweep: max |error| / S = \(worst.sorted { $0.key < $1.key })")
  }

  /// F(4×4, 3×3) by hand, in one row as for F(2, 3) above: d = [1, 2, 3, 4, 5, 6],
  /// g = [1, 0, −1] gives y_i = d_i − d_{i+2} = −2 for all 4 outputs (the products
  /// m = [−3/2, 0, 0, −3/4, 1/4, 6] are worked out in WinogradF4x4.swift).
  @Test func handWorkedLargeTile() throws {
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 3, width: 6, outChannels: 1, kernel: 3)
    let zeros = [Float](repeating: 0, count: 6)
    let x = Tensor<Float>(shape: [1, 1, 3, 6], scalars: zeros + (1...6).map(Float.init) + zeros)
    let w = Tensor<Float>(shape: [1, 1, 3, 3], scalars: [0, 0, 0, 1, 0, -1, 0, 0, 0])
    let y = winograd(WinogradF4x4.self, x, w, nil, g)
    #expect(y.shape == [1, 1, 1, 4])
    #expect(y.scalars == [-2, -2, -2, -2])
  }

  /// Both tilings, and `conv2d` and `conv2dBackward` (which take the Winograd path here: 3×3,
  /// stride 1, C ≥ 17), must give the same bits for 1, 2 and 3 threads: the chunks of tiles
  /// and filters come from the problem size alone (`chunks` counts them for the forward pass,
  /// F(2×2) then F(4×4)).
  /// - 2 images, 19×18 outputs: 2·10·9 = 180 tiles of 2×2 in 2 chunks of ≤ 96 (180/2 → 90 →
  ///   96); 2·5·5 = 50 tiles of 4×4 in 1;
  /// - 6 images, 7×8 outputs: 6·4·4 = 96 tiles of 2×2 and 6·2·2 = 24 of 4×4, 1 chunk each, but
  ///   96 filters in 2 chunks of 48 (the input transformed first, then shared);
  /// - 36 images, 8×8 outputs: 36·4·4 = 576 tiles of 2×2 in 5 chunks of ≤ 128 (576/5 → 116 →
  ///   128); 36·2·2 = 144 of 4×4 in 2 chunks of ≤ 80 (144/2 = 72 → 80).
  @Test(.serialized, arguments: [
    (2, 20, 19, 18, 24, 1, [2, 1]), (6, 18, 9, 10, 96, 0, [2, 2]), (36, 17, 8, 8, 20, 1, [5, 2]),
  ])
  func bitIdenticalAcrossThreadCounts(
    _ shape: (batch: Int, channels: Int, height: Int, width: Int, filters: Int, padding: Int,
      chunks: [Int])
  ) throws {
    let geometry = try Conv2DGeometry(
      batch: shape.batch, inChannels: shape.channels, height: shape.height, width: shape.width,
      outChannels: shape.filters, kernel: 3, padding: shape.padding)
    #expect(usesWinogradConv(geometry) && usesWinogradInputGradient(geometry))
    let plans = [
      WinogradPlan(geometry, WinogradF2x2.self), WinogradPlan(geometry, WinogradF4x4.self),
    ]
    #expect(plans.map { $0.tileChunks * $0.filterChunks } == shape.chunks)
    var g = SeededGenerator(seed: 0x3B_1A_D1)
    let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
    let b = g.tensor([geometry.outChannels]), dy = g.tensor(geometry.outputShape)
    let results = [1, 2, 3].map { threads in
      Parallel.withThreadCount(threads) {
        [
          conv2d(input: x, weight: w, bias: b, geometry: geometry).scalars,
          conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: geometry).input.scalars,
          winograd(WinogradF2x2.self, x, w, b, geometry).scalars,
          winogradInputGradient(WinogradF2x2.self, dy, w, geometry).scalars,
          winograd(WinogradF4x4.self, x, w, b, geometry).scalars,
          winogradInputGradient(WinogradF4x4.self, dy, w, geometry).scalars,
        ]
      }
    }
    let names = [
      "conv2d y", "conv2dBackward dx", "F(2×2) y", "F(2×2) dx", "F(4×4) y", "F(4×4) dx",
    ]
    for (threads, result) in zip([1, 2, 3], results).dropFirst() {
      for (index, name) in names.enumerated() {
        expectNoMismatch(
          bitMismatchReport(
            results[0][index], result[index],
            config: "\(name) of \(geometry), \(threads) threads"))
      }
    }
  }
}

/// A random Winograd geometry, or nil when it is rejected: batch 1–3, C 17–40, K 1–20, H and
/// W 1–14, padding 0–2 on each side. Rejected: a 3×3 kernel larger than the padded input, and
/// (to keep the Double references fast in debug builds) N·K·H·W above 200.
private func randomWinogradGeometry(using g: inout SeededGenerator) -> Conv2DGeometry? {
  let batch = g.nextInt(in: 1...3), channels = g.nextInt(in: 17...40)
  let height = g.nextInt(in: 1...14), width = g.nextInt(in: 1...14)
  let filters = g.nextInt(in: 1...20)
  let padding = Padding2D(
    top: g.nextInt(in: 0...2), bottom: g.nextInt(in: 0...2), left: g.nextInt(in: 0...2),
    right: g.nextInt(in: 0...2))
  guard batch * filters * height * width <= 200 else { return nil }
  return try? Conv2DGeometry(
    batch: batch, inChannels: channels, height: height, width: width, outChannels: filters,
    kernel: (3, 3), padding: padding)
}

/// `Σ_{r,s} |w[k, c, r, s]|` of `w: (K, C, R, S)` as a (K, C) table, or as (C, K) when
/// `transposed` (the input gradient's filters: C out, K in).
func filterSums(_ w: Tensor<Float>, transposed: Bool) -> [Float] {
  let (k, c, taps) = (w.shape[0], w.shape[1], w.shape[2] * w.shape[3])
  var sums = [Float](repeating: 0, count: k * c)
  for o in 0..<k {
    for i in 0..<c {
      let s = w.scalars[(o * c + i) * taps..<(o * c + i + 1) * taps].reduce(0) { $0 + abs($1) }
      sums[transposed ? i * k + o : o * c + i] = s
    }
  }
  return sums
}

/// Per output of an r×r stride-1 convolution of `x: (N, C, H, W)` with padding `padding`:
/// `|b[k]| + Σ_c (Σ |x| over the (m + r − 1)×(m + r − 1) window of its m×m tile) ·
/// filterSums[k, c]`.
func tileScale(
  _ x: Tensor<Float>, filterSums: [Float], bias: Tensor<Float>?, padding: Padding2D,
  outHeight: Int, outWidth: Int, tile m: Int, kernel r: Int = 3
) -> [Float] {
  let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
  let k = filterSums.count / c
  var scale = [Float](repeating: 0, count: n * k * outHeight * outWidth)
  for image in 0..<n {
    for tileRow in 0..<(outHeight + m - 1) / m {
      for tileColumn in 0..<(outWidth + m - 1) / m {
        // The tile's window: rows m·tileRow − Pt … + m + r − 2, columns likewise.
        var windowSums = [Float](repeating: 0, count: c)
        for channel in 0..<c {
          for i in 0..<m + r - 1 {
            for j in 0..<m + r - 1 {
              let row = tileRow * m - padding.top + i, column = tileColumn * m - padding.left + j
              guard row >= 0 && row < h && column >= 0 && column < w else { continue }
              windowSums[channel] += abs(x.scalars[((image * c + channel) * h + row) * w + column])
            }
          }
        }
        for filter in 0..<k {
          var sum = abs(bias?.scalars[filter] ?? 0)
          for channel in 0..<c { sum += windowSums[channel] * filterSums[filter * c + channel] }
          for p in tileRow * m..<min(outHeight, tileRow * m + m) {
            for q in tileColumn * m..<min(outWidth, tileColumn * m + m) {
              scale[((image * k + filter) * outHeight + p) * outWidth + q] = sum
            }
          }
        }
      }
    }
  }
  return scale
}

/// `max |actual − expected| / scale` over the elements (also used by the other Winograd tests).
func relativeError(
  _ actual: Tensor<Float>, _ expected: Tensor<Double>, _ scale: [Float]
) -> Double {
  zip(zip(actual.scalars, expected.scalars), scale).map { pair, s in
    abs(Double(pair.0) - pair.1) / Double(max(s, .leastNormalMagnitude))
  }.max() ?? 0
}

/// The Winograd convolution with the tiles `tiling`.
func winograd<F: WinogradTiling>(
  _ tiling: F.Type, _ x: Tensor<Float>, _ w: Tensor<Float>, _ b: Tensor<Float>?,
  _ geometry: Conv2DGeometry
) -> Tensor<Float> {
  var y = Tensor<Float>(zeros: geometry.outputShape)
  x.scalars.withUnsafeBufferPointer { px in
    w.scalars.withUnsafeBufferPointer { pw in
      y.scalars.withUnsafeMutableBufferPointer { py in
        conv2dWinograd(
          F.self, input: WinogradInputRows(px.baseAddress!, geometry),
          filters: WinogradFilters(forward: pw.baseAddress!, geometry),
          bias: b?.scalars, y: py.baseAddress!, geometry: geometry)
      }
    }
  }
  return y
}

/// The input gradient by Winograd with the tiles `tiling`.
func winogradInputGradient<F: WinogradTiling>(
  _ tiling: F.Type, _ dy: Tensor<Float>, _ w: Tensor<Float>, _ geometry: Conv2DGeometry
) -> Tensor<Float> {
  var dx = Tensor<Float>(zeros: geometry.inputShape)
  dy.scalars.withUnsafeBufferPointer { pdy in
    w.scalars.withUnsafeBufferPointer { pw in
      dx.scalars.withUnsafeMutableBufferPointer { pdx in
        conv2dWinogradInputGradient(
          F.self, dy: pdy.baseAddress!, w: pw.baseAddress!, dx: pdx.baseAddress!,
          geometry: geometry)
      }
    }
  }
  return dx
}
