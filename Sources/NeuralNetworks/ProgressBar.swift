import Foundation

/// How much `fit` prints.
public enum Verbosity: Sendable {
  /// Nothing.
  case silent
  /// One line per epoch.
  case epochs
  /// One line per epoch plus batch progress: updated in place (`\r`) when standard output
  /// is a terminal, otherwise at most 10 lines per epoch.
  case progress
}

/// The batch-progress line of one epoch:
/// `epoch 1/5  batch 120/469  loss 0.4123  acc 0.8712  1530 img/s`.
///
/// On a terminal the line is rewritten in place with `\r` (at most every 0.1 s); in a log
/// file it is printed at the batches where ⌊10 · b / n⌋ changes, so at most 10 lines.
public struct ProgressBar {
  /// The 1-based epoch.
  public let epoch: Int
  /// The number of epochs of the run.
  public let epochs: Int
  /// The number of batches in the epoch.
  public let batches: Int
  /// Rewrite one line with `\r` (terminal) or print up to 10 lines (log).
  public let interactive: Bool
  private let start = Date()
  private var lastUpdate = Date.distantPast
  private var lastDecile = 0
  private var width = 0

  /// Whether standard output is a terminal.
  public static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

  /// A progress line for one epoch; the clock starts now.
  public init(epoch: Int, epochs: Int, batches: Int, interactive: Bool = stdoutIsTerminal) {
    self.epoch = epoch
    self.epochs = epochs
    self.batches = batches
    self.interactive = interactive
  }

  /// The progress text after `batch` (1-based) of the epoch.
  public func text(batch: Int, loss: Float, accuracy: Float, images: Int) -> String {
    let elapsed = Date().timeIntervalSince(start)
    let rate = elapsed > 0 ? Double(images) / elapsed : 0
    return "epoch \(epoch)/\(epochs)  batch \(batch)/\(batches)  loss \(fixed(loss, 4))  "
      + "acc \(fixed(accuracy, 4))  \(Int(rate)) img/s"
  }

  /// Reports that `batch` (1-based) is done; `loss`/`accuracy` are the running averages and
  /// `images` the number of images seen in this epoch.
  public mutating func update(batch: Int, loss: Float, accuracy: Float, images: Int) {
    if interactive {
      let now = Date()
      guard batch == batches || now.timeIntervalSince(lastUpdate) >= 0.1 else { return }
      lastUpdate = now
      let line = text(batch: batch, loss: loss, accuracy: accuracy, images: images)
      let padded = line.padding(toLength: max(width, line.count), withPad: " ", startingAt: 0)
      width = line.count
      emit("\r" + padded, newline: false)
    } else {
      let decile = batch * 10 / max(batches, 1)
      guard decile > lastDecile else { return }
      lastDecile = decile
      emit(text(batch: batch, loss: loss, accuracy: accuracy, images: images), newline: true)
    }
  }

  /// Prints the epoch's summary line, replacing the progress line on a terminal.
  public mutating func finish(_ summary: String) {
    if interactive {
      let padded = summary.padding(toLength: max(width, summary.count), withPad: " ",
                                   startingAt: 0)
      emit("\r" + padded, newline: true)
    } else {
      emit(summary, newline: true)
    }
  }

  private func emit(_ text: String, newline: Bool) {
    print(text, terminator: newline ? "\n" : "")
    fflush(nil)
  }
}
