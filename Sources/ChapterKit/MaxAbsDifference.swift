/// The largest absolute difference of two equally long lists, the number a chapter's
/// verification line reports (CNNCore's `maxAbsDifference` does the same for tensors).
///
/// ```
///   d = max_i |a[i] − b[i]|        (0 for empty lists)
/// ```
///
///     maxAbsDifference([1, 2, 3], [1, 2.5, 3])   // 0.5
public func maxAbsDifference<T: BinaryFloatingPoint>(_ a: [T], _ b: [T]) -> Double {
  precondition(a.count == b.count, "lengths differ: \(a.count) vs \(b.count)")
  return zip(a, b).reduce(0) { max($0, Double(abs($1.0 - $1.1))) }
}
