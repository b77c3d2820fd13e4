import CNNCore
import Pooling
import Testing

/// The allocation-free kernels (`maxPool2D(input:geometry:output:argmax:)`,
/// `maxPool2DBackward(gradOutput:argmax:geometry:into:)` and the average pair) against the
/// scalar references, with every output buffer pre-filled with garbage (NaN, −7, Int32.min)
/// so that an element the kernel forgets to write shows up.
///
/// Geometries: the shared random sweep (windows 1–4, strides 1–3, padding, exact/floor/ceil,
/// 1-wide and 1-high planes) plus the row kernels' own cases — 2×2/2 and 3×3/2 without padding
/// on planes 1×1 … 40×40 of every parity, and a few with several chunks, so that rows of
/// fewer than eight outputs spill into the next row and stop at a chunk's end.
///
/// Tolerances: max pooling exact (values by bits, indices); average forward exact (same
/// addition order); average backward `1e-5 · max(1, |expected|)` (an element's shares are
/// added in another order when windows overlap; exact otherwise, see `AvgPoolPlain2x2Tests`).
@Suite struct PoolingBufferSweepTests {
  /// Row-kernel geometries: `count` random ones with a 2×2/2 or 3×3/2 window and no padding.
  static func rowKernelGeometries(_ count: Int, seed: UInt64) -> [Pool2DGeometry] {
    var g = SeededGenerator(seed: seed)
    var list = [Pool2DGeometry]()
    while list.count < count {
      let kernel = g.nextInt(in: 2...3)
      let rounding = [Rounding.floor, .exact, .ceil][g.nextInt(in: 0...2)]
      if let geometry = try? Pool2DGeometry(
        batch: g.nextInt(in: 1...3), channels: g.nextInt(in: 1...4),
        height: g.nextInt(in: kernel...40), width: g.nextInt(in: kernel...40), kernel: kernel,
        stride: 2, rounding: rounding)
      {
        list.append(geometry)
      }
    }
    // Several chunks (a chunk holds about 32 K elements of row work): 2·40 planes of 24×24
    // (Q = 12), 3·60 of 10×10 (Q = 5, one block per row), 2·300 of 9×7 (odd, Q = 3). Planes
    // 8 wide of even height (2×2/2: the kernels that take two output rows per block): 2·300
    // of 8×8 (two chunks), 3·341 of 6×8 (3,069 rows: the second chunk's 1,021 end on a lone
    // row), 3 of 6×8 (9 rows) and one 2×8 (P = 1). 2·1500 planes of 5×3 (Q = 1, one half
    // block per row) make chunks of 5,461 rows, an odd number, so the first chunk ends on a
    // lone half block with another chunk after it.
    for (n, c, h, w) in [
      (2, 40, 24, 24), (3, 60, 10, 10), (2, 300, 9, 7), (2, 300, 8, 8), (3, 341, 6, 8),
      (1, 3, 6, 8), (1, 1, 2, 8), (2, 1500, 5, 3),
    ] {
      for kernel in [2, 3] where kernel <= h {
        list.append(
          try! Pool2DGeometry(
            batch: n, channels: c, height: h, width: w, kernel: kernel, stride: 2,
            rounding: .floor))
      }
    }
    // 1×1 planes (2×2/2 needs at least 2×2), and rows exactly 16 and 17 outputs wide.
    list.append(try! Pool2DGeometry(batch: 2, channels: 3, height: 1, width: 1, kernel: 1))
    list.append(try! Pool2DGeometry(batch: 1, channels: 2, height: 2, width: 2, kernel: 2))
    list.append(try! Pool2DGeometry(batch: 1, channels: 2, height: 4, width: 32, kernel: 2))
    list.append(
      try! Pool2DGeometry(batch: 1, channels: 2, height: 5, width: 35, kernel: 2, rounding: .floor))
    return list
  }

  static let geometries = randomPoolGeometries(160, seed: 0xB0F1)
    + rowKernelGeometries(160, seed: 0xB0F2)

  /// Inputs drawn from {−2, …, 2} (ties in most windows), one in 40 NaN, one in 60 ±∞.
  static func tiedInput(_ shape: [Int], using g: inout SeededGenerator) -> [Float] {
    (0..<shape.reduce(1, *)).map { _ in
      switch g.nextInt(in: 0...119) {
      case 0...2: return .nan
      case 3: return .infinity
      case 4: return -.infinity
      default: return Float(g.nextInt(in: -2...2))
      }
    }
  }

