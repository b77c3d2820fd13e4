import Foundation

/// One comparison inside an exercise check: what was expected, what the answer gave.
public struct Expectation: Sendable, CustomStringConvertible {
  /// Which case this is, e.g. "x = [1, 2, 3], k = [4, 5, 6]".
  public let label: String
  public let expected: String
  public let got: String
  public let passed: Bool

  public init(label: String, expected: String, got: String, passed: Bool) {
    self.label = label; self.expected = expected; self.got = got; self.passed = passed
  }

  public var description: String {
    (label.isEmpty ? "" : "\(label): ") + "expected \(expected), got \(got)"
  }

  /// Exact equality (integers, shapes, counts, strings).
  public static func equal<T: Equatable>(
    _ got: T, _ expected: T, _ label: String = ""
  ) -> Expectation {
    Expectation(label: label, expected: "\(expected)", got: "\(got)", passed: got == expected)
  }

  /// A real number within `tolerance` (absolute, or relative to |expected| when larger).
  public static func close(
    _ got: Double, _ expected: Double, tolerance: Double = 1e-6, _ label: String = ""
  ) -> Expectation {
    Expectation(
      label: label, expected: format(expected), got: format(got),
      passed: abs(got - expected) <= tolerance * max(1, abs(expected)))
  }

  /// Vectors of reals, element by element within `tolerance`, and of equal length.
  public static func close(
    _ got: [Double], _ expected: [Double], tolerance: Double = 1e-6, _ label: String = ""
  ) -> Expectation {
    let passed = got.count == expected.count
      && zip(got, expected).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    return Expectation(label: label, expected: format(expected), got: format(got), passed: passed)
  }

  /// Matrices of reals (rows), element by element within `tolerance`.
  public static func close(
    _ got: [[Double]], _ expected: [[Double]], tolerance: Double = 1e-6, _ label: String = ""
  ) -> Expectation {
    let passed = got.count == expected.count
      && zip(got, expected).allSatisfy { row, want in
        row.count == want.count
          && zip(row, want).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
      }
    return Expectation(
      label: label, expected: "[" + expected.map(format).joined(separator: ", ") + "]",
      got: "[" + got.map(format).joined(separator: ", ") + "]", passed: passed)
  }

  /// A real printed as a whole number when it is one (28, not 28.0), else with six
  /// significant digits (0.333333).
  public static func format(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return String(format: "%.6g", x)
  }

  public static func format(_ xs: [Double]) -> String {
    "[" + xs.map { format($0) }.joined(separator: ", ") + "]"
  }
}
