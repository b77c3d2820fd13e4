@testable import CNNCore
import CrossCorrelation
import Testing

/// F(2×2, 5×5) (WinogradF2x2Kernel5.swift): its transforms, and the Winograd path of `conv2d`
/// and of `conv2dBackward`'s input gradient for 5×5 kernels.
@Suite struct Conv2DWinogradKernel5Tests {
  /// The 1-D example of WinogradF2x2Kernel5.swift, d = [1, 2, 3, 4, 5, 6], g = [1, 0, 0, 0, −1]
  /// (y_i = d_i − d_{i+4} = −4), through the three 1-D transforms:
  ///   G g  = [1, (1 − 1)/3, (−1 + 1)/3, (−16 + 1)/15, (1 − 16)/15, −1] = [1, 0, 0, −1, −1, −1]
  ///   Bᵀ d = [1 − 3 − 6 + 6 + 5, −2 + 1.5 + 10 + 5, 2 − 7.5 + 2 + 5, −4 − 3 + 8 + 5,
  ///           1 − 3 − 2 + 5, 2 − 4.5 − 8 + 7.5 + 6] = [3, 14.5, 1.5, 6, 1, 3]
  ///   m = [3, 0, 0, −6, −1, −3],   Aᵀ m = [3 − 6 − 1, −3 + 2 − 3] = [−4, −4]
  /// Every intermediate is exact in Float. G g is row 0 of `G g′ Gᵀ` for the 5×5 filter g′
  /// whose row 0 is g (G's row 0 is [1, 0, 0, 0, 0]); it is computed in Double from rounded
  /// fifteenths (−16/15 + 1/15), then rounded to Float, which makes it exactly −1.
  @Test func oneDimensionalHandExample() {
    let F = WinogradF2x2Kernel5.self
    let taps: [Float] = [1, 0, 0, 0, -1] + [Float](repeating: 0, count: 20)
    var u = [Float](repeating: .nan, count: 36)
    taps.withUnsafeBufferPointer { pg in
      u.withUnsafeMutableBufferPointer { pu in
        F.transformFilter(
          WinogradFilterTaps(base: pg.baseAddress!, rowStride: 5, columnStride: 1),
          into: pu.baseAddress!, stride: 1)
      }
    }
    let gg = Array(u[0..<6])
    #expect(gg == [1, 0, 0, -1, -1, -1])
    func lane(_ v: Float) -> SIMD8<Float> { SIMD8(repeating: v) }
    let bd = F.combine(lane(1), lane(2), lane(3), lane(4), lane(5), lane(6))
    #expect([bd.0[0], bd.1[0], bd.2[0], bd.3[0], bd.4[0], bd.5[0]] == [3, 14.5, 1.5, 6, 1, 3])
    let y = F.reduce(
      bd.0 * gg[0], bd.1 * gg[1], bd.2 * gg[2], bd.3 * gg[3], bd.4 * gg[4], bd.5 * gg[5])
    #expect(y.0 == lane(-4) && y.1 == lane(-4))
  }

