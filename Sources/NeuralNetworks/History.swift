import Foundation

/// The values measured at the end of one epoch.
///
/// `loss` and `accuracy` are averages over the epoch's training batches (weighted by batch
/// size, measured while the weights were changing, as Keras reports them); the validation
/// values are measured after the epoch with `training: false`.
public struct EpochLogs: Equatable, Sendable {
  /// 1-based epoch number.
  public var epoch: Int
  /// Mean training loss over the epoch's batches.
  public var loss: Float
  /// Training accuracy over the epoch's batches (0…1).
  public var accuracy: Float
  /// Loss on the validation data after the epoch (nil without validation).
  public var validationLoss: Float?
  /// Accuracy on the validation data after the epoch.
  public var validationAccuracy: Float?
  /// Wall-clock time of the epoch, validation included.
  public var seconds: Double

  /// Logs with the given values.
  public init(epoch: Int, loss: Float, accuracy: Float, validationLoss: Float? = nil,
              validationAccuracy: Float? = nil, seconds: Double = 0)
  {
    self.epoch = epoch
    self.loss = loss
    self.accuracy = accuracy
    self.validationLoss = validationLoss
    self.validationAccuracy = validationAccuracy
    self.seconds = seconds
  }

  /// The epoch's summary line:
  /// `epoch 3/20  loss 0.0412  acc 0.9871  val_loss 0.0398  val_acc 0.9880  12.3 s`.
  public func line(epochs: Int) -> String {
    var s = "epoch \(epoch)/\(epochs)  loss \(fixed(loss, 4))  acc \(fixed(accuracy, 4))"
    if let v = validationLoss { s += "  val_loss \(fixed(v, 4))" }
    if let v = validationAccuracy { s += "  val_acc \(fixed(v, 4))" }
    return s + "  \(fixed(seconds, 1)) s"
  }
}

/// `x` with `digits` decimals ("0.0412"), "nan"/"inf" for non-finite values.
func fixed<T: BinaryFloatingPoint>(_ x: T, _ digits: Int) -> String {
  let d = Double(x)
  guard d.isFinite else { return d.isNaN ? "nan" : (d > 0 ? "inf" : "-inf") }
  return String(format: "%.\(digits)f", d)
}

/// What `fit` measured, epoch by epoch, with CSV and SVG output.
///
/// ```
/// history.csv:   epoch,loss,accuracy,val_loss,val_accuracy,seconds
///                1,0.3121,0.9043,0.1402,0.9581,11.8
/// ```
///
///     let history = try model.fit(x: x, y: y, epochs: 3)
///     history.loss                // [0.31, 0.12, 0.08]  (one value per epoch)
///     try history.writeCSV(to: URL(fileURLWithPath: "history.csv"))
public struct History: Equatable, Sendable {
  /// One entry per completed epoch.
  public var epochs: [EpochLogs] = []
  /// True when a callback stopped training before the last epoch.
  public var stoppedEarly = false

  /// A history of the given epochs.
  public init(epochs: [EpochLogs] = [], stoppedEarly: Bool = false) {
    self.epochs = epochs
    self.stoppedEarly = stoppedEarly
  }

  /// Training loss per epoch.
  public var loss: [Float] { epochs.map(\.loss) }
  /// Training accuracy per epoch.
  public var accuracy: [Float] { epochs.map(\.accuracy) }
  /// Validation loss per epoch (nil without validation).
  public var validationLoss: [Float?] { epochs.map(\.validationLoss) }
  /// Validation accuracy per epoch (nil without validation).
  public var validationAccuracy: [Float?] { epochs.map(\.validationAccuracy) }

  /// The history as CSV with a header row; missing validation values are empty fields.
  public var csv: String {
    var s = "epoch,loss,accuracy,val_loss,val_accuracy,seconds\n"
    for e in epochs {
      let fields = [
        String(e.epoch), "\(e.loss)", "\(e.accuracy)",
        e.validationLoss.map { "\($0)" } ?? "", e.validationAccuracy.map { "\($0)" } ?? "",
        fixed(e.seconds, 3),
      ]
      s += fields.joined(separator: ",") + "\n"
    }
    return s
  }

  /// Writes `csv` to `url` (temporary file, then rename).
  public func writeCSV(to url: URL) throws {
    try Data(csv.utf8).write(to: url, options: .atomic)
  }

  /// Writes `svg()` to `url` (temporary file, then rename).
  public func writeSVG(to url: URL, title: String = "Training history") throws {
    try Data(svg(title: title).utf8).write(to: url, options: .atomic)
  }
}
