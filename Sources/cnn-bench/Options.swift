import Datasets
import Foundation

/// Command-line options of `cnn-bench`.
///
///     cnn-bench [--filter SUBSTRING] [--json FILE] [--threads 1,2] [--quick] [--data DIR]
struct Options {
  /// Only workloads whose name contains one of these (comma-separated) substrings.
  var filters: [String] = []
  var jsonPath: String? = nil
  var threads: [Int] = [1, 2]
  /// Fewer, shorter timed runs and one-image verification: well under a minute in all.
  var quick = false
  /// `--data DIR`: the MNIST directory for the training workloads (else `CNN_DATA`, `./Data`).
  var dataPath: String? = nil

  static let usage = """
    usage: cnn-bench [--filter SUBSTRING[,SUBSTRING…]] [--json FILE] [--threads 1,2] [--quick]
                     [--data DIR]
      --filter   run only workloads whose name contains a substring, e.g. "conv keras", sgemm
      --json     also write every figure to FILE
      --threads  thread counts to time (default 1,2)
      --quick    short timing budget and 1-image verification (a smoke run)
      --data     the MNIST directory for the training workloads (default: CNN_DATA, ./Data)
    """

  /// Parses `arguments` (without the program name); nil after printing a problem.
  init?(_ arguments: [String]) {
    var rest = arguments[...]
    while let flag = rest.popFirst() {
      switch flag {
      case "--quick": quick = true
      case "--data":
        guard let value = rest.popFirst() else {
          print("--data needs a directory\n\(Options.usage)")
          return nil
        }
        dataPath = value
      case "--filter", "--json", "--threads":
        guard let value = rest.popFirst() else {
          print("\(flag) needs a value\n\(Options.usage)")
          return nil
        }
        if flag == "--filter" {
          filters += value.split(separator: ",").map(String.init)
        } else if flag == "--json" {
          jsonPath = value
        } else {
          let counts = value.split(separator: ",").compactMap { Int($0) }
          guard !counts.isEmpty, counts.allSatisfy({ $0 >= 1 }) else {
            print("--threads needs positive counts like 1,2; got \(value)\n\(Options.usage)")
            return nil
          }
          threads = counts
        }
      case "-h", "--help":
        print(Options.usage)
        return nil
      default:
        print("unknown option \(flag)\n\(Options.usage)")
        return nil
      }
    }
  }

  /// The MNIST directory: `--data`, else `CNN_DATA`, else `./Data` (nil if that fails).
  var dataDirectory: URL? {
    if let dataPath { return URL(fileURLWithPath: dataPath, isDirectory: true) }
    return try? MNIST.locateDirectory(arguments: [])
  }

  /// Whether `name` passes the filter.
  func selects(_ name: String) -> Bool {
    filters.isEmpty || filters.contains { name.contains($0) }
  }

  /// Seconds of timed runs per workload and thread count, and the run counts.
  var budget: Double { quick ? 0.15 : 0.8 }
  var minRuns: Int { quick ? 3 : 5 }
  var maxRuns: Int { quick ? 15 : 60 }
}
