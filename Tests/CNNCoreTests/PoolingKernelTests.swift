import CNNCore
import Testing

/// `Pool2DGeometry` and the vectorized pooling kernels on their own: explained errors,
/// hand-computed values on rows wide enough for the SIMD blocks of every specialised path, and
/// bit-identical results for 1, 2 and 3 threads. (The sweeps against the scalar references are
/// in Tests/PoolingTests, which sees both modules; the PyTorch fixtures in Tests/FixtureTests.)
@Suite(.serialized) struct PoolingKernelTests {
  // MARK: Geometry

  private func message(_ body: () throws -> Pool2DGeometry) -> String {
    do {
      let g = try body()
      return "no error: \(g)"
    } catch {
      return "\(error)"
    }
  }

  @Test func geometryUsesTheSharedOutputSize() throws {
    // (224 − 2)/2 + 1 = 112, depth unchanged; stride defaults to the window.
    let g = try Pool2DGeometry(batch: 8, channels: 64, height: 224, width: 224, kernel: 2)
    #expect(g.outputShape == [8, 64, 112, 112] && g.strideHeight == 2 && !g.isOverlapping)
    // ⌈(7 − 2)/2⌉ + 1 = 4 columns, ⌈(6 − 2)/2⌉ + 1 = 3 rows (PyTorch's ceil_mode).
    let ceil = try Pool2DGeometry(
      batch: 1, channels: 2, height: 6, width: 7, kernel: 2, stride: 2, rounding: .ceil)
    #expect(ceil.outputShape == [1, 2, 3, 4])
    #expect(ceil.description == "pool 2×2/2 ceil  2×6×7 → 2×3×4")
    // Padding 1, window 2, stride 2 on 5: ⌈(5 + 2 − 2)/2⌉ + 1 = 4, but the 4th window would
    // start at 3·2 = 6 ≥ 5 + 1, entirely in the padding: dropped, 3 remain.
    let dropped = try Pool2DGeometry(
      batch: 1, channels: 1, height: 5, width: 5, kernel: 2, stride: 2, padding: 1,
      rounding: .ceil)
    #expect(dropped.outHeight == 3 && dropped.outWidth == 3)
    // Non-square window 3×1 with stride (2, 1): (9 − 3)/2 + 1 = 4 rows, (5 − 1)/1 + 1 = 5 columns.
    let tall = try Pool2DGeometry(
      batch: 1, channels: 1, height: 9, width: 5, kernel: (3, 1), stride: (2, 1))
    #expect(tall.outputShape == [1, 1, 4, 5] && tall.isOverlapping)
    #expect(tall.parameterCount == 0)
  }

