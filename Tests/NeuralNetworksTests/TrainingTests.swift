import CNNCore
import Datasets
import Foundation
import Testing
@testable import NeuralNetworks

@Suite("Training")
struct TrainingTests {
  @Test func learnsASeparableProblem() throws {
    let data = syntheticTopBottom(count: 200, seed: 3)
    let model = try tinyModel()
    let history = try model.fit(
      x: data.x, y: data.y, batchSize: 16, epochs: 5, validationSplit: 0.2, seed: 1,
      verbosity: .silent)
    #expect(history.epochs.count == 5)
    #expect(history.loss.last! < history.loss.first!)
    #expect(history.validationAccuracy.last!! >= 0.95)
    let test = syntheticTopBottom(count: 100, seed: 4)
    let result = try model.evaluate(x: test.x, y: test.y, batchSize: 32)
    #expect(result.accuracy >= 0.95)
  }

  @Test func explicitValidationData() throws {
    let data = syntheticTopBottom(count: 64, seed: 12)
    let validation = syntheticTopBottom(count: 20, seed: 13)
    let model = try tinyModel()
    let history = try model.fit(
      x: data.x, y: data.y, batchSize: 8, epochs: 2, validationData: validation,
      verbosity: .silent)
    // The last epoch's validation values are those of evaluate on the final weights.
    let result = try model.evaluate(x: validation.x, y: validation.y, batchSize: 8)
    #expect(history.epochs[1].validationLoss == result.loss)
    #expect(history.epochs[1].validationAccuracy == result.accuracy)
  }

  @Test func sameSeedSameCurveForAnyThreadCount() throws {
    let data = syntheticTopBottom(count: 64, seed: 5)
    func run(threads: Int, seed: UInt64) throws -> [UInt32] {
      try Parallel.withThreadCount(threads) {
        let model = try tinyModel(seed: 9)
        let history = try model.fit(
          x: data.x, y: data.y, batchSize: 8, epochs: 3, validationSplit: 0.25, seed: seed,
          verbosity: .silent)
        return bits(history.loss + history.validationLoss.map { $0! }
          + model.parameters.flatMap(\.value.scalars))
      }
    }
    let reference = try run(threads: 1, seed: 42)
    #expect(try run(threads: 1, seed: 42) == reference)
    #expect(try run(threads: 2, seed: 42) == reference)
    #expect(try run(threads: 1, seed: 43) != reference)  // the seed does change the order
  }

  @Test func divergenceNamesEpochAndBatch() throws {
    let data = syntheticTopBottom(count: 40, seed: 6)
    // 40 images in batches of 16: 3 batches per epoch; NaN from the 5th forward pass,
    // which is epoch 2, batch 2 (no validation, so every forward is a training batch).
    let model = try tinyModel(extra: [TestNaNAfter(nanAt: 5)])
    do {
      try model.fit(x: data.x, y: data.y, batchSize: 16, epochs: 3, verbosity: .silent)
      Issue.record("expected divergence")
    } catch let TrainingError.diverged(epoch, batch, loss) {
      #expect(epoch == 2 && batch == 2 && loss.isNaN)
      let message = TrainingError.diverged(epoch: epoch, batch: batch, loss: loss).description
      #expect(message.contains("epoch 2, batch 2"))
      #expect(message.contains("Lower the learning rate"))
    }
  }

  @Test func epochLineAndCSV() {
    let logs = EpochLogs(
      epoch: 3, loss: 0.04123, accuracy: 0.98712, validationLoss: 0.03981,
      validationAccuracy: 0.988, seconds: 12.34)
    #expect(logs.line(epochs: 20)
      == "epoch 3/20  loss 0.0412  acc 0.9871  val_loss 0.0398  val_acc 0.9880  12.3 s")
    let plain = EpochLogs(epoch: 1, loss: 0.5, accuracy: 0.75, seconds: 1)
    #expect(plain.line(epochs: 1) == "epoch 1/1  loss 0.5000  acc 0.7500  1.0 s")
    let history = History(epochs: [plain, logs])
    #expect(history.csv == """
      epoch,loss,accuracy,val_loss,val_accuracy,seconds
      1,0.5,0.75,,,1.000
      3,0.04123,0.98712,0.03981,0.988,12.340

