import CNNCore
import Pooling
import Testing

/// The vectorized kernels in CNNCore against the scalar references, over seeded random
/// configurations (see `randomPoolGeometry` for the ranges: shapes with 1 and non-square,
/// windows 1–4, strides 1–3, padding 0…⌊window/2⌋, exact/floor/ceil rounding) and a few wide
/// ones that exercise the SIMD blocks of every specialised path.
///
/// Tolerances: max pooling picks and copies elements and adds gradients in the same order as
/// the reference, average pooling sums each window in the same row-major order and divides
/// once: all three are required to be *exactly* equal. Only the average-pooling backward pass
/// adds an element's shares in another order (by window column, then window), so it gets
/// `1e-5 · max(1, |expected|)`: an element collects at most 4·4 shares of size ≤ 1, whose
/// float32 sum can differ by a few ulps of 16 (~1e-6), far below an indexing error (~0.1).
@Suite struct PoolingSweepTests {
  static let configurations = randomPoolGeometries(320, seed: 0x9001)

  /// The wide cases: every specialised row routine (2×2/2, 3×3/2, any/2, any/1, stride 3)
  /// with and without padding and ceil mode, on rows long enough for several SIMD blocks.
  static let wide: [Pool2DGeometry] = {
    var list = [Pool2DGeometry]()
    for (kernel, stride) in [(2, 2), (3, 2), (4, 2), (1, 2), (3, 1), (2, 1), (3, 3)] {
      for padding in Set([0, kernel / 2]) {
        for rounding in [Rounding.floor, .ceil] {
          for width in [37, 64] {
            list.append(
              try! Pool2DGeometry(
                batch: 2, channels: 3, height: 9, width: width, kernel: kernel, stride: stride,
                padding: padding, rounding: rounding))
          }
        }
      }
    }
    return list
  }()

  @Test func sweepCoversTheRanges() {
    let all = Self.configurations
    #expect(all.count >= 300)
    #expect(all.contains { $0.kernelHeight != $0.kernelWidth })
    #expect(all.contains { $0.height == 1 } && all.contains { $0.width == 1 })
    #expect(all.contains { $0.rounding == .ceil } && all.contains { $0.rounding == .exact })
    #expect(all.contains { $0.padding.top > 0 } && all.contains { !$0.padding.isSymmetric })
    #expect(all.contains { $0.isOverlapping } && all.contains { $0.strideWidth == 3 })
    #expect(all.contains { $0.outWidth >= 16 && $0.strideWidth <= 2 })  // several SIMD blocks
  }

  @Test func maxPoolingMatchesTheReferenceExactly() {
    var g = SeededGenerator(seed: 0x9002)
    for geometry in Self.configurations + Self.wide {
      // Every other input draws from {−1, 0, 1} only, so most windows hold ties.
      let tied = g.nextInt(in: 0...1) == 1
      var x = randomTensor(geometry.inputShape, using: &g)
      if tied { x.scalars = x.scalars.map { $0.rounded() } }
      let reference = maxPool2DReference(input: x, geometry: geometry)
      let fast = maxPool2D(input: x, geometry: geometry)
      expectNone(
        mismatches(fast.output.scalars, reference.output.scalars, tolerance: 0, label(geometry)))
      expectNone(
        mismatches(
          fast.argmax.map(Double.init), reference.argmax.map(Double.init), tolerance: 0,
          "argmax of \(label(geometry)), ties \(tied)"))

      let dy = randomTensor(geometry.outputShape, using: &g)
      expectNone(
        mismatches(
          maxPool2DBackward(gradOutput: dy, argmax: fast.argmax, geometry: geometry).scalars,
          maxPool2DBackwardReference(gradOutput: dy, argmax: reference.argmax, geometry: geometry)
            .scalars, tolerance: 0, "backward " + label(geometry)))
    }
  }

