import CNNCore

// Cutting tensors apart and gluing them together along their first ("outer") axis:
// a channel of an image (C, H, W), a filter of a weight (K, C, R, S), a group of channels.

/// Element `index` of the first axis: a channel of (C, H, W) is an (H, W) plane.
///
/// ```
///   outerSlice(t, i)[…] = t[i, …]        t: (D₀, D₁, …)  →  (D₁, …)
/// ```
///
///     outerSlice(Tensor<Double>(rows: [[1, 2], [3, 4]]), 1).scalars   // [3, 4]
public func outerSlice<T: BinaryFloatingPoint & Sendable>(
  _ t: Tensor<T>, _ index: Int
) -> Tensor<T> {
  precondition(
    t.rank >= 1 && (0..<t.shape[0]).contains(index),
    "index \(index) is outside the first axis of shape \(t.shape)")
  let inner = Array(t.shape.dropFirst())
  let size = inner.reduce(1, *)
  return Tensor(shape: inner, scalars: Array(t.scalars[index * size..<(index + 1) * size]))
}

/// Elements `range` of the first axis, e.g. the channels of one group.
///
/// ```
///   outerSlice(t, lo..<hi)[i, …] = t[lo + i, …]      t: (D₀, …)  →  (hi − lo, …)
/// ```
public func outerSlice<T: BinaryFloatingPoint & Sendable>(
  _ t: Tensor<T>, _ range: Range<Int>
) -> Tensor<T> {
  precondition(
    t.rank >= 1 && range.lowerBound >= 0 && range.upperBound <= t.shape[0],
    "range \(range) is outside the first axis of shape \(t.shape)")
  let size = t.shape.dropFirst().reduce(1, *)
  return Tensor(
    shape: [range.count] + t.shape.dropFirst(),
    scalars: Array(t.scalars[range.lowerBound * size..<range.upperBound * size]))
}

/// Tensors of equal shape stacked along a new first axis: `K` maps (H, W) → (K, H, W).
///
///     outerStack([a, b]).shape   // [2] + a.shape
public func outerStack<T: BinaryFloatingPoint & Sendable>(_ parts: [Tensor<T>]) -> Tensor<T> {
  precondition(!parts.isEmpty, "outerStack needs at least one tensor")
  let shape = parts[0].shape
  precondition(
    parts.allSatisfy { $0.shape == shape },
    "outerStack needs equal shapes, got \(parts.map(\.shape))")
  return Tensor(shape: [parts.count] + shape, scalars: parts.flatMap(\.scalars))
}

/// Tensors joined along their existing first axis: (K₁, H, W) and (K₂, H, W) → (K₁ + K₂, H, W).
///
///     outerConcatenation([a, b]).shape[0]   // a.shape[0] + b.shape[0]
public func outerConcatenation<T: BinaryFloatingPoint & Sendable>(
  _ parts: [Tensor<T>]
) -> Tensor<T> {
  precondition(!parts.isEmpty, "outerConcatenation needs at least one tensor")
  let inner = Array(parts[0].shape.dropFirst())
  precondition(
    parts.allSatisfy { Array($0.shape.dropFirst()) == inner },
    "outerConcatenation needs equal inner shapes, got \(parts.map(\.shape))")
  let outer = parts.reduce(0) { $0 + $1.shape[0] }
  return Tensor(shape: [outer] + inner, scalars: parts.flatMap(\.scalars))
}
