import CNNCore
import Datasets
import Foundation
import Testing
@testable import NeuralNetworks

/// A small conv net for 1×8×8 images: conv 3×3 (4 filters) → BN → ReLU → max-pool 2 →
/// flatten → dense 64 → 2.  Shapes: 1×8×8 → 4×6×6 → 4×6×6 → 4×6×6 → 4×3×3 → 36 → 2.
private func smallConvNet(seed: UInt64) throws -> Sequential {
  var g = SeededGenerator(seed: seed)
  return try Sequential(
    inputShape: [1, 8, 8],
    layers: [
      Conv2D(inChannels: 1, outChannels: 4, kernel: 3, generator: &g),
      BatchNorm2D(channels: 4), ReLU(), MaxPool2D(kernel: 2), Flatten(),
      Dense(inFeatures: 36, outFeatures: 2, generator: &g),
    ])
}

/// 1×8×8 images: class 0 has a bright vertical bar, class 1 a horizontal one, at a seeded
/// position, on a noisy background.
private func bars(count: Int, seed: UInt64) -> (x: ImageSet, y: [Int]) {
  var g = SeededGenerator(seed: seed)
  var pixels = [UInt8]()
  var labels = [Int]()
  for _ in 0..<count {
    let label = g.nextInt(in: 0...1)
    let position = g.nextInt(in: 1...6)
    for row in 0..<8 {
      for column in 0..<8 {
        let onBar = label == 0 ? column == position : row == position
        pixels.append(UInt8(onBar ? g.nextInt(in: 180...255) : g.nextInt(in: 0...60)))
      }
    }
    labels.append(label)
  }
  return (ImageSet(pixels: pixels, shape: [1, 8, 8]), labels)
}

@Suite("Training with the production layers")
struct TrainingWithLayersTests {
  @Test func namesAndSummary() throws {
    let model = try smallConvNet(seed: 1)
    #expect(model.layers.map(\.name)
      == ["conv1", "bn1", "relu1", "pool1", "flatten1", "dense1"])
    #expect(model.shapes == [[4, 6, 6], [4, 6, 6], [4, 6, 6], [4, 3, 3], [36], [2]])
    let summary = model.summary()
    print(summary)
    // conv1: 4·1·3·3 + 4 = 40; bn1: γ, β = 8; dense1: 2·36 + 2 = 74; total 122
    #expect(summary.hasSuffix("total parameters: 122"))
    // running mean and variance of 4 channels: 2 · 4 = 8
    #expect(summary.contains("batch-norm statistics): 8\n"))
    #expect(model.buffers.map(\.name) == ["bn1.running_mean", "bn1.running_var"])
  }

  /// `backwardParameters` (what `fit` calls: the first convolution skips ∂L/∂x) leaves
  /// exactly the parameter gradients of the full `backward`.
  @Test func backwardParametersMatchesBackward() throws {
    let model = try smallConvNet(seed: 3)
    let data = bars(count: 6, seed: 4)
    let batch = data.x.batch(0..<6)
    let loss = SoftmaxCrossEntropy()
    func gradients(full: Bool) -> [[UInt32]] {
      model.zeroGradients()
      let logits = model.forward(batch, training: true)
      _ = loss.forward(logits, labels: data.y)
      if full { model.backward(loss.backward()) } else { model.backwardParameters(loss.backward()) }
      return model.parameters.map { $0.gradient.scalars.map(\.bitPattern) }
    }
    let full = gradients(full: true)
    #expect(full.contains { $0.contains { $0 != 0 } })
    #expect(gradients(full: false) == full)
  }

  @Test func shapeErrorFromARealLayer() {
    var g = SeededGenerator(seed: 1)
    #expect {
      try Sequential(
        inputShape: [1, 8, 8],
        layers: [Conv2D(inChannels: 1, outChannels: 4, kernel: 3, generator: &g), Flatten(),
                 Dense(inFeatures: 100, outFeatures: 2, generator: &g)])
    } throws: { error in
      // conv 1×8×8 → 4×6×6 → flatten 144 features, not 100
      String(describing: error).contains("layer 3 'dense1' (Dense) cannot take input [144]")
    }
  }

  @Test func learnsAndIsBitIdenticalForOneAndTwoThreads() throws {
    let data = bars(count: 128, seed: 2)
    func run(threads: Int) throws -> (curve: [UInt32], accuracy: Float) {
      try Parallel.withThreadCount(threads) {
        let model = try smallConvNet(seed: 3)
        model.compile(loss: SoftmaxCrossEntropy(), optimizer: Adam(learningRate: 0.01))
        let history = try model.fit(
          x: data.x, y: data.y, batchSize: 16, epochs: 8, validationSplit: 0.25, seed: 4,
          verbosity: .silent)
        let curve = bits(history.loss + history.validationLoss.map { $0! }
          + model.stateTensors.flatMap(\.tensor.scalars))
        return (curve, history.validationAccuracy.last!!)
      }
    }
    let one = try run(threads: 1)
    let two = try run(threads: 2)
    #expect(one.curve == two.curve)
    #expect(one.accuracy >= 0.9)
  }

  @Test func checkpointCarriesBatchNormStatistics() throws {
    try withTemporaryDirectory { dir in
      let data = bars(count: 32, seed: 5)
      let model = try smallConvNet(seed: 6)
      model.compile(loss: SoftmaxCrossEntropy(), optimizer: SGD(learningRate: 0.1, momentum: 0.9))
      try model.fit(x: data.x, y: data.y, batchSize: 8, epochs: 1, verbosity: .silent)
      let url = dir.appendingPathComponent("convnet.ckpt")
      try model.save(to: url)
      let copy = try smallConvNet(seed: 7)
      copy.compile(loss: SoftmaxCrossEntropy(), optimizer: SGD(learningRate: 0.1, momentum: 0.9))
      try copy.load(from: url)
      #expect(copy.buffers.map(\.value) == model.buffers.map(\.value))
      let expected = try model.predict(x: data.x)
      #expect(bits(try copy.predict(x: data.x).scalars) == bits(expected.scalars))
    }
  }
}
