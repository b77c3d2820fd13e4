import Foundation

/// Saves the model (and its optimizer state) after epochs, to a path that may contain
/// `{epoch}` (replaced by the 1-based epoch number, e.g. "ckpt/epoch-{epoch}.ckpt").
///
/// ```
/// saveBestOnly = false:  save after every epoch
/// saveBestOnly = true:   save only when `monitor` improves on the best value so far
/// ```
///
/// Missing directories are created; every write goes to a temporary file that is renamed
/// into place, so an interrupted run never leaves a half-written checkpoint.
///
///     ModelCheckpoint(path: "ckpt/best.ckpt", monitor: .validationLoss, saveBestOnly: true)
public final class ModelCheckpoint: Callback {
  /// The file path, with `{epoch}` replaced by the epoch number.
  public let path: String
  /// The value compared when `saveBestOnly` is set.
  public let monitor: Monitor
  /// Save only when `monitor` improves (otherwise after every epoch).
  public let saveBestOnly: Bool
  /// Whether the optimizer state is saved too (to resume training).
  public let includeOptimizer: Bool
  /// The files written so far, in order.
  public private(set) var savedFiles: [URL] = []
  private var best: Float?

  /// A checkpoint callback; see the type's description.
  public init(path: String, monitor: Monitor = .validationLoss, saveBestOnly: Bool = false,
              includeOptimizer: Bool = true)
  {
    self.path = path
    self.monitor = monitor
    self.saveBestOnly = saveBestOnly
    self.includeOptimizer = includeOptimizer
  }

  /// The file for `epoch`.
  public func url(epoch: Int) -> URL {
    URL(fileURLWithPath: path.replacingOccurrences(of: "{epoch}", with: String(epoch)))
  }

  /// Forgets the best value of an earlier run.
  public func onTrainBegin(model: Sequential) throws { best = nil }

  /// Saves the model if this epoch qualifies; never stops training.
  public func onEpochEnd(epoch: Int, logs: EpochLogs, model: Sequential) throws -> TrainingControl
  {
    if saveBestOnly {
      let value = try monitor.require(in: logs, by: "ModelCheckpoint")
      guard monitor.improves(value, on: best) else { return .proceed }
      best = value
    }
    let target = url(epoch: epoch)
    try FileManager.default.createDirectory(
      at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try model.save(to: target, includeOptimizer: includeOptimizer)
    savedFiles.append(target)
    return .proceed
  }
}