  @Test func geometryErrorsExplainTheArithmetic() {
    // (28 − 3 + 2·0) = 25 is odd: 3×3/2 does not tile MNIST exactly.
    let notTiling = message {
      try Pool2DGeometry(batch: 1, channels: 1, height: 28, width: 28, kernel: 3, stride: 2)
    }
    #expect(
      notTiling.contains("height: (W − F + 2P) = (28 − 3 + 2·0) = 25 is not divisible by stride 2"),
      "\(notTiling)")
    #expect(notTiling.contains(".floor"))
    // Padding 2 > ⌊3/2⌋ = 1: PyTorch's rule.
    let padding = message {
      try Pool2DGeometry(
        batch: 1, channels: 1, height: 8, width: 8, kernel: 3, padding: 2, rounding: .floor)
    }
    #expect(
      padding.contains("padding (2, 2) is more than half the 3-wide window (⌊3/2⌋ = 1)"),
      "\(padding)")
    let asymmetric = message {
      try Pool2DGeometry(
        batch: 1, channels: 1, height: 8, width: 8, kernel: (2, 2),
        padding: Padding2D(top: 0, bottom: 0, left: 0, right: 2))
    }
    #expect(asymmetric.hasPrefix("width: padding (0, 2)"), "\(asymmetric)")
    let tooLarge = message {
      try Pool2DGeometry(batch: 1, channels: 1, height: 3, width: 3, kernel: 5)
    }
    #expect(tooLarge.contains("larger than the padded input (3 + 2·0 = 3)"), "\(tooLarge)")
    #expect(
      message { try Pool2DGeometry(batch: 0, channels: 1, height: 4, width: 4, kernel: 2) }
        == "batch must be at least 1, got 0")
    #expect(
      message { try Pool2DGeometry(batch: 1, channels: 0, height: 4, width: 4, kernel: 2) }
        == "channels must be at least 1, got 0")
    #expect(
      message {
        try Pool2DGeometry(batch: 1, channels: 1, height: 4, width: 4, kernel: 2, stride: 0)
      }
      .contains("stride must be at least 1, got 0"))
    #expect(
      message { try Pool2DGeometry(batch: 1, channels: 1, height: 4, width: 4, kernel: 0) }
        .contains("kernel size must be at least 1, got 0"))
  }

  @Test func windowRangesAndDivisors() throws {
    // 3×3/2 with padding 1 on height 5: window rows start at −1, 1, 3.
    //   p = 0: rows −1…1 → clipped 0..<2;  p = 1: 1..<4;  p = 2: 3…5 → clipped 3..<5.
    let g = try Pool2DGeometry(
      batch: 1, channels: 1, height: 5, width: 5, kernel: 3, stride: 2, padding: 1)
    #expect((0..<3).map { g.inputRows(ofOutputRow: $0) } == [0..<2, 1..<4, 3..<5])
    // Corner window: 3·3 = 9 cells with padding counted, 2·2 = 4 real ones.
    #expect(g.averageDivisor(row: 0, column: 0, countIncludePad: true) == 9)
    #expect(g.averageDivisor(row: 0, column: 0, countIncludePad: false) == 4)
  }

  // MARK: Hand-computed values on wide rows

  /// x[c, h, w] = 100·h + w + 1000·c: in any window the bottom-right element is the largest,
  /// and a window's mean is the value at its centre.
  private func ramp(channels: Int, height: Int, width: Int) -> Tensor<Float> {
    var x = Tensor<Float>(zeros: [1, channels, height, width])
    for c in 0..<channels {
      for h in 0..<height {
        for w in 0..<width { x[0, c, h, w] = Float(100 * h + w + 1000 * c) }
      }
    }
    return x
  }

  @Test func specialisedPathsOnARamp() throws {
    let x = ramp(channels: 2, height: 6, width: 40)
    // 2×2/2: window (p, q) covers rows 2p, 2p+1 and columns 2q, 2q+1; its max is the
    // bottom-right x[2p+1, 2q+1] = 100(2p+1) + 2q+1 + 1000c at index (2p+1)·40 + 2q+1;
    // its mean is the centre 100(2p + 0.5) + 2q + 0.5 + 1000c.
    let g2 = try Pool2DGeometry(batch: 1, channels: 2, height: 6, width: 40, kernel: 2)
    let max2 = maxPool2D(input: x, geometry: g2)
    let avg2 = avgPool2D(input: x, geometry: g2)
    for c in 0..<2 {
      for p in 0..<3 {
        for q in 0..<20 {
          #expect(max2.output[0, c, p, q] == Float(100 * (2 * p + 1) + 2 * q + 1 + 1000 * c))
          #expect(max2.argmax[(c * 3 + p) * 20 + q] == Int32((2 * p + 1) * 40 + 2 * q + 1))
          let centre = Float(200 * p + 50 + 2 * q + 1000 * c) + 0.5
          #expect(avg2[0, c, p, q] == centre)
        }
      }
    }
    // 3×3/2 (AlexNet's overlapping pooling), (6 − 3)/2 + 1 = 2 rows (floor), (40 − 3)/2 + 1 = 19
    // columns: max at x[2p+2, 2q+2]; mean at the centre x[2p+1, 2q+1] (a ramp is linear).
    let g3 = try Pool2DGeometry(
      batch: 1, channels: 2, height: 6, width: 40, kernel: 3, stride: 2, rounding: .floor)
    #expect(g3.outputShape == [1, 2, 2, 19])
    let max3 = maxPool2D(input: x, geometry: g3)
    let avg3 = avgPool2D(input: x, geometry: g3)
    for c in 0..<2 {
      for p in 0..<2 {
        for q in 0..<19 {
          #expect(max3.output[0, c, p, q] == Float(100 * (2 * p + 2) + 2 * q + 2 + 1000 * c))
          #expect(avg3[0, c, p, q] == Float(100 * (2 * p + 1) + 2 * q + 1 + 1000 * c))
        }
      }
    }
    // Stride 1, window 2 (the 0…8 example, widened): max at x[p+1, q+1].
    let g1 = try Pool2DGeometry(batch: 1, channels: 1, height: 3, width: 40, kernel: 2, stride: 1)
    let max1 = maxPool2D(input: ramp(channels: 1, height: 3, width: 40), geometry: g1)
    var expected = [Float]()
    for p in 0..<2 {
      for q in 0..<39 { expected.append(Float(100 * (p + 1) + q + 1)) }
    }
    #expect(max1.output.scalars == expected)
  }

  @Test func backwardOnARamp() throws {
    // 2×2/2 on the ramp: each window's gradient goes to its bottom-right element; the average
    // spreads g/4 over the window. With gradOutput all ones: max → 1 at odd (h, w), else 0;
    // average → 1/4 everywhere (non-overlapping windows that tile the plane).
    let g = try Pool2DGeometry(batch: 1, channels: 1, height: 4, width: 36, kernel: 2)
    let x = ramp(channels: 1, height: 4, width: 36)
    let ones = Tensor<Float>(shape: g.outputShape, repeating: 1)
    let dx = maxPool2DBackward(
      gradOutput: ones, argmax: maxPool2D(input: x, geometry: g).argmax, geometry: g)
    for h in 0..<4 {
      for w in 0..<36 { #expect(dx[0, 0, h, w] == (h % 2 == 1 && w % 2 == 1 ? 1 : 0)) }
    }
    #expect(avgPool2DBackward(gradOutput: ones, geometry: g).scalars.allSatisfy { $0 == 0.25 })
    // 3×3/1 average, padding 1, gradOutput all ones, countIncludePad true: each element
    // receives 1/9 from each window covering it: 9 windows inside, 6 on an edge, 4 in a corner.
    let g3 = try Pool2DGeometry(
      batch: 1, channels: 1, height: 5, width: 30, kernel: 3, stride: 1, padding: 1)
    let spread = avgPool2DBackward(
      gradOutput: Tensor(shape: g3.outputShape, repeating: 1), geometry: g3)
    #expect(spread[0, 0, 2, 10] == 1 && spread[0, 0, 0, 10] == 6 / 9 && spread[0, 0, 0, 0] == 4 / 9)
  }

  // MARK: Determinism

  @Test func resultsAreBitIdenticalForOneTwoAndThreeThreads() throws {
    var generator = SeededGenerator(seed: 0x9010)
    let geometries = [
      // 2·16 planes of 40×40 = 1600: chunks of ⌊16384/1600⌋ = 10 planes → 4 chunks.
      try Pool2DGeometry(batch: 2, channels: 16, height: 40, width: 40, kernel: 2),
      try Pool2DGeometry(
        batch: 2, channels: 16, height: 40, width: 40, kernel: 3, stride: 2, padding: 1,
        rounding: .ceil),
      // Small planes: 300 planes of 5×7 = 35, 468 per chunk → 1 chunk; 3 odd planes of 150×150.
      try Pool2DGeometry(batch: 3, channels: 100, height: 5, width: 7, kernel: 2, stride: 1),
      try Pool2DGeometry(batch: 3, channels: 1, height: 150, width: 150, kernel: 3, stride: 3),
    ]
    for g in geometries {
      let x = Tensor<Float>(shape: g.inputShape, uniformIn: -1...1, using: &generator)
      let dy = Tensor<Float>(shape: g.outputShape, uniformIn: -1...1, using: &generator)
      let runs = [1, 2, 3].map { threads in
        Parallel.withThreadCount(threads) {
          let m = maxPool2D(input: x, geometry: g)
          return [
            m.output.scalars, m.argmax.map(Float.init),
            maxPool2DBackward(gradOutput: dy, argmax: m.argmax, geometry: g).scalars,
            avgPool2D(input: x, geometry: g, countIncludePad: false).scalars,
            avgPool2DBackward(gradOutput: dy, geometry: g, countIncludePad: false).scalars,
            globalAvgPool2D(input: x).scalars,
          ]
        }
      }
      for (threads, run) in zip([2, 3], runs.dropFirst()) {
        for (k, (a, b)) in zip(runs[0], run).enumerated() {
          let same = a.map(\.bitPattern) == b.map(\.bitPattern)
          #expect(same, "\(g): output \(k) differs between 1 and \(threads) threads")
        }
      }
    }
  }
}
