/// Whether training goes on after a callback has seen an epoch.
public enum TrainingControl: Sendable, Equatable {
  case proceed
  case stop
}

/// Code that `fit` runs at the start, after every epoch and at the end of training
/// (saving checkpoints, stopping early, logging).
///
/// ```
/// onTrainBegin → (epoch → onEpochEnd → .proceed | .stop)* → onTrainEnd
/// ```
///
/// Training stops after the epoch at which any callback returns `.stop`. Errors thrown by a
/// callback end `fit` with that error.
///
///     final class PrintLoss: Callback {
///       func onEpochEnd(epoch: Int, logs: EpochLogs, model: Sequential) -> TrainingControl {
///         print(logs.loss)
///         return .proceed
///       }
///     }
public protocol Callback: AnyObject {
  func onTrainBegin(model: Sequential) throws
  func onEpochEnd(epoch: Int, logs: EpochLogs, model: Sequential) throws -> TrainingControl
  func onTrainEnd(model: Sequential) throws
}

extension Callback {
  /// Does nothing by default.
  public func onTrainBegin(model: Sequential) throws {}
  /// Does nothing by default.
  public func onTrainEnd(model: Sequential) throws {}
}

/// A value that callbacks watch, and which direction counts as better.
///
/// ```
/// loss, validationLoss:          better = smaller
/// accuracy, validationAccuracy:  better = larger
/// ```
public enum Monitor: String, Sendable, CaseIterable {
  case loss
  case accuracy
  case validationLoss = "val_loss"
  case validationAccuracy = "val_accuracy"

  /// The monitored value in `logs` (nil for a validation value when there is no validation).
  public func value(in logs: EpochLogs) -> Float? {
    switch self {
    case .loss: logs.loss
    case .accuracy: logs.accuracy
    case .validationLoss: logs.validationLoss
    case .validationAccuracy: logs.validationAccuracy
    }
  }

  /// Whether `value` beats `best` by more than `minDelta`.
  public func improves(_ value: Float, on best: Float?, minDelta: Float = 0) -> Bool {
    guard let best else { return true }
    switch self {
    case .loss, .validationLoss: return value < best - minDelta
    case .accuracy, .validationAccuracy: return value > best + minDelta
    }
  }

  /// The value or an error explaining how to get it.
  func require(in logs: EpochLogs, by callback: String) throws -> Float {
    guard let v = value(in: logs) else {
      throw TrainingError.missingMetric(
        "\(callback) monitors \(rawValue), but this run has no validation data; pass "
          + "validationSplit: 0.1 (or validationData:) to fit, or monitor .loss instead.")
    }
    return v
  }
}
