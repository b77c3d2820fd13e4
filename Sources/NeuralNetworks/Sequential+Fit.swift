import CNNCore
import Datasets
import Foundation

extension Sequential {
  /// Trains the model with mini-batch gradient descent, Keras-style.
  ///
  /// ```
  /// validation = last ⌊validationSplit · N⌋ images of x (before shuffling, as in Keras)
  /// every epoch: order = seeded Fisher–Yates permutation of the training part (shuffle)
  ///   every batch B: zero gradients; logits = forward(x_B / 255, training: true)
  ///                  L = loss(logits, y_B); backward(∂L/∂logits); optimizer.step
  /// ```
  ///
  /// The shuffling generator is `SeededGenerator(seed: seed)`, advanced once per epoch,
  /// so the same seed (and the same initial weights) gives bit-identical loss curves for
  /// any thread count.
  ///
  /// - Parameters:
  ///   - x: the images (N × C × H × W bytes); each batch is converted to Float ÷ 255.
  ///   - y: one class label per image.
  ///   - validationData: explicit validation images and labels (overrides `validationSplit`).
  ///   - callbacks: see `Callback`, `ModelCheckpoint`, `EarlyStopping`.
  /// - Returns: the per-epoch `History`.
  /// - Throws: `TrainingError.diverged` when a batch loss is NaN or infinite (naming the
  ///   epoch and batch), shape/label errors before training, callback errors.
  ///
  ///     let history = try model.fit(x: x, y: y, batchSize: 64, epochs: 5,
  ///                                 validationSplit: 0.1, seed: 1)
  ///     // epoch 1/5  loss 0.3121  acc 0.9043  val_loss 0.1402  val_acc 0.9581  11.8 s
  @discardableResult
  public func fit(
    x: ImageSet, y: [Int], batchSize: Int = 32, epochs: Int = 1,
    validationSplit: Double = 0, validationData: (x: ImageSet, y: [Int])? = nil,
    shuffle: Bool = true, seed: UInt64 = 0, callbacks: [any Callback] = [],
    verbosity: Verbosity = .progress
  ) throws -> History {
    guard let loss, let optimizer else { throw TrainingError.notCompiled }
    guard batchSize >= 1 else {
      throw TrainingError.invalidArgument("batchSize must be at least 1, got \(batchSize).")
    }
    guard epochs >= 0 else {
      throw TrainingError.invalidArgument("epochs must be non-negative, got \(epochs).")
    }
    guard validationSplit >= 0 && validationSplit < 1 else {
      throw TrainingError.invalidArgument(
        "validationSplit must be in [0, 1) (e.g. 0.1 for the last 10 %), got \(validationSplit).")
    }
    try check(x: x, y: y)
    var training = Array(0..<x.count)
    var validation: (x: ImageSet, y: [Int])? = validationData
    if validation == nil && validationSplit > 0 {
      let parts = Datasets.validationSplit(count: x.count, fraction: validationSplit)
      training = Array(parts.training)
      validation = (x.subset(parts.validation), Array(y[parts.validation]))
    }
    if let validation { try check(x: validation.x, y: validation.y) }
    guard !training.isEmpty else {
      throw TrainingError.invalidArgument(
        "no training images are left (N = \(x.count), validationSplit = \(validationSplit)).")
    }

    var generator = SeededGenerator(seed: seed)
    var history = History()
    for callback in callbacks { try callback.onTrainBegin(model: self) }
    let parameters = self.parameters
    // One batch's images and labels, rewritten batch after batch (no new memory per step).
    var images = Tensor<Float>.empty, labels: [Int] = []
    epochLoop: for epoch in 1...max(epochs, 1) where epochs > 0 {
      let start = Date()
      var order = training
      if shuffle { fisherYatesShuffle(&order, using: &generator) }
      let batches = Batches(images: x, labels: y, size: batchSize, order: order)
      var progress = ProgressBar(
        epoch: epoch, epochs: epochs, batches: batches.count,
        interactive: ProgressBar.stdoutIsTerminal)
      var lossSum = 0.0
      var correct = 0
      var seen = 0
      for b in 0..<batches.count {
        releaseBackwardState()  // (the first layer still holds the previous batch)
        batches.batch(b, images: &images, labels: &labels)
        for p in parameters { p.zeroGradient() }
        let logits = forward(images, training: true)
        let value = loss.forward(logits, labels: labels)
        guard value.isFinite else {
          throw TrainingError.diverged(epoch: epoch, batch: b + 1, loss: value)
        }
        backwardParameters(loss.backward())
        optimizer.step(parameters)
        lossSum += Double(value) * Double(labels.count)
        correct += correctCount(logits: logits, labels: labels)
        seen += labels.count
        if verbosity == .progress {
          progress.update(
            batch: b + 1, loss: Float(lossSum / Double(seen)),
            accuracy: Float(correct) / Float(seen), images: seen)
        }
      }
      var logs = EpochLogs(
        epoch: epoch, loss: Float(lossSum / Double(seen)), accuracy: Float(correct) / Float(seen))
      if let validation {
        let result = try evaluate(x: validation.x, y: validation.y, batchSize: batchSize)
        logs.validationLoss = result.loss
        logs.validationAccuracy = result.accuracy
      }
      logs.seconds = Date().timeIntervalSince(start)
      history.epochs.append(logs)
      switch verbosity {
      case .silent: break
      case .epochs: print(logs.line(epochs: epochs)); fflush(nil)
      case .progress: progress.finish(logs.line(epochs: epochs))
      }
      var stop = false
      for callback in callbacks {
        if try callback.onEpochEnd(epoch: epoch, logs: logs, model: self) == .stop { stop = true }
      }
      if stop {
        history.stoppedEarly = epoch < epochs
        break epochLoop
      }
    }
    for callback in callbacks { try callback.onTrainEnd(model: self) }
    return history
  }

