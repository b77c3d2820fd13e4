/// A data file that is missing, damaged or not what it should be, with a message that
/// names the file, says what was expected and what was found, and how to fix it.
///
/// ```
/// description = "<file>: <problem> <fix>"
/// ```
///
/// Gzip, inflate and IDX errors are raised without a file name and gain one
/// (`named(_:)`) as they pass through the function that opened the file; MNIST adds the
/// exact download command to the fix (`withFix(_:)`).
///
///     let e = DatasetError(.truncated, problem: "the stream ends after 3 of 8 trailer bytes.",
///                          fix: "Download the file again.").named("t10k-labels-idx1-ubyte.gz")
///     e.description
///     // "t10k-labels-idx1-ubyte.gz: the stream ends after 3 of 8 trailer bytes. Download…"
public struct DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What kind of problem this is, for code that wants to react to it.
  public enum Kind: String, Sendable, Equatable {
    /// The directory holding the data does not exist.
    case missingDirectory
    /// A required file does not exist.
    case missingFile
    /// The file exists but could not be read (permissions, I/O error).
    case unreadable
    /// The data ends before the format says it should.
    case truncated
    /// The first bytes are not the signature of the expected format.
    case wrongMagic
    /// A size, count or dimension differs from what the format or dataset requires.
    case wrongSize
    /// A valid file of a kind this reader does not handle (e.g. float IDX data).
    case unsupported
    /// The SHA-256 of the file differs from the published value.
    case checksumMismatch
    /// The CRC-32 stored in a gzip member differs from that of the decompressed data.
    case crcMismatch
    /// The compressed data breaks the deflate or gzip format.
    case corruptData
    /// A command-line argument is malformed (e.g. `--data` without a directory).
    case badArgument
    /// A download failed: the server answered with an HTTP error, or could not be reached.
    case downloadFailed
  }

  /// What kind of problem this is.
  public let kind: Kind
  /// The file (or directory) concerned, when known.
  public let file: String?
  /// What was expected and what was found.
  public let problem: String
  /// How to fix it.
  public let fix: String

  /// An error of `kind` about `file`.
  public init(_ kind: Kind, file: String? = nil, problem: String, fix: String) {
    self.kind = kind
    self.file = file
    self.problem = problem
    self.fix = fix
  }

  /// The whole message: file, problem and fix.
  public var description: String {
    let body = fix.isEmpty ? problem : problem + " " + fix
    guard let file else { return body }
    return file + ": " + body
  }

  /// The same error, about `file` (kept if a file name is already set).
  public func named(_ file: String) -> DatasetError {
    DatasetError(kind, file: self.file ?? file, problem: problem, fix: fix)
  }

  /// The same error with `more` appended to the fix.
  public func withFix(_ more: String) -> DatasetError {
    DatasetError(kind, file: file, problem: problem, fix: fix.isEmpty ? more : fix + " " + more)
  }

  /// The fix shared by every "this file is damaged" error.
  static let downloadAgain =
    "The file is damaged or incomplete (an interrupted download?); download it again."

  /// A damaged-file error: the data ends too early.
  static func truncated(_ problem: String) -> DatasetError {
    DatasetError(.truncated, problem: problem, fix: downloadAgain)
  }

  /// A damaged-file error: the compressed data breaks the format.
  static func corrupt(_ problem: String) -> DatasetError {
    DatasetError(.corruptData, problem: problem, fix: downloadAgain)
  }
}
