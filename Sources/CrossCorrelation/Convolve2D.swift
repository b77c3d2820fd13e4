import CNNCore

/// Two-dimensional *convolution* in the mathematical sense, at the "valid" positions:
/// the kernel is read back to front (rotated by 180°) as it slides.
///
/// ```
///   y[i, j] = Σ_r Σ_s  x[i + r, j + s] · k[R − 1 − r, S − 1 − s]
///
///   x: (H, W)   k: (R, S)   y: (H − R + 1, W − S + 1)
/// ```
/// This is the part of the full convolution `(x ∗ k)[u, v] = Σ_m Σ_n x[m, n]·k[u − m, v − n]`
/// where the kernel lies entirely inside `x`, shifted so that it starts at (0, 0):
/// `y[i, j] = (x ∗ k)[i + R − 1, j + S − 1]`.
///
///     let x = Tensor<Double>(shape: [3, 3], scalars: [0, 1, 2, 3, 4, 5, 6, 7, 8])
///     let k = Tensor<Double>(rows: [[0, 1], [2, 3]])
///     try convolve2d(x, k).rows   // [[5, 11], [23, 29]] == corr2d(x, flipped180(k))
///
/// - Throws: `GeometryError` if a tensor is not rank 2 or the kernel is larger than `x`.
@inlinable
public func convolve2d<T: BinaryFloatingPoint & Sendable>(
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
          sum += x[i + r, j + s] * k[kernelHeight - 1 - r, kernelWidth - 1 - s]
        }
      }
      y[i, j] = sum
    }
  }
  return y
}