  /// The same example through the whole pipeline: d in the middle row of a 5×6 image, g in the
  /// middle row of the filter. `G g Gᵀ` holds thirds and fifteenths, rounded to Float, so the
  /// outputs are −4 only to within a few ulps (4·2⁻²³ ≈ 4.8e-7 each).
  @Test func handExampleThroughConv2D() throws {
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 5, width: 6, outChannels: 1, kernel: 5)
    let zeros = [Float](repeating: 0, count: 12)
    let x = Tensor<Float>(
      shape: [1, 1, 5, 6], scalars: zeros + (1...6).map(Float.init) + zeros)
    var taps = [Float](repeating: 0, count: 25)
    (taps[10], taps[14]) = (1, -1)
    let w = Tensor<Float>(shape: [1, 1, 5, 5], scalars: taps)
    let y = try conv2dWinograd(input: x, weight: w, bias: nil, geometry: g)
    #expect(y.shape == [1, 1, 1, 2])
    #expect(y.scalars.allSatisfy { abs($0 + 4) <= 4 * Float.ulpOfOne * 4 }, "\(y.scalars)")
  }

  /// One 6×6 tile per lane (8 random tiles, one random filter), through `transformFilter`,
  /// `transformInputColumns` (ring rows starting at slot 3, to exercise the wrap), the spans
  /// of `transformInputRows` and `transformOutput`, against the direct 5×5 correlation in
  /// Double. Tolerance `1e-6 · Σ|g| · Σ_tile |d|` (the scale of the sweep below).
  @Test func twoDimensionalTilesAgainstDirectCorrelation() {
    let F = WinogradF2x2Kernel5.self
    var generator = SeededGenerator(seed: 0x5_5A_01)
    let tiles = (0..<8).map { _ in (0..<36).map { _ in Float(generator.nextUniform(in: -1...1)) } }
    let filter = (0..<25).map { _ in Float(generator.nextUniform(in: -1...1)) }
    var u = [Float](repeating: 0, count: 36)
    filter.withUnsafeBufferPointer { pg in
      u.withUnsafeMutableBufferPointer { pu in
        F.transformFilter(
          WinogradFilterTaps(base: pg.baseAddress!, rowStride: 5, columnStride: 1),
          into: pu.baseAddress!, stride: 1)
      }
    }
    // Per tile, the column transform on a ring of 6 slots of 8 floats (tile row i in slot
    // (3 + i) % 6), then tile l's f_a columns 2j, 2j + 1 into span j at 2l, 2l + 1.
    let spanStride = 16
    var spans = [Float](repeating: 0, count: 6 * 3 * spanStride)
    for (l, d) in tiles.enumerated() {
      var ring = [Float](repeating: 0, count: 48), f = [Float](repeating: 0, count: 48)
      for i in 0..<6 {
        for j in 0..<6 { ring[((3 + i) % 6) * 8 + j] = d[i * 6 + j] }
      }
      ring.withUnsafeBufferPointer { pr in
        f.withUnsafeMutableBufferPointer { pf in
          F.transformInputColumns(
            ring: pr.baseAddress!, first: 3, slot: 8, into: pf.baseAddress!, stride: 8)
        }
      }
      for a in 0..<6 {
        for column in 0..<6 {
          spans[(a * 3 + column / 2) * spanStride + 2 * l + column % 2] = f[a * 8 + column]
        }
      }
    }
    var v = [Float](repeating: 0, count: 36 * 8)
    spans.withUnsafeBufferPointer { ps in
      v.withUnsafeMutableBufferPointer { pv in
        for a in 0..<6 {
          F.transformInputRows(
            ps.baseAddress! + a * 3 * spanStride, spanStride: spanStride,
            into: pv.baseAddress! + a * 6 * 8, stride: 8)
        }
      }
    }
    let m = (0..<36 * 8).map { u[$0 / 8] * v[$0] }
    var out = [Float](repeating: 0, count: 32)
    m.withUnsafeBufferPointer { pm in
      out.withUnsafeMutableBufferPointer { po in
        F.transformOutput(
          pm.baseAddress!, stride: 8, bias: .zero, into: po.baseAddress!, outStride: 16)
      }
    }
    let filterSum = filter.reduce(0.0) { $0 + Double(abs($1)) }
    var worst = 0.0
    for (l, d) in tiles.enumerated() {
      let scale = filterSum * d.reduce(0.0) { $0 + Double(abs($1)) }
      for i in 0..<2 {
        for j in 0..<2 {
          var expected = 0.0
          for r in 0..<5 {
            for s in 0..<5 {
              expected += Double(d[(i + r) * 6 + j + s]) * Double(filter[r * 5 + s])
            }
          }
          let actual = out[i * 16 + 2 * l + j]
          let error = abs(Double(actual) - expected) / scale
          worst = max(worst, error)
          #expect(error <= 1e-6, "tile \(l) output (\(i), \(j)): \(actual) ≠ \(expected)")
        }
      }
    }
    print("F(2×2, 5×5) one tile per lane: max |error| / S = \(worst)")
  }

  /// 320 random 5×5 geometries, forward and input gradient, against the references in Double,
  /// and `conv2d` / `conv2dBackward` against the Winograd functions where they take them.
  ///
  /// Scale, as in Conv2DWinogradTests: an output of a 2×2 tile depends on the tile's whole
  /// 6×6 input window, so `S = |b| + Σ_c (Σ_window |x|)·(Σ_{r,s} |w|)`. Tolerance `1e-6 · S`:
  /// each output adds 25 of the `M_ξ` (Aᵀ's rows have 5 nonzero entries each), each a C-term
  /// Float sum of products of transforms (V rounded 2 times over 4 or 5 terms with constants
  /// up to 5/2, U once), then the output transform: a worst case of some `25·(C + 10)·2⁻²⁴·4`
  /// ≈ 3e-4 of S for C = 40, but with random signs the errors mostly cancel; the largest seen
  /// is printed (5.4e-8 forward, 8.4e-8 dx when written). A wrong or missing term, of typical
  /// size 1/(225·C) of S (0.25 against C·36·0.5 · 25·0.5 for values in [−1, 1]: 1e-4 … 3e-5),
  /// cannot pass.
  @Test func randomSweepAgainstReference() {
    var worst = [String: Double]()
    var winogradPaths = (forward: 0, inputGradient: 0)
    sweepGeometries(seed: 0x5_5A_02, draw: randomKernel5Geometry) { geometry, g in
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let b = g.tensor([geometry.outChannels]), dy = g.tensor(geometry.outputShape)
      let config = "\(geometry) batch \(geometry.batch)"
      let (xd, wd) = (x.converted(to: Double.self), w.converted(to: Double.self))
      let expected = conv2dReference(
        input: xd, weight: wd, bias: b.converted(to: Double.self), geometry: geometry)
      let dxExpected = conv2dBackwardReference(
        input: xd, weight: wd, outputGradient: dy.converted(to: Double.self), geometry: geometry
      ).input
      let F = WinogradF2x2Kernel5.self
      let y = winograd(F, x, w, b, geometry)
      let scale = tileScale(
        x, filterSums: filterSums(w, transposed: false), bias: b, padding: geometry.padding,
        outHeight: geometry.outHeight, outWidth: geometry.outWidth, tile: 2, kernel: 5)
      worst["forward", default: 0] = max(
        worst["forward", default: 0], relativeError(y, expected, scale))
      var passed = expectNoMismatch(
        mismatchReport(
          y.scalars, expected.converted(to: Float.self).scalars, scale: scale, tolerance: 1e-6,
          config: "F(2×2, 5×5) forward \(config)"))
      let dx = winogradInputGradient(F, dy, w, geometry)
      // dx is dy padded by 4 − P on each side, correlated with the turned filters.
      let p = geometry.padding
      let dxScale = tileScale(
        dy, filterSums: filterSums(w, transposed: true), bias: nil,
        padding: Padding2D(
          top: 4 - p.top, bottom: 4 - p.bottom, left: 4 - p.left, right: 4 - p.right),
        outHeight: geometry.height, outWidth: geometry.width, tile: 2, kernel: 5)
      worst["dx", default: 0] = max(worst["dx", default: 0], relativeError(dx, dxExpected, dxScale))
      passed = expectNoMismatch(
        mismatchReport(
          dx.scalars, dxExpected.converted(to: Float.self).scalars, scale: dxScale,
          tolerance: 1e-6, config: "F(2×2, 5×5) input gradient \(config)")) && passed
      // The dispatch: the same bits where conv2d and conv2dBackward take Winograd.
      if usesWinogradConv(geometry) {
        winogradPaths.forward += 1
        passed = expectNoMismatch(
          bitMismatchReport(
            conv2d(input: x, weight: w, bias: b, geometry: geometry).scalars, y.scalars,
            config: "conv2d vs F(2×2, 5×5), \(config)")) && passed
      }
      if usesWinogradInputGradient(geometry) {
        winogradPaths.inputGradient += 1
        let grads = conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: geometry)
        let weightOnly = conv2dBackward(
          input: x, weight: w, outputGradient: dy, geometry: geometry, inputGradient: false)
        passed = expectNoMismatch(
          bitMismatchReport(
            grads.input.scalars, dx.scalars, config: "conv2dBackward dx vs F(2×2, 5×5), \(config)"))
          && expectNoMismatch(
            bitMismatchReport(
              grads.weight.scalars + grads.bias.scalars,
              weightOnly.weight.scalars + weightOnly.bias.scalars,
              config: "conv2dBackward dw, db with and without dx, \(config)")) && passed
      }
      return passed
    }
    // Both sides of the thresholds are drawn.
    #expect(winogradPaths.forward > 50 && winogradPaths.forward < 300, "\(winogradPaths)")
    #expect(
      winogradPaths.inputGradient > 50 && winogradPaths.inputGradient < 300, "\(winogradPaths)")
    print(
      "F(2×2, 5×5) sweep: max |error| / S = \(worst.sorted { $0.key < $1.key }), "
        + "conv2d / conv2dBackward on Winograd in \(winogradPaths)")
  }

  /// `conv2d` and `conv2dBackward` (on the Winograd path here: 5×5, stride 1, C ≥ 16) give
  /// the same bits for 1, 2 and 3 threads (5×5 tiles are cut 48 at a time, filters into blocks
  /// of at most 48; `chunks` counts the forward pass's chunks of (tiles, filters)):
  /// - 2 images, 17×16 outputs (padding 2): 2·9·8 = 144 tiles in 3 chunks of 48; 100 filters
  ///   in 2 chunks (100/2 → 54 → a multiple of the block, 96: blocks of 48 + 48, then 4);
  /// - 6 images, 7×8 outputs: 6·4·4 = 96 tiles in 2 chunks, 96 filters in 2 chunks of 48 (the
  ///   input transformed first, then shared);
  /// - 36 images, 8×8 outputs (padding 2): 36·4·4 = 576 tiles in 12 chunks of 48.
  @Test(.serialized, arguments: [
    (2, 20, 17, 16, 100, 2, 6), (6, 18, 11, 12, 96, 0, 4), (36, 17, 8, 8, 20, 2, 12),
  ])
  func bitIdenticalAcrossThreadCounts(
    _ shape: (batch: Int, channels: Int, height: Int, width: Int, filters: Int, padding: Int,
      chunks: Int)
  ) throws {
    let geometry = try Conv2DGeometry(
      batch: shape.batch, inChannels: shape.channels, height: shape.height, width: shape.width,
      outChannels: shape.filters, kernel: 5, padding: shape.padding)
    #expect(usesWinogradConv(geometry) && usesWinogradInputGradient(geometry))
    let plan = WinogradPlan(geometry, WinogradF2x2Kernel5.self)
    #expect(plan.tileChunks * plan.filterChunks == shape.chunks)
    var g = SeededGenerator(seed: 0x5_5A_03)
    let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
    let b = g.tensor([geometry.outChannels]), dy = g.tensor(geometry.outputShape)
    let results = [1, 2, 3].map { threads in
      Parallel.withThreadCount(threads) {
        let grads = conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: geometry)
        return [
          conv2d(input: x, weight: w, bias: b, geometry: geometry).scalars, grads.input.scalars,
          grads.weight.scalars, grads.bias.scalars,
        ]
      }
    }
    let names = ["conv2d y", "conv2dBackward dx", "conv2dBackward dw", "conv2dBackward db"]
    for (threads, result) in zip([1, 2, 3], results).dropFirst() {
      for (index, name) in names.enumerated() {
        expectNoMismatch(
          bitMismatchReport(
            results[0][index], result[index],
            config: "\(name) of \(geometry), \(threads) threads"))
      }
    }
  }

  /// Larger layers against the references, tolerance `1e-6 · S` as in the sweep:
  /// - C = 52, K = 100, one 9×10 image padded by 2 (25 tiles in one chunk): forward, 100
  ///   filters in a chunk of 96 (blocks of 48, 48) and one of 4; dx (52 outputs), one chunk
  ///   of blocks of 48 and 4;
  /// - C = 300 (forward products in two of gemm's K blocks of ≤ 256), K = 8, 6×7, padding 2;
  /// - C = 20, K = 260 (dx's products in two K blocks), 7×6, padding 1.
  @Test(arguments: [
    (1, 52, 9, 10, 100, 2, 3), (1, 300, 6, 7, 8, 2, 1), (1, 20, 7, 6, 260, 1, 6),
  ])
  func largerLayersAgainstReference(
    _ shape: (batch: Int, channels: Int, height: Int, width: Int, filters: Int, padding: Int,
      blocks: Int)
  ) throws {
    let geometry = try Conv2DGeometry(
      batch: shape.batch, inChannels: shape.channels, height: shape.height, width: shape.width,
      outChannels: shape.filters, kernel: 5, padding: shape.padding)
    #expect(usesWinogradConv(geometry) && usesWinogradInputGradient(geometry))
    let plan = WinogradPlan(geometry, WinogradF2x2Kernel5.self)
    #expect(plan.filterBlocks == shape.blocks)
    var g = SeededGenerator(seed: 0x5_5A_04)
    let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
    let b = g.tensor([geometry.outChannels]), dy = g.tensor(geometry.outputShape)
    let (xd, wd) = (x.converted(to: Double.self), w.converted(to: Double.self))
    let expected = conv2dReference(
      input: xd, weight: wd, bias: b.converted(to: Double.self), geometry: geometry)
    let dxExpected = conv2dBackwardReference(
      input: xd, weight: wd, outputGradient: dy.converted(to: Double.self), geometry: geometry
    ).input
    let y = conv2d(input: x, weight: w, bias: b, geometry: geometry)
    let scale = tileScale(
      x, filterSums: filterSums(w, transposed: false), bias: b, padding: geometry.padding,
      outHeight: geometry.outHeight, outWidth: geometry.outWidth, tile: 2, kernel: 5)
    expectNoMismatch(
      mismatchReport(
        y.scalars, expected.converted(to: Float.self).scalars, scale: scale, tolerance: 1e-6,
        config: "forward \(geometry)"))
    let dx = conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: geometry).input
    let p = 4 - shape.padding
    let dxScale = tileScale(
      dy, filterSums: filterSums(w, transposed: true), bias: nil, padding: Padding2D(p),
      outHeight: geometry.height, outWidth: geometry.width, tile: 2, kernel: 5)
    expectNoMismatch(
      mismatchReport(
        dx.scalars, dxExpected.converted(to: Float.self).scalars, scale: dxScale,
        tolerance: 1e-6, config: "input gradient \(geometry)"))
  }

  /// The error in a ReLU-like layer, relative to each output's own `Σ|w·x|` (not the tile's
  /// S): inputs in [0, 1), He-scaled normal weights (σ = √(2/(C·25))), C = 96, no bias, 2
  /// images of 12×12 padded by 2 (2·6·6 = 72 tiles, 16 filters: 4608 outputs). A Float
  /// simulation of these matrices on such data saw at most 1.05e-7 (mean 1.7e-8) over 1500
  /// tiles; this test allows 1e-6 and prints what it sees (1.8e-7, mean 2.1e-8, when written;
  /// im2col + GEMM on the same data: 1.5e-7).
  @Test func reluLikeLayerError() throws {
    let geometry = try Conv2DGeometry(
      batch: 2, inChannels: 96, height: 12, width: 12, outChannels: 16, kernel: 5, padding: 2)
    var g = SeededGenerator(seed: 0x5_5A_05)
    let x = Tensor<Float>(
      shape: geometry.inputShape,
      scalars: (0..<geometry.inputShape.reduce(1, *)).map { _ in Float(g.nextUnit()) })
    let sigma = (2.0 / Double(96 * 25)).squareRoot()
    let w = Tensor<Float>(
      shape: geometry.weightShape,
      scalars: (0..<geometry.weightShape.reduce(1, *)).map { _ in Float(g.nextNormal() * sigma) })
    let (xd, wd) = (x.converted(to: Double.self), w.converted(to: Double.self))
    let expected = conv2dReference(input: xd, weight: wd, bias: nil, geometry: geometry)
    let own = conv2dReference(
      input: Tensor(shape: xd.shape, scalars: xd.scalars.map(abs)),
      weight: Tensor(shape: wd.shape, scalars: wd.scalars.map(abs)), bias: nil,
      geometry: geometry)
    #expect(usesWinogradConv(geometry))
    var errors = [Double]()
    let y = conv2d(input: x, weight: w, bias: nil, geometry: geometry)
    for i in y.scalars.indices {
      errors.append(abs(Double(y.scalars[i]) - expected.scalars[i]) / own.scalars[i])
    }
    let worst = errors.max() ?? 0, mean = errors.reduce(0, +) / Double(errors.count)
    #expect(worst <= 1e-6, "max |error| / Σ|w·x| = \(worst)")
    // The same outputs by im2col + GEMM, for comparison: conv2d's GEMM path on the same data.
    let gemm = gemmConvolution(x, w, geometry)
    let gemmWorst = gemm.scalars.indices.map {
      abs(Double(gemm.scalars[$0]) - expected.scalars[$0]) / own.scalars[$0]
    }.max() ?? 0
    print(
      "F(2×2, 5×5), ReLU-like layer: max |error| / Σ|w·x| = \(worst), mean \(mean); "
        + "im2col + GEMM: max \(gemmWorst)")
  }

  /// Which 5×5 layers take Winograd: AlexNet's c2 both ways; LeNet's c1 and c2 stay on the
  /// direct path forward (C·R·S = 25 and 150 ≤ 150) and off Winograd backward (C < 16); a
  /// stride of 2, or padding 5 for dx (dy would need cropping), do not; the weight gradient
  /// (F(5×5, 2×2)) goes with the input gradient.
  @Test func dispatch() throws {
    let alexNet = try Conv2DGeometry(
      batch: 8, inChannels: 96, height: 26, width: 26, outChannels: 256, kernel: 5, padding: 2)
    #expect(usesWinogradConv(alexNet) && usesWinogradInputGradient(alexNet))
    #expect(usesWinogradWeightGradient(alexNet))
    let leNet1 = try Conv2DGeometry(
      batch: 8, inChannels: 1, height: 28, width: 28, outChannels: 6, kernel: 5, padding: 2)
    let leNet2 = try Conv2DGeometry(
      batch: 8, inChannels: 6, height: 14, width: 14, outChannels: 16, kernel: 5)
    for g in [leNet1, leNet2] {
      #expect(usesDirectConv(g) && !usesWinogradConv(g) && !usesWinogradInputGradient(g))
    }
    // C = 15 < 16 stays on im2col + GEMM both ways, even with many filters; C = 16 does not.
    let narrow = try Conv2DGeometry(
      batch: 8, inChannels: 15, height: 26, width: 26, outChannels: 256, kernel: 5, padding: 2)
    #expect(!usesWinogradConv(narrow) && !usesWinogradInputGradient(narrow))
    let sixteen = try Conv2DGeometry(
      batch: 8, inChannels: 16, height: 26, width: 26, outChannels: 8, kernel: 5, padding: 2)
    #expect(usesWinogradConv(sixteen) && usesWinogradInputGradient(sixteen))
    let strided = try Conv2DGeometry(
      batch: 1, inChannels: 64, height: 17, width: 17, outChannels: 64, kernel: 5, stride: 2)
    #expect(!usesWinogradConv(strided) && !usesWinogradInputGradient(strided))
    let wide = try Conv2DGeometry(
      batch: 1, inChannels: 64, height: 8, width: 8, outChannels: 64, kernel: 5, padding: 5)
    #expect(usesWinogradConv(wide) && !usesWinogradInputGradient(wide))
  }

}

