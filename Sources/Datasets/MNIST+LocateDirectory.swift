import Foundation

extension MNIST {
  /// The directory that holds the MNIST files, chosen by the first rule that applies:
  ///
  /// ```
  /// 1. --data DIR  (or --data=DIR) on the command line
  /// 2. the CNN_DATA environment variable, if set and not empty
  /// 3. ./Data, relative to the current directory
  /// ```
  ///
  /// The directory is not checked here: `load` explains what is missing and how to get
  /// it. A leading `~` is expanded (the shell does not expand it after `--data=`).
  ///
  ///     try MNIST.locateDirectory(arguments: ["ch05", "--data", "/mnist"],
  ///                               environment: ["CNN_DATA": "/elsewhere"]).path
  ///     // "/mnist"
  ///
  /// - Throws: `DatasetError` (`.badArgument`) if `--data` has no directory after it.
  public static func locateDirectory(
    arguments: [String] = CommandLine.arguments,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> URL {
    func directory(_ path: String) -> URL {
      URL(fileURLWithPath: (path as NSString).expandingTildeInPath, isDirectory: true)
    }
    let missingValue = DatasetError(
      .badArgument, problem: "--data needs a directory after it.",
      fix: "Write --data DIR (or --data=DIR), where DIR holds the MNIST files.")
    for (i, argument) in arguments.enumerated() {
      if argument == "--data" {
        guard i + 1 < arguments.count, !arguments[i + 1].isEmpty,
          !arguments[i + 1].hasPrefix("--")
        else { throw missingValue }
        return directory(arguments[i + 1])
      }
      if argument.hasPrefix("--data=") {
        let path = String(argument.dropFirst("--data=".count))
        guard !path.isEmpty else { throw missingValue }
        return directory(path)
      }
    }
    if let path = environment["CNN_DATA"], !path.isEmpty { return directory(path) }
    return directory("Data")
  }
}
