import CNNCore
import CrossCorrelation

// Helpers shared by the chapter-2 tests: seeded random tensors and a comparison that
// explains a mismatch (configuration, first differing entries, max difference).

/// A tensor of small random integers, so sums of products are exact in Float and Double.
func integerTensor<T: BinaryFloatingPoint & Sendable>(
  _ shape: [Int], _ range: ClosedRange<Int> = -3...3, _ generator: inout SeededGenerator
) -> Tensor<T> {
  Tensor(
    shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in T(generator.nextInt(in: range)) })
}

/// nil when `got` and `want` agree within `tolerance`, else a report for the failure message.
func mismatch<T: BinaryFloatingPoint & Sendable>(
  _ got: Tensor<T>, _ want: Tensor<T>, tolerance: Double, _ configuration: String
) -> String? {
  guard got.shape == want.shape else {
    return "\(configuration): shape \(got.shape), expected \(want.shape)"
  }
  let differences = zip(got.scalars, want.scalars).map { Double(abs($0 - $1)) }
  let largest = differences.max() ?? 0
  guard largest > tolerance else { return nil }
  let first = differences.indices.filter { differences[$0] > tolerance }.prefix(3)
    .map { "[\($0)] got \(got.scalars[$0]), expected \(want.scalars[$0])" }
  return "\(configuration): max |diff| = \(largest) > \(tolerance); first: "
    + first.joined(separator: "; ")
}
