import CNNCore

/// The kernel rotated by 180°: both of its last two axes reversed.
///
/// ```
///   k′[…, r, s] = k[…, R − 1 − r, S − 1 − s]
///
///   k: (…, R, S)   k′: (…, R, S)   (leading axes, e.g. filters and channels, are kept)
/// ```
///
///     try flipped180(Tensor<Double>(rows: [[0, 1], [2, 3]])).rows   // [[3, 2], [1, 0]]
///
/// Flipping twice gives the kernel back, and `corr2d(x, flipped180(k)) == convolve2d(x, k)`.
///
/// - Throws: `GeometryError` if `k` has fewer than two dimensions.
@inlinable
public func flipped180<T: BinaryFloatingPoint & Sendable>(_ k: Tensor<T>) throws -> Tensor<T> {
  guard k.rank >= 2 else {
    throw GeometryError("flipped180 needs a kernel of rank ≥ 2 (…, R, S), got shape \(k.shape)")
  }
  let kernelHeight = k.shape[k.rank - 2]
  let kernelWidth = k.shape[k.rank - 1]
  let planes = k.count / (kernelHeight * kernelWidth)  // the product of the leading axes
  var flipped = k
  for plane in 0..<planes {
    let base = plane * kernelHeight * kernelWidth
    for r in 0..<kernelHeight {
      for s in 0..<kernelWidth {
        flipped.scalars[base + r * kernelWidth + s] =
          k.scalars[base + (kernelHeight - 1 - r) * kernelWidth + (kernelWidth - 1 - s)]
      }
    }
  }
  return flipped
}
