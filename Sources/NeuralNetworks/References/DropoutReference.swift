import CNNCore

/// Inverted dropout with a given keep-mask, written like its formula: the reference for the
/// `Dropout` layer.
///
/// ```
///   y[i] = x[i] · m[i] / (1 − p)          m[i] ∈ {0, 1}  (1 = kept)
/// ```
///
///     // x = [[2, 4]], m = [[1, 0]], p = 0.5: y = [[2·1/0.5, 0]] = [[4, 0]]
@inlinable
public func dropoutReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, mask m: Tensor<T>, rate p: T
) -> Tensor<T> {
  precondition(x.shape == m.shape, "mask \(m.shape) ≠ input \(x.shape)")
  var y = x
  for i in 0..<x.count { y.scalars[i] = x.scalars[i] * m.scalars[i] / (1 - p) }
  return y
}

/// Dropout's backward pass with the same mask: the gradient flows only through kept elements.
///
/// ```
///   dx[i] = dy[i] · m[i] / (1 − p)
/// ```
///
///     // dy = [[1, 1]], m = [[1, 0]], p = 0.5 → [[2, 0]]
@inlinable
public func dropoutBackwardReference<T: BinaryFloatingPoint & Sendable>(
  outputGradient dy: Tensor<T>, mask m: Tensor<T>, rate p: T
) -> Tensor<T> {
  dropoutReference(input: dy, mask: m, rate: p)
}
