import CNNCore

/// A convolution layer's forward pass for one image (stride 1, no padding): `K` filters,
/// each as deep as the input, give `K` output channels, each offset by its own bias.
///
/// ```
///   y[k, i, j] = b[k] + Σ_c Σ_r Σ_s  w[k, c, r, s] · x[c, i + r, j + s]
///              = b[k] + corr2dMultiIn(x, w[k])[i, j]
///
///   x: (C, H, W)   w: (K, C, R, S)   b: (K) or nil   y: (K, H − R + 1, W − S + 1)
/// ```
///
///     // x as in corr2dMultiIn; w stacks k, k + 1, k + 2 (shape 3×2×2×2), no bias
///     try corr2dMultiInOut(x, w).scalars
///     // [56, 72, 104, 120,  76, 100, 148, 172,  96, 128, 192, 224]
///
/// It is `conv2dReference` with batch 1, stride 1, padding 0 and one group.
///
/// - Throws: `GeometryError` if the ranks or channel counts are wrong, the bias does
///   not have `K` elements, or the kernel is larger than the input.
@inlinable
public func corr2dMultiInOut<T: BinaryFloatingPoint & Sendable>(
  _ x: Tensor<T>, _ w: Tensor<T>, bias b: Tensor<T>? = nil
) throws -> Tensor<T> {
  try requireRank(x, 3, "input x", legend: "(C, H, W)")
  try requireRank(w, 4, "weight w", legend: "(K, C, R, S)")
  try requireEqual(x.shape[0], w.shape[1], "input channels C of x and of the weight w")
  let (filters, channels) = (w.shape[0], w.shape[1])
  let (kernelHeight, kernelWidth) = (w.shape[2], w.shape[3])
  if let b { try requireEqual(b.count, filters, "bias elements and filters K") }
  let outHeight = try outputSize(input: x.shape[1], kernel: kernelHeight, dimension: "height")
  let outWidth = try outputSize(input: x.shape[2], kernel: kernelWidth, dimension: "width")
  var y = Tensor<T>(zeros: [filters, outHeight, outWidth])
  for k in 0..<filters {
    for i in 0..<outHeight {
      for j in 0..<outWidth {
        var sum: T = b?[k] ?? 0
        for c in 0..<channels {
          for r in 0..<kernelHeight {
            for s in 0..<kernelWidth {
              sum += w[k, c, r, s] * x[c, i + r, j + s]
            }
          }
        }
        y[k, i, j] = sum
      }
    }
  }
  return y
}
