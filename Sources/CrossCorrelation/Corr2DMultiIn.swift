import CNNCore

/// Cross-correlation of a multi-channel input with a kernel of the same depth: each
/// channel is correlated with its own kernel slice and the channel results are summed,
/// so `C` input channels give one output channel.
///
/// ```
///   y[i, j] = Σ_c Σ_r Σ_s  x[c, i + r, j + s] · k[c, r, s]   =   Σ_c corr2d(x[c], k[c])[i, j]
///
///   x: (C, H, W)   k: (C, R, S)   y: (H − R + 1, W − S + 1)
/// ```
///
///     // x[0] = 0…8, x[1] = 1…9 (3×3);  k[0] = [[0, 1], [2, 3]], k[1] = [[1, 2], [3, 4]]
///     try corr2dMultiIn(x, k).rows   // [[56, 72], [104, 120]]
///
/// - Throws: `GeometryError` if the ranks are wrong, the channel counts differ, or the
///   kernel is larger than the input.
@inlinable
public func corr2dMultiIn<T: BinaryFloatingPoint & Sendable>(
  _ x: Tensor<T>, _ k: Tensor<T>
) throws -> Tensor<T> {
  try requireRank(x, 3, "input x", legend: "(C, H, W)")
  try requireRank(k, 3, "kernel k", legend: "(C, R, S)")
  try requireEqual(x.shape[0], k.shape[0], "input channels C of x and of the kernel k")
  let (channels, kernelHeight, kernelWidth) = (k.shape[0], k.shape[1], k.shape[2])
  let outHeight = try outputSize(input: x.shape[1], kernel: kernelHeight, dimension: "height")
  let outWidth = try outputSize(input: x.shape[2], kernel: kernelWidth, dimension: "width")
  var y = Tensor<T>(zeros: [outHeight, outWidth])
  for i in 0..<outHeight {
    for j in 0..<outWidth {
      var sum: T = 0
      for c in 0..<channels {
        for r in 0..<kernelHeight {
          for s in 0..<kernelWidth {
            sum += x[c, i + r, j + s] * k[c, r, s]
          }
        }
      }
      y[i, j] = sum
    }
  }
  return y
}
