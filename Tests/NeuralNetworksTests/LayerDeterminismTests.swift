import CNNCore
import NeuralNetworks
import Testing

// The layers that run in parallel give bit-identical forward and backward results with 1, 2
// and 3 threads (their chunks are sized from the problem, never the thread count). Sizes are
// chosen so that each kernel really cuts its work into several chunks.

/// Forward (training) and backward of a fresh layer made by `make`, and its parameter
/// gradients, all flattened into one list of tensors.
private func pass(
  _ make: () -> Layer, _ x: Tensor<Float>, _ dy: Tensor<Float>
) -> [Tensor<Float>] {
  let layer = make()
  let y = layer.forward(x, training: true)
  let dx = layer.backward(dy)
  return [y, dx] + layer.parameters.map(\.gradient) + layer.buffers.map(\.value)
}

private func expectSameForThreadCounts(
  _ what: String, _ make: () -> Layer, _ x: Tensor<Float>, _ dy: Tensor<Float>
) {
  let one = Parallel.withThreadCount(1) { pass(make, x, dy) }
  for threads in [2, 3] {
    let other = Parallel.withThreadCount(threads) { pass(make, x, dy) }
    for (a, b) in zip(one, other) {
      expectNone(bitReport(a, b, "\(what), 1 vs \(threads) threads"))
    }
  }
}

@Suite("Layer determinism across thread counts")
struct LayerDeterminismTests {
  @Test func conv2d() {
    var g = SeededGenerator(seed: 31)
    // 8 images · 1 group: 8 (image, group) pairs ≥ 4, so the pairs run as parallel chunks
    let x = g.floats([8, 3, 16, 16])
    let dy = g.floats([8, 8, 16, 16])
    expectSameForThreadCounts(
      "Conv2D", { Conv2D(inChannels: 3, outChannels: 8, kernel: 3, padding: 1, seed: 1) }, x, dy)
  }

  @Test func dense() {
    var g = SeededGenerator(seed: 32)
    let x = g.floats([64, 300])
    let dy = g.floats([64, 100])
    expectSameForThreadCounts("Dense", { Dense(inFeatures: 300, outFeatures: 100, seed: 2) }, x, dy)
  }

  @Test func batchNorm() {
    var g = SeededGenerator(seed: 33)
    // 2¹⁶ / (4·16·16) = 64 channels per chunk: 160 channels make 3 chunks
    let x = g.floats([4, 160, 16, 16])
    let dy = g.floats([4, 160, 16, 16])
    expectSameForThreadCounts("BatchNorm2D", { BatchNorm2D(channels: 160) }, x, dy)
  }

  @Test func activations() {
    var g = SeededGenerator(seed: 34)
    // 100 000 elements: 4 chunks of 2¹⁵
    let x = g.floats([10, 10_000], in: -3...3)
    let dy = g.floats([10, 10_000])
    expectSameForThreadCounts("ReLU", { ReLU() }, x, dy)
    expectSameForThreadCounts("Sigmoid", { Sigmoid() }, x, dy)
    expectSameForThreadCounts("Tanh", { Tanh() }, x, dy)
  }

  @Test func softmaxCrossEntropy() {
    var g = SeededGenerator(seed: 35)
    // 2¹⁵ / 10 = 3276 rows per chunk: 8000 rows make 3 chunks
    let z = g.floats([8000, 10], in: -4...4)
    let labels = g.labels(8000, classes: 10)
    func run() -> (Float, Tensor<Float>) {
      let loss = SoftmaxCrossEntropy()
      return (loss.forward(z, labels: labels), loss.backward())
    }
    let (l1, d1) = Parallel.withThreadCount(1) { run() }
    for threads in [2, 3] {
      let (l, d) = Parallel.withThreadCount(threads) { run() }
      #expect(l.bitPattern == l1.bitPattern, "loss with \(threads) threads: \(l) vs \(l1)")
      expectNone(bitReport(d, d1, "softmax CE gradient, 1 vs \(threads) threads"))
    }
  }
}
