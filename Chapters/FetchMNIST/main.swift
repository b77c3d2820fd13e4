// fetch-mnist: downloads the four MNIST archives with Foundation's networking and
// verifies each against its known SHA-256 before giving it its canonical name.
//
//   swift run fetch-mnist [--data DIR] [--mirror URL]
//
// DIR follows `MNIST.locateDirectory` (--data, then CNN_DATA, then ./Data) and is created
// if needed. Files already present and valid are left alone.
import Datasets
import Foundation

/// The value after `--mirror` (or in `--mirror=URL`), the default mirror if absent.
func mirror(in arguments: [String]) throws -> URL {
  let bad = DatasetError(
    .badArgument, problem: "--mirror needs an http(s) URL after it.",
    fix: "Write --mirror URL, e.g. --mirror \(MNISTFile.mirror)")
  var text: String?
  for (i, argument) in arguments.enumerated() {
    if argument == "--mirror" {
      guard i + 1 < arguments.count else { throw bad }
      text = arguments[i + 1]
    } else if argument.hasPrefix("--mirror=") {
      text = String(argument.dropFirst("--mirror=".count))
    }
  }
  guard let text else { return MNIST.defaultMirror }
  guard let url = URL(string: text), ["http", "https", "file"].contains(url.scheme ?? "")
  else { throw bad }
  return url
}

/// Rejects anything but --data and --mirror (with their values), so a typo is not ignored.
func checkArguments(_ arguments: [String]) throws {
  var i = 1
  while i < arguments.count {
    let argument = arguments[i]
    if argument == "--data" || argument == "--mirror" {
      i += 2
    } else if argument.hasPrefix("--data=") || argument.hasPrefix("--mirror=") {
      i += 1
    } else {
      throw DatasetError(
        .badArgument, problem: "unknown argument \(argument).",
        fix: "Usage: swift run fetch-mnist [--data DIR] [--mirror URL]")
    }
  }
}

do {
  let arguments = CommandLine.arguments
  try checkArguments(arguments)
  let directory = try MNIST.locateDirectory(arguments: arguments)
  let source = try mirror(in: arguments)
  print("MNIST → \(directory.path) from \(source.absoluteString)")
  try MNIST.download(into: directory, from: source) { print("  " + $0) }
  print("done: all \(MNISTFile.all.count) MNIST files are in \(directory.path) and verified")
} catch {
  FileHandle.standardError.write(Data(("fetch-mnist: \(error)\n").utf8))
  exit(1)
}
