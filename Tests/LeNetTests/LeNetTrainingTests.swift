import CNNCore
import Datasets
import Foundation
import NeuralNetworks
import Testing

@testable import LeNet

/// Tiny training runs: synthetic bars (always), and a real MNIST subset when CNN_DATA is set.
@Suite struct LeNetTrainingTests {
  /// 28×28 images of one bright bar: horizontal (class 0) or vertical (class 1), at a
  /// position drawn from the generator.
  static func bars(count: Int, seed: UInt64) -> (x: ImageSet, y: [Int]) {
    var g = SeededGenerator(seed: seed)
    var pixels = [UInt8](repeating: 0, count: count * 784)
    var labels: [Int] = []
    for n in 0..<count {
      let label = n % 2
      let position = 4 + Int(g.next() % 20)  // 4…23
      for t in 2..<26 {
        for width in 0..<2 {
          let (row, column) = label == 0 ? (position + width, t) : (t, position + width)
          pixels[n * 784 + row * 28 + column] = 255
        }
      }
      labels.append(label)
    }
    return (ImageSet(pixels: pixels, shape: [1, 28, 28]), labels)
  }

  @Test(arguments: [LeNet.Variant.modern, .classic])
  func trainingReducesTheLoss(variant: LeNet.Variant) throws {
    let data = Self.bars(count: 32, seed: 5)
    let model = try LeNet.make(variant, seed: 3)
    model.compile(loss: SoftmaxCrossEntropy(), optimizer: Adam(learningRate: 3e-3))
    let before = try model.evaluate(x: data.x, y: data.y)
    let history = try model.fit(
      x: data.x, y: data.y, batchSize: 8, epochs: 3, seed: 1, verbosity: .silent)
    let after = try model.evaluate(x: data.x, y: data.y)
    // Untrained, the loss is about ln 10 ≈ 2.3 (ten classes, near-uniform); after 3 epochs
    // it must have fallen clearly, from the first to the last epoch and on the whole set.
    #expect(history.loss.last! < history.loss.first!, "\(history.loss)")
    #expect(after.loss < 0.8 * before.loss, "loss \(before.loss) → \(after.loss)")
  }

  @Test func c3TableModelTrains() throws {
    let data = Self.bars(count: 16, seed: 6)
    let model = try LeNet.modern(c3Table: true, seed: 3)
    model.compile(loss: SoftmaxCrossEntropy(), optimizer: Adam(learningRate: 3e-3))
    let before = try model.evaluate(x: data.x, y: data.y)
    try model.fit(x: data.x, y: data.y, batchSize: 8, epochs: 3, seed: 1, verbosity: .silent)
    let after = try model.evaluate(x: data.x, y: data.y)
    #expect(after.loss < 0.8 * before.loss, "loss \(before.loss) → \(after.loss)")
  }

  @Test func augmentedTrainingNumbersEpochsAndRestoresTheRate() throws {
    let data = Self.bars(count: 20, seed: 7)
    let model = try LeNet.modern(seed: 2)
    let adam = Adam(learningRate: 2e-3)
    model.compile(loss: SoftmaxCrossEntropy(), optimizer: adam)
    let history = try model.fitAugmented(
      x: data.x, y: data.y, augmentation: RandomAffine(maxRotation: 0.1, maxTranslation: 1),
      epochs: 2, batchSize: 8, validationFraction: 0.2, decay: 0.5, seed: 1, verbosity: .silent)
    #expect(history.epochs.map(\.epoch) == [1, 2])
    #expect(history.epochs.allSatisfy { $0.validationLoss != nil })  // last ⌊0.2·20⌋ = 4 digits
    #expect(adam.learningRate == 2e-3)  // epochs used 2e-3 and 1e-3, then η₀ is restored
  }

  @Test func learningRateDecay() throws {
    let model = try LeNet.modern(seed: 1)
    let adam = Adam(learningRate: 1e-3)
    model.compile(loss: SoftmaxCrossEntropy(), optimizer: adam)
    let decay = LearningRateDecay(factor: 0.5)
    try decay.onTrainBegin(model: model)
    let logs = EpochLogs(epoch: 1, loss: 1, accuracy: 0)
    _ = try decay.onEpochEnd(epoch: 1, logs: logs, model: model)
    #expect(adam.learningRate == 5e-4)  // 1e-3 · 0.5
    _ = try decay.onEpochEnd(epoch: 2, logs: logs, model: model)
    #expect(adam.learningRate == 2.5e-4)  // 1e-3 · 0.5²
    try decay.onTrainBegin(model: model)  // a new fit starts from η₀ again
    #expect(adam.learningRate == 1e-3)
  }

  /// 2,000 real digits, one epoch of the modern LeNet: at least 80 % on 1,000 test digits
  /// (about 90 % is typical). Runs only where CNN_DATA points at MNIST (CI sets it).
  @Test(
    .enabled(
      if: ProcessInfo.processInfo.environment["CNN_DATA"] != nil,
      "set CNN_DATA to the MNIST directory to run the training smoke test"))
  func mnistSmoke() throws {
    let directory = try MNIST.locateDirectory(arguments: [])
    // Checksums off: SHA-256 of 47 MB dominates a debug build's run (Datasets tests check it).
    let train = try MNIST.load(.train, from: directory, verifyChecksums: false)
    let test = try MNIST.load(.test, from: directory, verifyChecksums: false)
    let x = ImageSet(train).subset(0..<2_000)
    let y = train.labels[0..<2_000].map(Int.init)
    let model = try LeNet.modern(seed: 1)
    model.compile(loss: SoftmaxCrossEntropy(), optimizer: Adam(learningRate: 1e-3))
    try model.fit(x: x, y: y, batchSize: 32, epochs: 1, seed: 1, verbosity: .silent)
    let result = try model.evaluate(
      x: ImageSet(test).subset(0..<1_000), y: test.labels[0..<1_000].map(Int.init))
    #expect(result.accuracy >= 0.8, "accuracy \(result.accuracy)")
  }
}
