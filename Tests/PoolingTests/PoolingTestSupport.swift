import CNNCore
import Pooling
import Testing

// Helpers shared by the pooling tests: seeded random configurations and data, and
// comparisons that report the configuration, the first mismatches and the max difference.

/// A random pooling configuration in the sweep ranges, or nil when the geometry rejects it
/// (a window larger than the padded input, or windows that do not tile under `.exact`):
/// batch 1–3, channels 1–3, H 1–12, W 1–40 (wide rows reach the eight-column SIMD blocks),
/// window 1–4 per side, stride 1–3 per side, padding 0…⌊window/2⌋ per side (independent
/// sides in a quarter of the draws), rounding exact / floor / ceil.
func randomPoolGeometry(using g: inout SeededGenerator) -> Pool2DGeometry? {
  let kernel = (g.nextInt(in: 1...4), g.nextInt(in: 1...4))
  let stride = (g.nextInt(in: 1...3), g.nextInt(in: 1...3))
  let top = g.nextInt(in: 0...(kernel.0 / 2)), left = g.nextInt(in: 0...(kernel.1 / 2))
  let padding = g.nextInt(in: 0...3) == 0
    ? Padding2D(
      top: top, bottom: g.nextInt(in: 0...(kernel.0 / 2)), left: left,
      right: g.nextInt(in: 0...(kernel.1 / 2)))
    : Padding2D(height: top, width: left)
  let rounding = [Rounding.exact, .floor, .ceil][g.nextInt(in: 0...2)]
  return try? Pool2DGeometry(
    batch: g.nextInt(in: 1...3), channels: g.nextInt(in: 1...3), height: g.nextInt(in: 1...12),
    width: g.nextInt(in: 1...40), kernel: kernel, stride: stride, padding: padding,
    rounding: rounding)
}

/// `count` valid random configurations (drawing until that many are accepted).
func randomPoolGeometries(_ count: Int, seed: UInt64) -> [Pool2DGeometry] {
  var g = SeededGenerator(seed: seed)
  var result = [Pool2DGeometry]()
  while result.count < count {
    if let geometry = randomPoolGeometry(using: &g) { result.append(geometry) }
  }
  return result
}

/// A Float tensor of `shape` with elements in [−1, 1].
func randomTensor(_ shape: [Int], using g: inout SeededGenerator) -> Tensor<Float> {
  Tensor(shape: shape, uniformIn: -1...1, using: &g)
}

/// A Double tensor whose elements are all different, at least `gap` apart: a random
/// permutation of `0, gap, 2·gap, …`, shifted to be centred on zero. Max pooling is smooth
/// around such an input for steps below `gap/2`, so finite differences are exact there.
func tieFreeTensor(_ shape: [Int], gap: Double, using g: inout SeededGenerator) -> Tensor<Double> {
  let count = shape.reduce(1, *)
  var values = (0..<count).map { Double($0) * gap - Double(count) * gap / 2 }
  for i in stride(from: count - 1, to: 0, by: -1) { values.swapAt(i, g.nextInt(in: 0...i)) }
  return Tensor(shape: shape, scalars: values)
}

/// `"pool 3×2/1×2 pad … floor  2×7×31 → 2×…, N = 3"` plus the average mode when given.
func label(_ g: Pool2DGeometry, countIncludePad: Bool? = nil) -> String {
  var text = "\(g), N = \(g.batch)"
  if let countIncludePad { text += ", countIncludePad \(countIncludePad)" }
  return text
}

/// Nil when `|actual − expected| ≤ tolerance · max(1, |expected|)` everywhere; else the
/// configuration, the number and the first five mismatches, and the max difference.
func mismatches<T: BinaryFloatingPoint>(
  _ actual: [T], _ expected: [T], tolerance: Double, _ config: String
) -> String? {
  guard actual.count == expected.count else {
    return "\(config): \(actual.count) values, expected \(expected.count)"
  }
  var maxDiff = 0.0
  var bad = [String]()
  var badCount = 0
  for i in actual.indices {
    let a = Double(actual[i]), e = Double(expected[i])
    let diff = abs(a - e)
    maxDiff = max(maxDiff, diff.isNaN ? .infinity : diff)
    if !(diff <= tolerance * max(1, abs(e))) && !(a.isNaN && e.isNaN) {
      badCount += 1
      if bad.count < 5 { bad.append("[\(i)] \(a) vs \(e)") }
    }
  }
  guard badCount > 0 else { return nil }
  return "\(config): \(badCount) of \(actual.count) values differ, first "
    + bad.joined(separator: ", ") + "; max |diff| = \(maxDiff)"
}

/// Records an issue when `report` is not nil.
func expectNone(_ report: String?, sourceLocation: SourceLocation = #_sourceLocation) {
  if let report { Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation) }
}

/// The 3×3 input 0…8 of the chapter's first example, as a (1, 1, 3, 3) tensor.
func zeroToEight<T: BinaryFloatingPoint & Sendable>(_: T.Type = T.self) -> Tensor<T> {
  Tensor(shape: [1, 1, 3, 3], scalars: (0..<9).map { T($0) })
}

/// The rows of plane `(n, c)` of an NCHW tensor, for comparing with matrix literals.
func plane<T>(_ x: Tensor<T>, _ n: Int = 0, _ c: Int = 0) -> [[T]] {
  (0..<x.shape[2]).map { h in (0..<x.shape[3]).map { w in x[n, c, h, w] } }
}
