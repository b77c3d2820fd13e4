import CNNCore
import Pooling
import Testing

// Helpers shared by the layer and loss tests: seeded data, a finite-difference gradient check
// in Double, and comparisons that report the configuration, first mismatches and max |diff|.

extension SeededGenerator {
  /// A Float tensor of `shape` with elements uniform in `range`.
  mutating func floats(_ shape: [Int], in range: ClosedRange<Float> = -1...1) -> Tensor<Float> {
    Tensor(shape: shape, uniformIn: range, using: &self)
  }

  /// A Double tensor of `shape` with elements uniform in `range`.
  mutating func doubles(_ shape: [Int], in range: ClosedRange<Double> = -1...1) -> Tensor<Double> {
    Tensor(shape: shape, uniformIn: range, using: &self)
  }

  /// Elements whose magnitudes are at least `margin` (for ReLU: no input near its kink at 0).
  mutating func awayFromZero(_ shape: [Int], margin: Double = 0.1) -> Tensor<Double> {
    let count = shape.reduce(1, *)
    return Tensor(
      shape: shape,
      scalars: (0..<count).map { _ in
        let magnitude = nextUniform(in: margin...1)
        return nextInt(in: 0...1) == 0 ? -magnitude : magnitude
      })
  }

  /// Distinct values `i·gap` in a random order (for max pooling: no near-ties).
  mutating func distinct(_ shape: [Int], gap: Double = 0.01) -> Tensor<Double> {
    var values = (0..<shape.reduce(1, *)).map { Double($0) * gap }
    values.shuffle(using: &self)
    return Tensor(shape: shape, scalars: values)
  }

  /// `count` labels in 0..<classes.
  mutating func labels(_ count: Int, classes: Int) -> [Int] {
    (0..<count).map { _ in nextInt(in: 0...(classes - 1)) }
  }
}

/// `Σ_i y[i] · r[i]`: a scalar loss whose gradient with respect to `y` is `r`, so a backward
/// pass fed with `r` must return the gradient of this loss.
func weightedSum(_ y: Tensor<Double>, _ r: Tensor<Double>) -> Double {
  zip(y.scalars, r.scalars).reduce(0) { $0 + $1.0 * $1.1 }
}

/// Checks an analytic gradient of `loss` at `x` against central differences (step 1e-5,
/// error measure `Pooling.gradientError`: |a − n| / max(1, |a|, |n|)); tolerance 1e-6.
func expectGradient(
  _ analytic: Tensor<Double>, of loss: (Tensor<Double>) -> Double, at x: Tensor<Double>,
  _ what: String, step: Double = 1e-5, sourceLocation: SourceLocation = #_sourceLocation
) {
  let numeric = centralDifferenceGradient(of: loss, at: x, step: step)
  let error = gradientError(analytic, numeric)
  if !(error < 1e-6) {
    let worst =
      analytic.scalars.indices.max {
        abs(analytic.scalars[$0] - numeric.scalars[$0])
          < abs(analytic.scalars[$1] - numeric.scalars[$1])
      } ?? 0
    let message =
      "\(what): gradient error \(error) ≥ 1e-6; worst [\(worst)] analytic "
      + "\(analytic.scalars[worst]) vs numeric \(numeric.scalars[worst])"
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
  }
}

/// Compares Float results with a Double reference: `|a − e| ≤ tolerance · (1 + |e|)`.
/// Returns nil when all agree, else the configuration, first mismatches and max |diff|.
func mismatchReport(
  _ actual: Tensor<Float>, _ expected: Tensor<Double>, tolerance: Double, _ config: String
) -> String? {
  guard actual.shape == expected.shape else {
    return "\(config): shape \(actual.shape), expected \(expected.shape)"
  }
  var maxDiff = 0.0
  var bad: [String] = []
  var badCount = 0
  for i in 0..<actual.count {
    let (a, e) = (Double(actual.scalars[i]), expected.scalars[i])
    let diff = abs(a - e)
    maxDiff = diff.isNaN ? .nan : max(maxDiff, diff)
    if !(diff <= tolerance * (1 + abs(e))) {
      badCount += 1
      if bad.count < 5 { bad.append("[\(i)] \(a) vs \(e)") }
    }
  }
  guard badCount > 0 else { return nil }
  return "\(config): \(badCount) of \(actual.count) differ; first: \(bad.joined(separator: ", "))"
    + "; max |diff| = \(maxDiff)"
}

/// Records `report` as an issue when it is not nil.
func expectNone(_ report: String?, sourceLocation: SourceLocation = #_sourceLocation) {
  if let report { Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation) }
}

/// Whether two Float tensors are identical in every bit; else a report.
func bitReport(_ a: Tensor<Float>, _ b: Tensor<Float>, _ config: String) -> String? {
  guard a.shape == b.shape else { return "\(config): shapes \(a.shape) vs \(b.shape)" }
  let differing = a.scalars.indices.filter { a.scalars[$0].bitPattern != b.scalars[$0].bitPattern }
  guard let first = differing.first else { return nil }
  return "\(config): \(differing.count) values differ in their bits, first [\(first)] "
    + "\(a.scalars[first]) vs \(b.scalars[first])"
}

/// Approximate equality of two arrays of Doubles, for the hand-computed tables.
func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-6) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
}

/// Approximate equality of Float results with hand-computed values.
func close(_ a: [Float], _ b: [Double], _ tolerance: Double = 1e-6) -> Bool {
  close(a.map(Double.init), b, tolerance)
}