      """)
  }

  @Test func progressText() {
    let bar = ProgressBar(epoch: 1, epochs: 5, batches: 469, interactive: false)
    let text = bar.text(batch: 120, loss: 0.41234, accuracy: 0.87123, images: 0)
    #expect(text.hasPrefix("epoch 1/5  batch 120/469  loss 0.4123  acc 0.8712  "))
    #expect(text.hasSuffix(" img/s"))
  }

  @Test func historyFilesAndPlot() throws {
    let data = syntheticTopBottom(count: 60, seed: 7)
    let model = try tinyModel()
    let history = try model.fit(
      x: data.x, y: data.y, batchSize: 10, epochs: 4, validationSplit: 0.2, verbosity: .silent)
    try withTemporaryDirectory { dir in
      try history.writeCSV(to: dir.appendingPathComponent("history.csv"))
      try history.writeSVG(to: dir.appendingPathComponent("history.svg"))
      let csv = try String(contentsOf: dir.appendingPathComponent("history.csv"), encoding: .utf8)
      #expect(csv.split(separator: "\n").count == 5)
      let svg = try String(contentsOf: dir.appendingPathComponent("history.svg"), encoding: .utf8)
      #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
      #expect(svg.components(separatedBy: "<polyline").count - 1 == 6)  // 2 axes + 4 series
      for label in ["val_loss", "val_acc", "epoch"] { #expect(svg.contains(label)) }
    }
  }

  @Test func niceTickValues() {
    // range 0.389 / 6 = 0.065 → step 0.1; from ⌊0.031/0.1⌋ = 0 to ⌈0.42/0.1⌉ = 5
    let ticks = niceTicks(0.031, 0.42)
    #expect(ticks.count == 6)
    #expect(zip(ticks, [0, 0.1, 0.2, 0.3, 0.4, 0.5]).allSatisfy { abs($0 - $1) < 1e-12 })
    // a flat series still gets an axis around its value
    #expect(niceTicks(2, 2).count >= 2)
  }
}

@Suite("Training callbacks")
struct TrainingCallbackTests {
  @Test func earlyStoppingCountsPatience() throws {
    let model = try tinyModel()
    let stopper = EarlyStopping(monitor: .validationLoss, patience: 2, restoreBestWeights: true)
    try stopper.onTrainBegin(model: model)
    let weight = model.parameters[0]
    var decisions: [TrainingControl] = []
    // val_loss 0.30, 0.20, 0.25, 0.22: best at epoch 2, no improvement at 3 and 4 → stop at 4
    for (epoch, value) in [(1, Float(0.30)), (2, 0.20), (3, 0.25), (4, 0.22)] {
      weight.value.scalars[0] = Float(epoch)  // mark the weights with the epoch number
      let logs = EpochLogs(epoch: epoch, loss: 0, accuracy: 0, validationLoss: value)
      decisions.append(try stopper.onEpochEnd(epoch: epoch, logs: logs, model: model))
    }
    #expect(decisions == [.proceed, .proceed, .proceed, .stop])
    #expect(stopper.bestEpoch == 2 && stopper.stoppedEpoch == 4)
    try stopper.onTrainEnd(model: model)
    #expect(weight.value.scalars[0] == 2)  // epoch 2's weights are back
  }

  @Test func earlyStoppingInFit() throws {
    let data = syntheticTopBottom(count: 32, seed: 8)
    let model = try tinyModel()
    // Nothing improves the loss by 10: epoch 1 sets the best, epoch 2 is one epoch without
    // improvement ≥ patience 1, so training stops after epoch 2 of 10.
    let history = try model.fit(
      x: data.x, y: data.y, batchSize: 8, epochs: 10,
      callbacks: [EarlyStopping(monitor: .loss, patience: 1, minDelta: 10)], verbosity: .silent)
    #expect(history.epochs.count == 2)
    #expect(history.stoppedEarly)
  }

  @Test func monitoringValidationWithoutValidationData() throws {
    let data = syntheticTopBottom(count: 16, seed: 8)
    let model = try tinyModel()
    #expect {
      try model.fit(
        x: data.x, y: data.y, callbacks: [EarlyStopping(monitor: .validationLoss)],
        verbosity: .silent)
    } throws: { error in
      String(describing: error).contains("validationSplit")
    }
  }

  @Test func modelCheckpointWritesEveryEpochOrBest() throws {
    try withTemporaryDirectory { dir in
      let data = syntheticTopBottom(count: 40, seed: 9)
      let model = try tinyModel()
      let every = ModelCheckpoint(path: dir.path + "/ckpt/epoch-{epoch}.ckpt", saveBestOnly: false)
      try model.fit(
        x: data.x, y: data.y, batchSize: 8, epochs: 3, validationSplit: 0.25, callbacks: [every],
        verbosity: .silent)
      #expect(every.savedFiles.map(\.lastPathComponent)
        == ["epoch-1.ckpt", "epoch-2.ckpt", "epoch-3.ckpt"])
      for file in every.savedFiles { #expect(FileManager.default.fileExists(atPath: file.path)) }

      let best = ModelCheckpoint(path: dir.path + "/best-{epoch}.ckpt", monitor: .validationLoss,
                                 saveBestOnly: true)
      try best.onTrainBegin(model: model)
      // val_loss 0.5, 0.6, 0.4: saved after epochs 1 and 3 only
      for (epoch, value) in [(1, Float(0.5)), (2, 0.6), (3, 0.4)] {
        let logs = EpochLogs(epoch: epoch, loss: 0, accuracy: 0, validationLoss: value)
        _ = try best.onEpochEnd(epoch: epoch, logs: logs, model: model)
      }
      #expect(best.savedFiles.map(\.lastPathComponent) == ["best-1.ckpt", "best-3.ckpt"])
    }
  }
}