  /// Runs the max-pooling buffer kernels on garbage-filled buffers.
  static func maxPool(
    _ x: [Float], _ dy: [Float], _ g: Pool2DGeometry
  ) -> (output: [Float], argmax: [Int32], dx: [Float]) {
    var y = [Float](repeating: .nan, count: dy.count)
    var argmax = [Int32](repeating: .min, count: dy.count)
    var dx = [Float](repeating: -7, count: x.count)
    x.withUnsafeBufferPointer { x in
      y.withUnsafeMutableBufferPointer { y in
        argmax.withUnsafeMutableBufferPointer { argmax in
          maxPool2D(input: x, geometry: g, output: y, argmax: argmax)
        }
      }
    }
    dy.withUnsafeBufferPointer { dy in
      argmax.withUnsafeBufferPointer { argmax in
        dx.withUnsafeMutableBufferPointer { dx in
          maxPool2DBackward(gradOutput: dy, argmax: argmax, geometry: g, into: dx)
        }
      }
    }
    return (y, argmax, dx)
  }

  /// Runs the average-pooling buffer kernels on garbage-filled buffers.
  static func avgPool(
    _ x: [Float], _ dy: [Float], _ g: Pool2DGeometry, _ countIncludePad: Bool
  ) -> (output: [Float], dx: [Float]) {
    var y = [Float](repeating: .nan, count: dy.count)
    var dx = [Float](repeating: .nan, count: x.count)
    x.withUnsafeBufferPointer { x in
      y.withUnsafeMutableBufferPointer { y in
        avgPool2D(input: x, geometry: g, output: y, countIncludePad: countIncludePad)
      }
    }
    dy.withUnsafeBufferPointer { dy in
      dx.withUnsafeMutableBufferPointer { dx in
        avgPool2DBackward(
          gradOutput: dy, geometry: g, into: dx, countIncludePad: countIncludePad)
      }
    }
    return (y, dx)
  }

  @Test func maxPoolingBuffersMatchTheReferenceExactly() {
    var g = SeededGenerator(seed: 0xB0F3)
    var failures = 0
    for geometry in Self.geometries where failures < 5 {
      // Half the configurations use tied values with NaN and infinities, half random ones.
      let special = g.nextInt(in: 0...1) == 1
      let x = special
        ? Self.tiedInput(geometry.inputShape, using: &g)
        : randomTensor(geometry.inputShape, using: &g).scalars
      let dy = randomTensor(geometry.outputShape, using: &g).scalars
      let fast = Self.maxPool(x, dy, geometry)
      let reference = maxPool2DReference(
        input: Tensor(shape: geometry.inputShape, scalars: x), geometry: geometry)
      let config = label(geometry) + (special ? ", ties/NaN/∞" : "")
      let values = firstBitDifference(fast.output, reference.output.scalars)
      let indices = fast.argmax.indices.first { Int(fast.argmax[$0]) != reference.argmax[$0] }
      let dx = maxPool2DBackwardReference(
        gradOutput: Tensor(shape: geometry.outputShape, scalars: dy), argmax: reference.argmax,
        geometry: geometry)
      let backward = firstBitDifference(fast.dx, dx.scalars)
      #expect(values == nil, "values of \(config): \(values ?? "")")
      let pair = indices.map { "\(fast.argmax[$0]) vs \(reference.argmax[$0])" } ?? ""
      #expect(indices == nil, "argmax of \(config): first at \(indices ?? -1): \(pair)")
      #expect(backward == nil, "dx of \(config): \(backward ?? "")")
      if values != nil || indices != nil || backward != nil { failures += 1 }
    }
  }

