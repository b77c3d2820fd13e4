import CNNCore

/// Two-dimensional cross-correlation of one channel with one kernel, at the "valid"
/// positions only: the kernel slides over the input, and each output is the sum of the
/// products of the kernel with the window under it.
///
/// ```
///   y[i, j] = Σ_r Σ_s  x[i + r, j + s] · k[r, s]
///
///   x: (H, W)   k: (R, S)   y: (H − R + 1, W − S + 1)
/// ```
///
///     let x = Tensor<Double>(shape: [3, 3], scalars: [0, 1, 2, 3, 4, 5, 6, 7, 8])
///     let k = Tensor<Double>(rows: [[0, 1], [2, 3]])
///     try corr2d(x, k).rows   // [[19, 25], [37, 43]]
///
/// This is what deep-learning libraries call a convolution; the mathematical convolution
/// (chapter 1's `convolve2DReference`, mode `.valid`) equals `corr2d(x, rotated180(k))`.
///
/// - Throws: `GeometryError` if a tensor is not rank 2 or the kernel is larger than `x`.
/// - Complexity: `(H − R + 1)·(W − S + 1)·R·S` multiply–adds.
@inlinable
public func corr2d<T: BinaryFloatingPoint & Sendable>(
  _ x: Tensor<T>, _ k: Tensor<T>
) throws -> Tensor<T> {
  try requireRank(x, 2, "input x", legend: "(H, W)")
  try requireRank(k, 2, "kernel k", legend: "(R, S)")
  let (kernelHeight, kernelWidth) = (k.shape[0], k.shape[1])
  let outHeight = try outputSize(input: x.shape[0], kernel: kernelHeight, dimension: "height")
  let outWidth = try outputSize(input: x.shape[1], kernel: kernelWidth, dimension: "width")
  var y = Tensor<T>(zeros: [outHeight, outWidth])
  for i in 0..<outHeight {
    for j in 0..<outWidth {
      var sum: T = 0
      for r in 0..<kernelHeight {
        for s in 0..<kernelWidth {
          sum += x[i + r, j + s] * k[r, s]
        }
      }
      y[i, j] = sum
    }
  }
  return y
}
