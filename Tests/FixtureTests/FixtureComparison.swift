import Foundation

/// The element-wise comparison of a computed tensor with a fixture's expected values.
///
/// ```
///   scale   = max(1, max_i |expected_i|)
///   passes ⇔ |actual_i − expected_i| ≤ tolerance · scale   for every i
/// ```
///
/// Relative to the tensor's largest magnitude rather than to each element, so outputs that
/// cancel to nearly zero are not held to an impossible relative precision.
///
///     let c = FixtureComparison(actual: [1, 2.000001], expected: [1, 2], tolerance: 1e-5)
///     // c.passed == true, c.maxDiff ≈ 1e-6
struct FixtureComparison {
  /// The largest `|actual − expected|`.
  let maxDiff: Double
  /// `max(1, max |expected|)`.
  let scale: Double
  /// The allowed difference, `tolerance · scale`.
  let bound: Double
  /// Flat indices whose difference exceeds `bound`.
  let mismatches: [Int]
  let actual: [Double], expected: [Double]

  var passed: Bool { mismatches.isEmpty && actual.count == expected.count }

  init(actual: [Double], expected: [Double], tolerance: Double) {
    self.actual = actual
    self.expected = expected
    scale = max(1, expected.map(abs).max() ?? 0)
    bound = tolerance * scale
    var maxDiff = 0.0
    var mismatches = [Int]()
    for (i, (a, e)) in zip(actual, expected).enumerated() {
      let diff = abs(a - e)
      maxDiff = max(maxDiff, diff.isNaN ? .infinity : diff)
      if !(diff <= bound) { mismatches.append(i) }
    }
    self.maxDiff = maxDiff
    self.mismatches = mismatches
  }

  /// `FIXTURE OK conv2d/basic_3x3 output maxdiff = 1.5e-07`, or the count, the max difference
  /// and the first mismatches with their NCHW index (for a rank-4 `shape`).
  func report(_ label: String, shape: [Int], limit: Int = 5) -> String {
    if actual.count != expected.count {
      return "FIXTURE FAIL \(label): \(actual.count) values computed, \(expected.count) expected"
    }
    let diff = maxDiff.formatted
    if passed { return "FIXTURE OK \(label) maxdiff = \(diff)" }
    var lines = [
      "FIXTURE FAIL \(label): \(mismatches.count) of \(expected.count) values differ by more "
        + "than \(bound.formatted); maxdiff = \(diff); shape \(shape)"
    ]
    for i in mismatches.prefix(limit) {
      lines.append(
        "  [\(Self.index(i, shape: shape).map(String.init).joined(separator: ", "))] "
          + "expected \(expected[i]), got \(actual[i]), diff \(abs(actual[i] - expected[i]))")
    }
    return lines.joined(separator: "\n")
  }

  /// The multi-index of flat index `i` in a row-major tensor of `shape`.
  static func index(_ i: Int, shape: [Int]) -> [Int] {
    var rest = i
    var result = [Int](repeating: 0, count: shape.count)
    for d in shape.indices.reversed() where shape[d] > 0 {
      result[d] = rest % shape[d]
      rest /= shape[d]
    }
    return result
  }
}

extension Double {
  /// Two significant digits in scientific notation, e.g. `1.5e-07`.
  fileprivate var formatted: String { String(format: "%.1e", self) }
}
