import CNNCore

/// A 1×1 convolution computed as one matrix product: at every pixel, the `C` channel values
/// are mixed by the same `K×C` matrix, so flattening the pixels into columns turns the whole
/// layer into `W · X`.
///
/// ```
///   y[k, i, j] = Σ_c  w[k, c] · x[c, i, j]
///   Y (K, H·W) = W (K, C) · X (C, H·W)        then Y is viewed as (K, H, W)
///
///   x: (C, H, W)   w: (K, C)   y: (K, H, W)
/// ```
/// It equals `corr2dMultiInOut(x, w.reshaped([K, C, 1, 1]))`: a 1×1 kernel looks at one
/// pixel, so it can only combine channels — a fully connected layer applied at every pixel.
///
///     // x: 2 channels of 1×2 pixels, [[1, 2]] and [[3, 4]]; w = [[1, 1], [1, −1]]
///     try conv1x1AsMatmul(x, w).scalars   // [4, 6, −2, −2]
///
/// - Throws: `GeometryError` if the ranks are wrong or `w` does not have `C` columns.
@inlinable
public func conv1x1AsMatmul<T: BinaryFloatingPoint & Sendable>(
  _ x: Tensor<T>, _ w: Tensor<T>
) throws -> Tensor<T> {
  try requireRank(x, 3, "input x", legend: "(C, H, W)")
  try requireRank(w, 2, "weight w", legend: "(K, C)")
  try requireEqual(x.shape[0], w.shape[1], "input channels C of x and columns of w")
  let (channels, height, width) = (x.shape[0], x.shape[1], x.shape[2])
  let pixels = x.reshaped([channels, height * width])  // X: one column per pixel
  let y = try matmulReference(w, pixels)  // Y = W·X: (K, H·W)
  return y.reshaped([w.shape[0], height, width])
}
