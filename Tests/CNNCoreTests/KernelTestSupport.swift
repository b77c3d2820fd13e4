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
func expectNoMismatch(
  _ report: String?, sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
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

/// A random convolution geometry in the ranges of the sweeps, or nil when the geometry
/// rejects it (a kernel larger than the padded input):
/// batch 1–3, channels 1–6 with groups dividing both, H and W 1–12, kernel 1–5 per side,
/// stride 1–3, padding 0…kernel−1 on each side independently, dilation 1–3, `.floor` rounding.
func randomConvGeometry(using g: inout SeededGenerator) -> Conv2DGeometry? {
  let inChannels = g.nextInt(in: 1...6), outChannels = g.nextInt(in: 1...6)
  let divisors = (1...6).filter { inChannels % $0 == 0 && outChannels % $0 == 0 }
  let groups = divisors[g.nextInt(in: 0...(divisors.count - 1))]
  let kernel = (g.nextInt(in: 1...5), g.nextInt(in: 1...5))
  let padding = Padding2D(
    top: g.nextInt(in: 0...(kernel.0 - 1)), bottom: g.nextInt(in: 0...(kernel.0 - 1)),
    left: g.nextInt(in: 0...(kernel.1 - 1)), right: g.nextInt(in: 0...(kernel.1 - 1)))
  return try? Conv2DGeometry(
    batch: g.nextInt(in: 1...3), inChannels: inChannels, height: g.nextInt(in: 1...12),
    width: g.nextInt(in: 1...12), outChannels: outChannels, kernel: kernel,
    stride: (g.nextInt(in: 1...3), g.nextInt(in: 1...3)), padding: padding,
    dilation: (g.nextInt(in: 1...3), g.nextInt(in: 1...3)), groups: groups, rounding: .floor)
}

extension Tensor {
  /// The element-wise magnitudes, for computing `Σ|terms|` with a reference.
  var magnitudes: Tensor { Tensor(shape: shape, scalars: scalars.map { abs($0) }) }
}

/// Runs `check` on random geometries from `draw` until `count` valid ones were checked,
/// skipping the configurations the geometry rejects (`draw` returns nil) and stopping after
/// 3 failures so a broken kernel does not flood the log. When nothing failed, at least
/// `minimum` configurations must have been valid, so a sweep cannot pass by checking few.
///
/// `check` draws its tensors from the same generator, so a seed fixes the whole sweep.
func sweepGeometries(
  seed: UInt64, count: Int = 320, minimum: Int = 300,
  draw: (inout SeededGenerator) -> Conv2DGeometry?,
  check: (Conv2DGeometry, inout SeededGenerator) -> Bool
) {
  var g = SeededGenerator(seed: seed)
  var checked = 0, attempts = 0, failures = 0
  while checked < count && attempts < 5000 && failures < 3 {
    attempts += 1
    guard let geometry = draw(&g) else { continue }
    checked += 1
    if !check(geometry, &g) { failures += 1 }
  }
  if failures == 0 {
    #expect(checked >= minimum, "only \(checked) valid configurations in \(attempts) attempts")
  }
}
