import Foundation

/// The descriptions of the chapter's checks that failed so far.
@MainActor public private(set) var failedChecks: [String] = []

/// Records one of the chapter's own checks; a failed one is printed at once.
///
///     check(y.rows == [[19, 25], [37, 43]], "corr2d worked example")
@MainActor public func check(_ passed: Bool, _ what: String) {
  if !passed {
    failedChecks.append(what)
    print("  ✘ CHECK FAILED: \(what)")
  }
}

/// Lists the failed checks again and exits with status 1 if there were any.
@MainActor public func exitIfChecksFailed() {
  guard !failedChecks.isEmpty else { return }
  print("\n\(failedChecks.count) check(s) failed:")
  for what in failedChecks { print("  ✘ \(what)") }
  exit(1)
}
