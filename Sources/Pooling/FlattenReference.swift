import CNNCore

/// Flatten written like its index formula: the scalar reference for `CNNCore.flatten`.
///
/// ```
///   y[n, (c·H + h)·W + w] = x[n, c, h, w]
///
///   x: (N, C, H, W)   y: (N, C·H·W)
/// ```
/// The loops write every element to the place it already has in a contiguous NCHW tensor,
/// which is why `flatten` itself can be a reshape.
///
///     flattenReference(Tensor<Double>(shape: [1, 2, 1, 2], scalars: [1, 2, 3, 4]))
///     // [[1, 2, 3, 4]]   (c = 1, h = 0, w = 1 → (1·1 + 0)·2 + 1 = 3: the fourth column)
@inlinable
public func flattenReference<T: BinaryFloatingPoint & Sendable>(_ x: Tensor<T>) -> Tensor<T> {
  precondition(x.rank == 4, "flattenReference needs an NCHW tensor, shape \(x.shape)")
  let (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
  var y = Tensor<T>(zeros: [batch, channels * height * width])
  for n in 0..<batch {
    for c in 0..<channels {
      for h in 0..<height {
        for w in 0..<width { y[n, (c * height + h) * width + w] = x[n, c, h, w] }
      }
    }
  }
  return y
}
