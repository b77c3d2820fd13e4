@testable import CNNCore
import CrossCorrelation
import Testing

/// A strided convolution as a stride-1 convolution of its input rearranged by space to depth
/// (Conv2DSpaceToDepth.swift): the rearrangement by hand, the identity on random layers, and
/// `conv2d`'s Winograd path through it.
@Suite struct Conv2DSpaceToDepthTests {
  /// The rearranged input and filters of `g` as tensors (`s = spaceToDepthRearrangement(g)`),
  /// the input row by row as the Winograd transform reads it (`spaceToDepthRow`).
  func rearrange(
    _ x: Tensor<Float>, _ w: Tensor<Float>, _ g: Conv2DGeometry, _ s: Conv2DGeometry
  ) -> (z: Tensor<Float>, w: Tensor<Float>) {
    var z = Tensor<Float>(zeros: s.inputShape), filters = Tensor<Float>(zeros: s.weightShape)
    x.scalars.withUnsafeBufferPointer { px in
      z.scalars.withUnsafeMutableBufferPointer { pz in
        for n in 0..<s.batch {
          for c in 0..<s.inChannels {
            for i in 0..<s.height {
              spaceToDepthRow(
                px.baseAddress!, image: n, channel: c, row: i, geometry: g, rearranged: s,
                into: pz.baseAddress! + ((n * s.inChannels + c) * s.height + i) * s.width)
            }
          }
        }
      }
    }
    w.scalars.withUnsafeBufferPointer { pw in
      filters.scalars.withUnsafeMutableBufferPointer { pf in
        spaceToDepthFilters(pw.baseAddress!, geometry: g, rearranged: s, into: pf.baseAddress!)
      }
    }
    return (z, filters)
  }

  /// The file comment's example: x = [[1, 2, 3, 4], [5, 6, 7, 8]], a 2×2 kernel at stride 2.
  /// z[u·2 + v, 0, j] = x[u, 2j + v]: [1, 3], [2, 4], [5, 7], [6, 8]; w′ = the 4 taps as 1×1
  /// filters; y = [1·1 + 2·2 + 5·3 + 6·4, 3·1 + 4·2 + 7·3 + 8·4] = [44, 64] with w = [[1, 2],
  /// [3, 4]]. The reference and the core's rearrangement give the same.
  @Test func handWorkedExample() throws {
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 2, width: 4, outChannels: 1, kernel: 2, stride: 2)
    let x = Tensor<Float>(shape: [1, 1, 2, 4], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
    let w = Tensor<Float>(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
    let reference = try spaceToDepthReference(input: x, weight: w, geometry: g)
    #expect(reference.geometry.inputShape == [1, 4, 1, 2])
    #expect(reference.geometry.weightShape == [1, 4, 1, 1])
    #expect(reference.input.scalars == [1, 3, 2, 4, 5, 7, 6, 8])
    #expect(reference.weight.scalars == [1, 2, 3, 4])
    let s = try #require(spaceToDepthRearrangement(g))
    #expect(s == reference.geometry)
    let (z, filters) = rearrange(x, w, g, s)
    #expect(z.scalars == reference.input.scalars && filters.scalars == reference.weight.scalars)
    let y = conv2dReference(input: z, weight: filters, bias: nil, geometry: s)
    #expect(y.scalars == [44, 64])
    #expect(conv2dReference(input: x, weight: w, bias: nil, geometry: g).scalars == [44, 64])
  }

  /// `copyStridedRow`, which gathers every row of the rearranged input (by vectors for
  /// strides 2 and 4), against its definition `target[j] = source[σ·j]`: strides 1–5, counts
  /// 0–40. Exact (copies); the float after the row is left alone. Each source array ends at the
  /// last float the copy may read, `σ·(count − 1)`, so that a run with
  /// `swift test --sanitize=address` catches a read past it.
  @Test func stridedRowCopy() {
    var gen = SeededGenerator(seed: 0x5D_0003)
    for stride in 1...5 {
      for count in 0...40 {
        let source = gen.floats(count == 0 ? 0 : stride * (count - 1) + 1)
        var target = [Float](repeating: .nan, count: count + 1)
        source.withUnsafeBufferPointer { ps in
          target.withUnsafeMutableBufferPointer { pt in
            copyStridedRow(ps.baseAddress!, stride: stride, pt.baseAddress!, count)
          }
        }
        let expected = (0..<count).map { source[stride * $0] }
        #expect(
          Array(target.prefix(count)) == expected && target[count].isNaN,
          "stride \(stride), count \(count)")
      }
    }
  }

