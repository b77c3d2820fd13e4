import CNNCore
import Testing

/// The kernels must give bit-identical results for any thread count: work is cut into chunks
/// from the problem size alone and every sum runs in a fixed order. Each shape here is large
/// enough to be split (several chunks, or a product above the threading threshold).
@Suite(.serialized) struct DeterminismTests {
  private let threadCounts = [1, 2, 3]

  @Test func gemmIsBitIdenticalAcrossThreadCounts() {
    var g = SeededGenerator(seed: 0xDE7_0001)
    // 150·170·300 = 7.65e6 multiply–adds: above the 2²⁰ threshold, 2 × 3 tiles, 2 K blocks.
    let (m, n, k) = (150, 170, 300)
    let a = g.floats(k * m), b = g.floats(k * n)
    let results = threadCounts.map { threads in
      Parallel.withThreadCount(threads) {
        var c = [Float](repeating: 0, count: m * n)
        gemm(
          m: m, n: n, k: k, a: a, lda: m, transposeA: true, b: b, ldb: n, c: &c, ldc: n)
        return c
      }
    }
    for (threads, result) in zip(threadCounts, results).dropFirst() {
      expectNoMismatch(
        bitMismatchReport(results[0], result, config: "gemm \(m)×\(n)×\(k), \(threads) threads"))
    }
  }

  @Test func conv2dIsBitIdenticalAcrossThreadCounts() throws {
    var g = SeededGenerator(seed: 0xDE7_0002)
    let layers = [
      // 6 images: chunks of (image, group) pairs.
      try Conv2DGeometry(
        batch: 6, inChannels: 8, height: 12, width: 12, outChannels: 16, kernel: 3, padding: 1,
        groups: 2),
      // 1 image: the product itself is split (32 × 576 × 32·3·3 ≈ 5.3e6 multiply–adds).
      try Conv2DGeometry(
        batch: 1, inChannels: 32, height: 24, width: 24, outChannels: 32, kernel: 3,
        padding: 1),
      // LeNet's c2 on 5 images: the row-Winograd path, one image per chunk.
      try Conv2DGeometry(
        batch: 5, inChannels: 6, height: 14, width: 14, outChannels: 16, kernel: 5),
    ]
    for geometry in layers {
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let b = g.tensor([geometry.outChannels])
      let results = threadCounts.map { threads in
        Parallel.withThreadCount(threads) {
          conv2d(input: x, weight: w, bias: b, geometry: geometry).scalars
        }
      }
      for (threads, result) in zip(threadCounts, results).dropFirst() {
        expectNoMismatch(
          bitMismatchReport(results[0], result, config: "\(geometry), \(threads) threads"))
      }
    }
  }

  @Test func conv2dBackwardIsBitIdenticalAcrossThreadCounts() throws {
    var g = SeededGenerator(seed: 0xDE7_0003)
    let layers = [
      // 10 images: 10 chunks whose partial dw, db are summed in chunk order.
      try Conv2DGeometry(
        batch: 10, inChannels: 6, height: 14, width: 14, outChannels: 12, kernel: 3,
        padding: 1, groups: 3),
      // 1 image: the products are split instead.
      try Conv2DGeometry(
        batch: 1, inChannels: 32, height: 24, width: 24, outChannels: 32, kernel: 3,
        padding: 1),
    ]
    for geometry in layers {
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let dy = g.tensor(geometry.outputShape)
      let results = threadCounts.map { threads in
        Parallel.withThreadCount(threads) {
          conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: geometry)
        }
      }
      for (threads, result) in zip(threadCounts, results).dropFirst() {
        let config = "\(geometry), \(threads) threads"
        let first = results[0]
        expectNoMismatch(
          bitMismatchReport(first.input.scalars, result.input.scalars, config: "dx of \(config)"))
        expectNoMismatch(
          bitMismatchReport(first.weight.scalars, result.weight.scalars, config: "dw of \(config)"))
        expectNoMismatch(
          bitMismatchReport(first.bias.scalars, result.bias.scalars, config: "db of \(config)"))
      }
    }
  }
}
