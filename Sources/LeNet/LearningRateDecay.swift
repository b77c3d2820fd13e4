import NeuralNetworks

/// Exponential learning-rate decay per epoch, as Keras' `ExponentialDecay` with
/// `staircase=True` and one step per epoch.
///
/// ```
///   η_e = η₀ · factor^(e − 1)          for epoch e = 1, 2, …
/// ```
/// The rate of epoch e + 1 is set at the end of epoch e; `onTrainBegin` records η₀ from the
/// compiled optimizer (and restores it, so that a second `fit` starts over).
///
///     // η₀ = 1e-3, factor 0.7: epochs 1, 2, 3 train with 1e-3, 7e-4, 4.9e-4
///     model.fit(x: x, y: y, epochs: 10, callbacks: [LearningRateDecay(factor: 0.7)])
public final class LearningRateDecay: Callback {
  /// The factor applied after every epoch, in (0, 1].
  public let factor: Float
  /// η₀, read when training begins.
  public private(set) var initialRate: Float?

  public init(factor: Float) {
    precondition(factor > 0 && factor <= 1, "the decay factor must be in (0, 1], got \(factor)")
    self.factor = factor
  }

  public func onTrainBegin(model: Sequential) throws {
    guard let optimizer = model.optimizer else { return }
    if let initialRate { optimizer.learningRate = initialRate } else {
      initialRate = optimizer.learningRate
    }
  }

  public func onEpochEnd(epoch: Int, logs: EpochLogs, model: Sequential) throws -> TrainingControl {
    if let optimizer = model.optimizer, let initialRate {
      var rate = initialRate
      for _ in 0..<epoch { rate *= factor }
      optimizer.learningRate = rate  // η₀ · factor^epoch, used by epoch + 1
    }
    return .proceed
  }
}