  /// The reference refuses what it cannot rearrange, saying why.
  @Test func referenceRejectsOtherGeometries() throws {
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 8, width: 8, outChannels: 1, kernel: (3, 3),
      stride: (2, 1), rounding: .floor)
    let x = Tensor<Float>(zeros: g.inputShape), w = Tensor<Float>(zeros: g.weightShape)
    #expect(throws: GeometryError.self) {
      _ = try spaceToDepthReference(input: x, weight: w, geometry: g)
    }
  }

  /// 300 random strided layers (stride 2–4 both ways, kernels 1–9 per side, any padding,
  /// floor rounding): the core's rearrangement equals `spaceToDepthReference` exactly (values
  /// are copies), and the rearranged stride-1 layer gives the same outputs, both computed by
  /// `conv2dReference` in Double. The same products are summed in another order, so they agree
  /// to `1e-12 · Σ|terms|` (checked at 1e-6 in Float, far above that).
  @Test func identityOnRandomLayers() {
    sweepGeometries(seed: 0x5D_0001, draw: Self.randomStridedGeometry) { g, gen in
      let x = gen.tensor(g.inputShape), w = gen.tensor(g.weightShape)
      let b = gen.tensor([g.outChannels])
      guard let s = spaceToDepthRearrangement(g),
        let reference = try? spaceToDepthReference(input: x, weight: w, geometry: g)
      else {
        Issue.record("\(g) has no rearrangement")
        return false
      }
      let (z, filters) = rearrange(x, w, g, s)
      guard s == reference.geometry, z.scalars == reference.input.scalars,
        filters.scalars == reference.weight.scalars
      else {
        Issue.record("\(g): the core's rearrangement differs from spaceToDepthReference")
        return false
      }
      let direct = conv2dReference(
        input: x.converted(to: Double.self), weight: w.converted(to: Double.self),
        bias: b.converted(to: Double.self), geometry: g)
      let rearranged = conv2dReference(
        input: z.converted(to: Double.self), weight: filters.converted(to: Double.self),
        bias: b.converted(to: Double.self), geometry: s)
      let scale = conv2dReference(
        input: x.magnitudes, weight: w.magnitudes, bias: b.magnitudes, geometry: g)
      return expectNoMismatch(
        mismatchReport(
          rearranged.scalars.map { Float($0) }, direct.scalars.map { Float($0) },
          scale: scale.scalars, tolerance: 1e-6, config: "\(g) → \(s)"))
    }
  }

  /// `conv2d` on strided layers that it computes by space to depth and Winograd's F(2×2, 3×3)
  /// (or F(2×2, 5×5)), against the Double reference. Tolerance `1e-6 · S`, S as for the
  /// Winograd layer it becomes (`tileScale` over the rearranged input: `|b| + Σ_c′ (Σ|z| over
  /// the tile's window)·(Σ|w′|)`), the bound the Winograd tests use; the worst seen is printed.
  @Test func conv2dThroughSpaceToDepthAgainstReference() throws {
    let layers = [
      // AlexNet's c1 on a 60×60 image: 48 channels of 3×3 after the rearrangement.
      try Conv2DGeometry(
        batch: 2, inChannels: 3, height: 60, width: 60, outChannels: 8, kernel: 11, stride: 4,
        padding: 1, rounding: .floor),
      // 5×5 at stride 2, 5 channels: 20 of 3×3; padding 2, ragged output 15×12.
      try Conv2DGeometry(
        batch: 3, inChannels: 5, height: 29, width: 23, outChannels: 7, kernel: 5, stride: 2,
        padding: 2, rounding: .floor),
      // 6×6 at stride 2 without padding, 8 channels: 32 of 3×3.
      try Conv2DGeometry(
        batch: 1, inChannels: 8, height: 21, width: 26, outChannels: 13, kernel: 6, stride: 2,
        rounding: .floor),
      // 9×10 at stride 2, 4 channels: 16 channels of 5×5 (F(2×2, 5×5) from C = 16).
      try Conv2DGeometry(
        batch: 2, inChannels: 4, height: 30, width: 31, outChannels: 6, kernel: (9, 10),
        stride: (2, 2), padding: Padding2D(top: 1, bottom: 3, left: 4, right: 0),
        rounding: .floor),
    ]
    var gen = SeededGenerator(seed: 0x5D_0002)
    var worst = 0.0
    for g in layers {
      let s = try #require(spaceToDepthGeometry(g), "\(g) does not take space to depth")
      let x = gen.tensor(g.inputShape), w = gen.tensor(g.weightShape)
      let b = gen.tensor([g.outChannels])
      let results = [1, 2, 3].map { threads in
        Parallel.withThreadCount(threads) { conv2d(input: x, weight: w, bias: b, geometry: g) }
      }
      let expected = conv2dReference(
        input: x.converted(to: Double.self), weight: w.converted(to: Double.self),
        bias: b.converted(to: Double.self), geometry: g)
      let (z, filters) = rearrange(x, w, g, s)
      let scale = tileScale(
        z, filterSums: filterSums(filters, transposed: false), bias: b, padding: Padding2D(0),
        outHeight: g.outHeight, outWidth: g.outWidth, tile: 2, kernel: s.kernelHeight)
      worst = max(worst, relativeError(results[0], expected, scale))
      expectNoMismatch(
        mismatchReport(
          results[0].scalars, expected.scalars.map { Float($0) }, scale: scale,
          tolerance: 1e-6, config: "\(g) → \(s)"))
      for (threads, result) in zip([2, 3], results.dropFirst()) {
        expectNoMismatch(
          bitMismatchReport(
            results[0].scalars, result.scalars, config: "\(g), \(threads) threads"))
      }
    }
    print("space to depth + Winograd: worst error \(worst) of S")
  }

  /// Layers that stay on their paths: stride 1, unequal strides, dilation, groups, and a
  /// rearranged layer too thin for Winograd (3 channels at stride 2 → 12).
  @Test func dispatch() throws {
    let others = [
      try Conv2DGeometry(
        batch: 1, inChannels: 8, height: 16, width: 16, outChannels: 4, kernel: 5, stride: 1),
      try Conv2DGeometry(
        batch: 1, inChannels: 8, height: 16, width: 16, outChannels: 4, kernel: (5, 5),
        stride: (2, 1), rounding: .floor),
      try Conv2DGeometry(
        batch: 1, inChannels: 8, height: 16, width: 16, outChannels: 4, kernel: 3, stride: 2,
        dilation: 2, rounding: .floor),
      try Conv2DGeometry(
        batch: 1, inChannels: 8, height: 16, width: 16, outChannels: 4, kernel: 5, stride: 2,
        groups: 2, rounding: .floor),
      try Conv2DGeometry(
        batch: 1, inChannels: 3, height: 16, width: 16, outChannels: 4, kernel: 5, stride: 2,
        rounding: .floor),
    ]
    for g in others { #expect(spaceToDepthGeometry(g) == nil, "\(g)") }
  }

  /// Random strided geometries: stride 2–4 (the same both ways), channels 1–4, kernel 1–9 per
  /// side, padding 0…kernel − 1 per side, input 1–20 per side, floor rounding.
  static func randomStridedGeometry(using g: inout SeededGenerator) -> Conv2DGeometry? {
    let stride = g.nextInt(in: 2...4)
    let kernel = (g.nextInt(in: 1...9), g.nextInt(in: 1...9))
    let padding = Padding2D(
      top: g.nextInt(in: 0...(kernel.0 - 1)), bottom: g.nextInt(in: 0...(kernel.0 - 1)),
      left: g.nextInt(in: 0...(kernel.1 - 1)), right: g.nextInt(in: 0...(kernel.1 - 1)))
    return try? Conv2DGeometry(
      batch: g.nextInt(in: 1...2), inChannels: g.nextInt(in: 1...4),
      height: g.nextInt(in: 1...20), width: g.nextInt(in: 1...20),
      outChannels: g.nextInt(in: 1...4), kernel: kernel, stride: (stride, stride),
      padding: padding, rounding: .floor)
  }
}
