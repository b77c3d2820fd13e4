import Foundation

/// The figures of one workload at one thread count.
struct Timing: Codable {
  let threads: Int
  let runs: Int
  /// Median wall time of one run.
  let milliseconds: Double
  /// Median CPU time of one run, all threads (less disturbed by other programs).
  let cpuMilliseconds: Double
  /// GFLOP/s, GB/s or images/s, per `Workload.unit`.
  let rate: Double
  /// Reference time (scaled to the whole workload, single-threaded) over the kernel's time.
  let speedupOverReference: Double
}

/// Everything measured for one workload.
struct Result: Codable {
  let name: String
  let shape: String
  let unit: String
  let verified: Bool
  let maxDifference: Double
  let tolerance: Double
  let verifiedOn: String
  let referenceMilliseconds: Double
  /// True when every thread count produced bit-identical outputs.
  let identicalAcrossThreads: Bool
  let timings: [Timing]
  /// Training workloads: heap allocations of one steady-state step (nil elsewhere).
  var allocationsPerStep: AllocationsPerStep? = nil
}

/// The JSON file: the machine's state and every result.
struct Report: Codable {
  let date: String
  let loadAverage: String
  let quick: Bool
  let results: [Result]

  func write(to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(self).write(to: URL(fileURLWithPath: path))
  }
}

/// The 1-, 5- and 15-minute load averages from /proc/loadavg (the 2 cores are shared).
func loadAverage() -> String {
  let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
  return text.split(separator: " ").prefix(3).joined(separator: " ")
}

/// `text` padded with spaces to `width` (left-aligned), or right-aligned when `right`.
func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
  let gap = String(repeating: " ", count: max(0, width - text.count))
  return right ? gap + text : text + gap
}

/// `value` with `digits` decimals.
func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

/// A time in ms with 3 significant-ish digits.
func milliseconds(_ ms: Double) -> String {
  ms >= 100 ? fixed(ms, 0) : ms >= 10 ? fixed(ms, 1) : ms >= 1 ? fixed(ms, 2) : fixed(ms, 3)
}
