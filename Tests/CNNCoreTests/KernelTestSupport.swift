import CNNCore
import Testing

// Helpers shared by the kernel sweeps: seeded random data and comparisons that, on failure,
// report the configuration, the first mismatches and the largest difference.

extension SeededGenerator {
  /// `count` uniform Floats in [-1, 1].
  mutating func floats(_ count: Int) -> [Float] {
    (0..<count).map { _ in Float(nextUniform(in: -1...1)) }
  }

  /// A random Float tensor of `shape` with elements in [-1, 1].
  mutating func tensor(_ shape: [Int]) -> Tensor<Float> {
    Tensor(shape: shape, uniformIn: -1...1, using: &self)
  }
}

/// Compares `actual` with `expected` element by element, allowing
/// `|actual[i] − expected[i]| ≤ tolerance · scale[i]` (with `scale[i]` the sum of the
/// magnitudes of the terms that make up element `i`, or 1 when it is absent).
/// Returns nil when all agree, else a report of the first mismatches and the max difference.
func mismatchReport(
  _ actual: [Float], _ expected: [Float], scale: [Float]? = nil, tolerance: Float,
  config: String
) -> String? {
  guard actual.count == expected.count else {
    return "\(config): \(actual.count) values, expected \(expected.count)"
  }
  var maxDiff: Float = 0
  var bad: [String] = []
  var badCount = 0
  for i in actual.indices {
    let diff = abs(actual[i] - expected[i])
    let allowed = tolerance * max(scale?[i] ?? 1, Float.leastNormalMagnitude)
    if diff.isNaN || diff > maxDiff { maxDiff = diff.isNaN ? .nan : max(maxDiff, diff) }
    if !(diff <= allowed) {
      badCount += 1
      if bad.count < 5 { bad.append("[\(i)] \(actual[i]) vs \(expected[i]) (allowed \(allowed))") }
    }
  }
  guard badCount > 0 else { return nil }
  return "\(config): \(badCount) of \(actual.count) values differ; first: "
    + bad.joined(separator: ", ") + "; max |diff| = \(maxDiff)"
}

/// Records an issue with `report` when it is not nil; returns whether it was nil.
@discardableResult
func expectNoMismatch(_ report: String?, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
  guard let report else { return true }
  Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
  return false
}

/// The positions where two arrays differ in any bit (for the determinism tests).
func bitMismatchReport(_ a: [Float], _ b: [Float], config: String) -> String? {
  guard a.count == b.count else { return "\(config): \(a.count) vs \(b.count) values" }
  let differing = a.indices.filter { a[$0].bitPattern != b[$0].bitPattern }
  guard let first = differing.first else { return nil }
  let maxDiff = differing.map { abs(a[$0] - b[$0]) }.max() ?? 0
  let shown = differing.prefix(5).map { "[\($0)] \(a[$0]) vs \(b[$0])" }
  return "\(config): \(differing.count) values differ in their bits, first at \(first): "
    + shown.joined(separator: ", ") + "; max |diff| = \(maxDiff)"
}