/// A random 5×5 geometry, or nil when it is rejected: batch 1–3, C 8–40 (around
/// `winogradKernel5MinimumChannels`, 16), K 1–40, H and W 1–14, padding 0–4 on each side.
/// Rejected: a kernel larger than the padded input, and (to keep the Double references fast in
/// debug builds) N·K·H·W above 300.
private func randomKernel5Geometry(using g: inout SeededGenerator) -> Conv2DGeometry? {
  let batch = g.nextInt(in: 1...3), channels = g.nextInt(in: 8...40)
  let height = g.nextInt(in: 1...14), width = g.nextInt(in: 1...14)
  let filters = g.nextInt(in: 1...40)
  let padding = Padding2D(
    top: g.nextInt(in: 0...4), bottom: g.nextInt(in: 0...4), left: g.nextInt(in: 0...4),
    right: g.nextInt(in: 0...4))
  guard batch * filters * height * width <= 300 else { return nil }
  return try? Conv2DGeometry(
    batch: batch, inChannels: channels, height: height, width: width, outChannels: filters,
    kernel: (5, 5), padding: padding)
}

/// `conv2d`'s im2col + GEMM path on `g` (whatever path `conv2d` itself takes): `Y = W · col`
/// per image with `gemmBlocked`, as `conv2dForwardItem` does (no bias).
private func gemmConvolution(
  _ x: Tensor<Float>, _ w: Tensor<Float>, _ g: Conv2DGeometry
) -> Tensor<Float> {
  let rows = g.inChannels * 25, columns = g.outHeight * g.outWidth
  var y = Tensor<Float>(zeros: g.outputShape)
  var col = [Float](repeating: 0, count: rows * columns)
  for n in 0..<g.batch {
    x.scalars.withUnsafeBufferPointer { px in
      col.withUnsafeMutableBufferPointer { pc in
        im2col(
          px.baseAddress! + n * g.inChannels * g.height * g.width, channels: g.inChannels,
          geometry: g, into: pc.baseAddress!, rowStride: columns)
      }
    }
    w.scalars.withUnsafeBufferPointer { pw in
      col.withUnsafeBufferPointer { pc in
        y.scalars.withUnsafeMutableBufferPointer { py in
          gemmBlocked(
            m: g.outChannels, n: columns, k: rows, a: pw.baseAddress!, lda: rows,
            transposeA: false, b: pc.baseAddress!, ldb: columns, transposeB: false,
            c: py.baseAddress! + n * g.outChannels * columns, ldc: columns, accumulate: false,
            threaded: false)
        }
      }
    }
  }
  return y
}