  /// The mean loss and the accuracy on `x`, `y` (inference mode, no parameter changes).
  ///
  /// ```
  /// loss     = Σ_batches loss(batch) · |batch| / N
  /// accuracy = #{ i : argmax logits_i = y_i } / N
  /// ```
  ///
  ///     let (loss, accuracy) = try model.evaluate(x: testX, y: testY)   // (0.041, 0.987)
  public func evaluate(x: ImageSet, y: [Int], batchSize: Int = 256) throws
    -> (loss: Float, accuracy: Float)
  {
    guard let loss else { throw TrainingError.notCompiled }
    guard batchSize >= 1 else {
      throw TrainingError.invalidArgument("batchSize must be at least 1, got \(batchSize).")
    }
    try check(x: x, y: y)
    guard x.count > 0 else { return (.nan, .nan) }
    var lossSum = 0.0
    var correct = 0
    for batch in Batches(images: x, labels: y, size: batchSize) {
      let logits = forward(batch.images, training: false)
      lossSum += Double(loss.forward(logits, labels: batch.labels)) * Double(batch.labels.count)
      correct += correctCount(logits: logits, labels: batch.labels)
    }
    return (Float(lossSum / Double(x.count)), Float(correct) / Float(x.count))
  }

  /// Class probabilities for every image: softmax of the logits, shape [N, classes].
  ///
  /// ```
  /// p_ik = exp(z_ik − max_j z_ij) / Σ_j exp(z_ij − max_j z_ij)
  /// ```
  ///
  ///     let p = try model.predict(x: testX)     // p.shape == [10000, 10], rows sum to 1
  public func predict(x: ImageSet, batchSize: Int = 256) throws -> Tensor<Float> {
    guard batchSize >= 1 else {
      throw TrainingError.invalidArgument("batchSize must be at least 1, got \(batchSize).")
    }
    guard x.shape == inputShape else {
      throw TrainingError.inputShapeMismatch(expected: inputShape, found: x.shape)
    }
    let classes = outputShape.reduce(1, *)
    var scalars = [Float]()
    scalars.reserveCapacity(x.count * classes)
    var start = 0
    while start < x.count {
      let end = min(start + batchSize, x.count)
      let logits = forward(x.batch(start..<end), training: false)
      scalars.append(contentsOf: softmax(logits.reshaped([end - start, classes])).scalars)
      start = end
    }
    return Tensor(shape: [x.count, classes], scalars: scalars)
  }

  /// Validates images against the input shape and labels against the output classes.
  func check(x: ImageSet, y: [Int]) throws {
    guard x.shape == inputShape else {
      throw TrainingError.inputShapeMismatch(expected: inputShape, found: x.shape)
    }
    guard x.count == y.count else {
      throw TrainingError.labelCountMismatch(images: x.count, labels: y.count)
    }
    let classes = outputShape.reduce(1, *)
    if let bad = y.firstIndex(where: { $0 < 0 || $0 >= classes }) {
      throw TrainingError.labelOutOfRange(index: bad, label: y[bad], classes: classes)
    }
  }
}

/// Number of rows of `logits` [N, K] whose arg-max (first on ties) equals the label.
func correctCount(logits: Tensor<Float>, labels: [Int]) -> Int {
  let classes = logits.count / max(labels.count, 1)
  var correct = 0
  for (n, label) in labels.enumerated()
  where predictedClass(row: n, of: logits, classes: classes) == label {
    correct += 1
  }
  return correct
}
