@testable import CNNCore
import CrossCorrelation
import Testing

/// The im2col path in blocks of columns (`ConvPlan.columnBlock`): layers whose whole `col`
/// would outgrow the caches (AlexNet's first layer, a ResNet-style stem) build and multiply it
/// a block of output positions at a time.
@Suite struct Conv2DColumnBlockTests {
  /// `im2colPacked` of any range of columns holds exactly the values of those columns of
  /// `im2col`, at the panel positions gemm reads: 300 random geometries, each with a random
  /// block that may start and end in the middle of an output row, built from `x` and from the
  /// image split by column phase (`Im2ColPhases`). Values are copies, so the comparison is
  /// exact.
  @Test func packedBlockHoldsTheColumnsOfIm2col() {
    sweepGeometries(seed: 0xB10C_0001, draw: randomConvGeometry) { geometry, g in
      let x = g.tensor(geometry.inputShape)
      let channels = geometry.inChannelsPerGroup
      let rows = channels * geometry.kernelHeight * geometry.kernelWidth
      let columns = geometry.outHeight * geometry.outWidth
      let start = g.nextInt(in: 0...((columns - 1) / 16)) * 16
      let block = start..<g.nextInt(in: (start + 1)...columns)
      let nPadded = GEMMBlocking.roundUp(block.count, 16)
      var whole = [Float](repeating: .nan, count: rows * columns)
      var packed = [Float](repeating: .nan, count: rows * nPadded)
      var fromPhases = packed
      let layout = Im2ColPhases(geometry)
      var phases = [Float](repeating: .nan, count: layout.count)
      x.scalars.withUnsafeBufferPointer { px in
        im2col(px.baseAddress!, channels: channels, geometry: geometry, into: &whole)
        im2colPacked(
          px.baseAddress!, channels: channels, geometry: geometry, columns: block,
          into: &packed)
        layout.fill(px.baseAddress!, channels: channels, geometry: geometry, into: &phases)
        phases.withUnsafeBufferPointer { split in
          im2colPacked(
            px.baseAddress!, channels: channels, geometry: geometry, columns: block,
            phases: (layout, split.baseAddress!), into: &fromPhases)
        }
      }
      var mismatches: [String] = []
      func compare(_ built: [Float], _ label: String) {
        for row in 0..<rows {
          let p0 = row / GEMMBlocking.kc * GEMMBlocking.kc
          let kb = min(GEMMBlocking.kc, rows - p0)
          for j in 0..<nPadded {
            let value = built[p0 * nPadded + (j / 16) * 16 * kb + (row - p0) * 16 + j % 16]
            let expected = j < block.count ? whole[row * columns + block.lowerBound + j] : 0
            if value.bitPattern != expected.bitPattern && mismatches.count < 5 {
              mismatches.append(
                "\(label) row \(row) column \(block.lowerBound + j): \(value) ≠ \(expected)")
            }
          }
        }
      }
      compare(packed, "from x:")
      compare(fromPhases, "from phases:")
      return expectNoMismatch(
        mismatches.isEmpty
          ? nil : "\(geometry), columns \(block): " + mismatches.joined(separator: "; "))
    }
  }

  /// Layers that take the blocked path, against `conv2dReference` in Double, and the same bits
  /// for 1, 2 and 3 threads. Tolerance `2.5e-5 · (|b| + Σ|w·x|)`: our Float sum of at most
  /// 147 + 1 terms is within 148·2⁻²⁴ ≈ 9e-6 of the exact value, relative to it.
  @Test func blockedLayersAgainstReference() throws {
    var g = SeededGenerator(seed: 0xB10C_0002)
    let layers = [
      // 11×11 at stride 4 on one channel (16 channels after space to depth: too few for
      // Winograd): 121 rows × 43·43 columns, blocks of 528.
      try Conv2DGeometry(
        batch: 2, inChannels: 1, height: 180, width: 180, outChannels: 16, kernel: 11,
        stride: 4, padding: 1, rounding: .floor),
      // A 7×7 stride-2 stem: 147 rows × 1024 columns.
      try Conv2DGeometry(
        batch: 1, inChannels: 3, height: 64, width: 64, outChannels: 8, kernel: 7, stride: 2,
        padding: 3, rounding: .floor),
      // 5×5 at stride 2, ragged: 75 rows × 61·48 columns, a last block of 16.
      try Conv2DGeometry(
        batch: 2, inChannels: 3, height: 121, width: 95, outChannels: 12, kernel: 5, stride: 2,
        padding: 2, rounding: .floor),
      // Dilated and grouped: 2 groups of 4·9 = 36 rows × 64·64 columns.
      try Conv2DGeometry(
        batch: 2, inChannels: 8, height: 64, width: 64, outChannels: 10, kernel: 3, stride: 1,
        padding: 2, dilation: 2, groups: 2),
    ]
    for geometry in layers {
      let plan = ConvPlan(geometry)
      #expect(
        plan.columnBlock < plan.columns && !usesDirectConv(geometry)
          && !usesWinogradConv(geometry) && spaceToDepthGeometry(geometry) == nil,
        "\(geometry) does not take the blocked path")
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let b = g.tensor([geometry.outChannels])
      let results = [1, 2, 3].map { threads in
        Parallel.withThreadCount(threads) {
          conv2d(input: x, weight: w, bias: b, geometry: geometry).scalars
        }
      }
      let expected = conv2dReference(
        input: x.converted(to: Double.self), weight: w.converted(to: Double.self),
        bias: b.converted(to: Double.self), geometry: geometry)
      let scale = conv2dReference(
        input: x.magnitudes.converted(to: Double.self),
        weight: w.magnitudes.converted(to: Double.self),
        bias: b.magnitudes.converted(to: Double.self), geometry: geometry)
      expectNoMismatch(
        mismatchReport(
          results[0], expected.scalars.map { Float($0) }, scale: scale.scalars.map { Float($0) },
          tolerance: 2.5e-5, config: "\(geometry)"))
      for (threads, result) in zip([2, 3], results.dropFirst()) {
        expectNoMismatch(
          bitMismatchReport(results[0], result, config: "\(geometry), \(threads) threads"))
      }
    }
  }
}
