/// A checkpoint that cannot be written or read, with what was found and what to do.
///
/// ```
/// description = "<file>: <problem> <fix>"
/// ```
///
///     // "run/epoch-3.ckpt: the file ends after 100 of 2,360 bytes (an interrupted save or
///     //  copy?). Use an earlier checkpoint or train again."
public struct CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What went wrong, for code that reacts to it.
  public enum Kind: String, Sendable, Equatable {
    /// The file does not exist or cannot be read or written.
    case unreadable
    /// The file is shorter than its header says.
    case truncated
    /// The file does not start with "CNNCKPT": it is not a checkpoint.
    case wrongMagic
    /// Written by a format version this code does not know.
    case unsupportedVersion
    /// The CRC-32 does not match, or the content breaks the format.
    case corrupt
    /// Saved from a model with other layers or parameter shapes.
    case architectureMismatch
  }

  /// What went wrong.
  public let kind: Kind
  /// The checkpoint file.
  public let file: String
  /// What was expected and what was found.
  public let problem: String
  /// What to do.
  public let fix: String

  /// An error about `file`.
  public init(_ kind: Kind, file: String, problem: String, fix: String) {
    self.kind = kind
    self.file = file
    self.problem = problem
    self.fix = fix
  }

  /// "<file>: <problem> <fix>".
  public var description: String { file + ": " + problem + " " + fix }
}
