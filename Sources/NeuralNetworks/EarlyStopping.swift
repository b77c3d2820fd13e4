import CNNCore

/// Stops training when a monitored value has not improved for `patience` epochs.
///
/// ```
/// improved  ⇔  value < best − minDelta   (losses)   or   value > best + minDelta   (accuracies)
/// stop after the epoch where  epochs since the best ≥ patience
/// ```
///
/// With `restoreBestWeights`, the parameters (and layer buffers) of the best epoch are
/// copied back when training ends, whether it stopped early or ran all epochs.
///
///     // val_loss 0.30, 0.20, 0.25, 0.22 with patience 2: best at epoch 2, stop after epoch 4
///     EarlyStopping(monitor: .validationLoss, patience: 2, restoreBestWeights: true)
public final class EarlyStopping: Callback {
  /// The watched value.
  public let monitor: Monitor
  /// Epochs without improvement tolerated before stopping.
  public let patience: Int
  /// The smallest change that counts as an improvement.
  public let minDelta: Float
  /// Whether the best epoch's weights are restored at the end.
  public let restoreBestWeights: Bool
  /// The best value seen and its epoch.
  public private(set) var best: Float?
  /// The (1-based) epoch of `best`, 0 before the first epoch.
  public private(set) var bestEpoch = 0
  /// The epoch after which training was stopped (nil if it was not).
  public private(set) var stoppedEpoch: Int?
  private var wait = 0
  private var bestState: [Tensor<Float>] = []

  /// An early-stopping callback; see the type's description.
  public init(monitor: Monitor = .validationLoss, patience: Int = 0, minDelta: Float = 0,
              restoreBestWeights: Bool = false)
  {
    precondition(patience >= 0, "patience must be non-negative, got \(patience)")
    self.monitor = monitor
    self.patience = patience
    self.minDelta = minDelta
    self.restoreBestWeights = restoreBestWeights
  }

  /// Resets the counters (a callback can serve several runs).
  public func onTrainBegin(model: Sequential) throws {
    best = nil
    bestEpoch = 0
    stoppedEpoch = nil
    wait = 0
    bestState = []
  }

  /// Records an improvement or counts one more epoch without one.
  public func onEpochEnd(epoch: Int, logs: EpochLogs, model: Sequential) throws -> TrainingControl
  {
    let value = try monitor.require(in: logs, by: "EarlyStopping")
    if monitor.improves(value, on: best, minDelta: minDelta) {
      best = value
      bestEpoch = epoch
      wait = 0
      if restoreBestWeights { bestState = model.stateTensors.map(\.tensor) }
      return .proceed
    }
    wait += 1
    if wait >= patience {
      stoppedEpoch = epoch
      return .stop
    }
    return .proceed
  }

  /// Restores the best weights if asked to.
  public func onTrainEnd(model: Sequential) throws {
    guard restoreBestWeights, !bestState.isEmpty else { return }
    model.setStateTensors(bestState)
  }
}
