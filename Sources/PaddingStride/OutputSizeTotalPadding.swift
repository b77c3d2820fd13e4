import CNNCore

/// The output size in d2l's convention, where `p` is the *total* padding of an axis
/// (both sides together) rather than CS231n's padding per side.
///
/// ```
///   out = ⌊(n − k + p + s) / s⌋  =  ⌊(n − k + p) / s⌋ + 1
///
///   n input, k kernel, s stride, p total padding (p = 2P for P on each side)
/// ```
///
/// It is `outputSize(input: n, kernel: k, stride: s, padding: (⌊p/2⌋, p − ⌊p/2⌋),
/// rounding: .floor)` — CS231n's `(W − F + 2P)/S + 1` with PyTorch's floor — written
/// another way; the tests check the two on thousands of values.
///
///     try outputSizeTotalPadding(input: 8, kernel: 3, stride: 3, totalPadding: 2)  // ⌊10/3⌋ = 3
///     try outputSizeTotalPadding(input: 5, kernel: 3, totalPadding: 2)             // ⌊5/1⌋ = 5
///
/// - Throws: `GeometryError` when a size is < 1, `p < 0`, or the kernel is larger than the
///   padded input.
public func outputSizeTotalPadding(
  input n: Int, kernel k: Int, stride s: Int = 1, totalPadding p: Int = 0
) throws -> Int {
  guard n >= 1, k >= 1, s >= 1 else {
    throw GeometryError(
      "input, kernel and stride must be at least 1, got n = \(n), k = \(k), s = \(s)")
  }
  guard p >= 0 else { throw GeometryError("total padding must be non-negative, got p = \(p)") }
  guard k <= n + p else {
    throw GeometryError(
      "the kernel (k = \(k)) is larger than the padded input (n + p = \(n) + \(p) = \(n + p)); "
        + "use a smaller kernel or more padding")
  }
  return (n - k + p + s) / s
}