  @Test func averagePoolingMatchesTheReference() {
    var g = SeededGenerator(seed: 0x9003)
    for geometry in Self.configurations + Self.wide {
      for countIncludePad in [true, false] {
        let config = label(geometry, countIncludePad: countIncludePad)
        let x = randomTensor(geometry.inputShape, using: &g)
        expectNone(
          mismatches(
            avgPool2D(input: x, geometry: geometry, countIncludePad: countIncludePad).scalars,
            avgPool2DReference(input: x, geometry: geometry, countIncludePad: countIncludePad)
              .scalars, tolerance: 0, config))
        let dy = randomTensor(geometry.outputShape, using: &g)
        expectNone(
          mismatches(
            avgPool2DBackward(gradOutput: dy, geometry: geometry, countIncludePad: countIncludePad)
              .scalars,
            avgPool2DBackwardReference(
              gradOutput: dy, geometry: geometry, countIncludePad: countIncludePad
            ).scalars, tolerance: 1e-5, "backward " + config))
      }
    }
  }

  @Test func closedFormDivisorMatchesTheCountedOne() {
    for geometry in Self.configurations {
      for countIncludePad in [true, false] {
        for p in 0..<geometry.outHeight {
          for q in 0..<geometry.outWidth {
            let closed = geometry.averageDivisor(
              row: p, column: q, countIncludePad: countIncludePad)
            let counted = avgPool2DDivisorReference(
              row: p, column: q, geometry: geometry, countIncludePad: countIncludePad)
            #expect(
              closed == counted, "(\(p), \(q)) \(label(geometry, countIncludePad: countIncludePad))"
            )
            // PyTorch's padding rule guarantees a real element in every window.
            #expect(geometry.averageDivisor(row: p, column: q, countIncludePad: false) >= 1)
          }
        }
      }
    }
  }

  @Test func globalAveragePoolingMatchesTheReference() {
    // Tolerance 1e-6 · max(1, |mean|): eight partial sums against one running sum of at most
    // 12·40 = 480 values in [−1, 1] differ by a few ulps of the sum, divided by H·W.
    var g = SeededGenerator(seed: 0x9004)
    for geometry in Self.configurations + Self.wide {
      let x = randomTensor(geometry.inputShape, using: &g)
      expectNone(
        mismatches(
          globalAvgPool2D(input: x).scalars, globalAvgPool2DReference(input: x).scalars,
          tolerance: 1e-6, "global average \(geometry.inputShape)"))
      let dy = randomTensor([geometry.batch, geometry.channels, 1, 1], using: &g)
      #expect(
        globalAvgPool2DBackward(gradOutput: dy, inputShape: geometry.inputShape)
          == globalAvgPool2DBackwardReference(gradOutput: dy, inputShape: geometry.inputShape))
    }
  }

  @Test func flattenIsTheReshapeOfTheIndexFormula() {
    var g = SeededGenerator(seed: 0x9005)
    for geometry in Self.configurations {
      let x = randomTensor(geometry.inputShape, using: &g)
      let y = flatten(x)
      #expect(y == flattenReference(x))
      #expect(flattenBackward(gradOutput: y, inputShape: x.shape) == x)
    }
  }

  @Test func nanPropagatesAndMinusInfinityKeepsTheFirstRealIndex() throws {
    // 2×2/2 with padding 1 on a 4×20 plane (wide enough for one SIMD block per row pair).
    let geometry = try Pool2DGeometry(
      batch: 1, channels: 1, height: 4, width: 20, kernel: 2, stride: 2, padding: 1)
    var x = Tensor<Float>(shape: geometry.inputShape, repeating: -.infinity)
    x[0, 0, 1, 5] = .nan  // inside window (1, 3): rows 1–2, columns 5–6
    x[0, 0, 2, 6] = 7
    let reference = maxPool2DReference(input: x, geometry: geometry)
    let fast = maxPool2D(input: x, geometry: geometry)
    #expect(fast.argmax.map(Int.init) == reference.argmax)
    #expect(fast.output.scalars.map(\.bitPattern) == reference.output.scalars.map(\.bitPattern))
    // NaN wins its window although 7 comes later: PyTorch lets NaN through.
    #expect(fast.output[0, 0, 1, 3].isNaN && fast.argmax[1 * 11 + 3] == 1 * 20 + 5)
    // Window (0, 0) holds only x[0, 0] = −∞ (the rest is padding): −∞ at index 0.
    #expect(fast.output[0, 0, 0, 0] == -.infinity && fast.argmax[0] == 0)
    // Window (1, 5): rows 1–2, columns 9–10, all −∞: the first real element, 1·20 + 9 = 29.
    #expect(fast.argmax[1 * 11 + 5] == 29 && reference.argmax[1 * 11 + 5] == 29)
  }
}