  @Test func averagePoolingBuffersMatchTheReference() {
    var g = SeededGenerator(seed: 0xB0F4)
    var failures = 0
    for geometry in Self.geometries where failures < 5 {
      let countIncludePad = g.nextInt(in: 0...1) == 1
      let config = label(geometry, countIncludePad: countIncludePad)
      let x = randomTensor(geometry.inputShape, using: &g)
      let dy = randomTensor(geometry.outputShape, using: &g)
      let fast = Self.avgPool(x.scalars, dy.scalars, geometry, countIncludePad)
      let forward = mismatches(
        fast.output,
        avgPool2DReference(input: x, geometry: geometry, countIncludePad: countIncludePad)
          .scalars, tolerance: 0, config)
      let backward = mismatches(
        fast.dx,
        avgPool2DBackwardReference(
          gradOutput: dy, geometry: geometry, countIncludePad: countIncludePad
        ).scalars, tolerance: 1e-5, "backward " + config)
      expectNone(forward)
      expectNone(backward)
      if forward != nil || backward != nil { failures += 1 }
    }
  }

  /// Argmax indices that are inside their plane but not their window (a caller's own
  /// bookkeeping): the backward pass must still add each gradient at its index, like the
  /// reference, including on the 2×2/2 path that writes dx directly (Q ≥ 16 here).
  @Test func backwardAcceptsAnyIndexInsideThePlane() throws {
    var g = SeededGenerator(seed: 0xB0F5)
    for geometry in [
      try Pool2DGeometry(batch: 2, channels: 3, height: 6, width: 40, kernel: 2),
      try Pool2DGeometry(batch: 1, channels: 2, height: 5, width: 9, kernel: 3, stride: 2),
    ] {
      let planeSize = geometry.height * geometry.width
      let dy = randomTensor(geometry.outputShape, using: &g)
      let argmax = (0..<dy.count).map { _ in Int32(g.nextInt(in: 0...(planeSize - 1))) }
      var dx = [Float](repeating: .nan, count: geometry.planes * planeSize)
      dy.scalars.withUnsafeBufferPointer { dy in
        argmax.withUnsafeBufferPointer { argmax in
          dx.withUnsafeMutableBufferPointer { dx in
            maxPool2DBackward(gradOutput: dy, argmax: argmax, geometry: geometry, into: dx)
          }
        }
      }
      let reference = maxPool2DBackwardReference(
        gradOutput: dy, argmax: argmax.map(Int.init), geometry: geometry)
      let difference = firstBitDifference(dx, reference.scalars)
      #expect(difference == nil, "\(label(geometry)): \(difference ?? "")")
    }
  }

  /// One and two threads give the same bits on problems of several chunks (row kernels and
  /// plane kernels, forward and backward), NaNs included.
  @Test func buffersAreBitIdenticalForOneAndTwoThreads() throws {
    var g = SeededGenerator(seed: 0xB0F6)
    let geometries = [
      try Pool2DGeometry(batch: 2, channels: 40, height: 24, width: 24, kernel: 2),
      try Pool2DGeometry(batch: 3, channels: 60, height: 10, width: 10, kernel: 2),
      try Pool2DGeometry(
        batch: 2, channels: 64, height: 13, width: 13, kernel: 3, stride: 2, rounding: .floor),
      try Pool2DGeometry(
        batch: 2, channels: 30, height: 20, width: 20, kernel: 3, stride: 2, padding: 1,
        rounding: .ceil),
    ]
    for geometry in geometries {
      let x = Self.tiedInput(geometry.inputShape, using: &g)
      let dy = randomTensor(geometry.outputShape, using: &g).scalars
      let runs = [1, 2].map { threads in
        Parallel.withThreadCount(threads) {
          let max = Self.maxPool(x, dy, geometry)
          let average = Self.avgPool(x, dy, geometry, false)
          return [max.output, max.argmax.map(Float.init), max.dx, average.output, average.dx]
        }
      }
      for (k, (one, two)) in zip(runs[0], runs[1]).enumerated() {
        #expect(
          one.map(\.bitPattern) == two.map(\.bitPattern),
          "\(label(geometry)): output \(k) differs between 1 and 2 threads")
      }
    }
  }

  /// The first index where `a` and `b` differ in their bits (NaN payloads and the sign of
  /// zero too), with both values and the number of differences.
  private func firstBitDifference(_ a: [Float], _ b: [Float]) -> String? {
    guard a.count == b.count else { return "\(a.count) vs \(b.count) values" }
    let differing = a.indices.filter { a[$0].bitPattern != b[$0].bitPattern }
    guard let first = differing.first else { return nil }
    return "\(differing.count) of \(a.count) differ, first [\(first)] \(a[first]) vs \(b[first])"
  }
}
