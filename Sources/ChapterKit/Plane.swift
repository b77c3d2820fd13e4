import CNNCore

/// One H×W plane of a feature-map tensor, for printing with `matrixText` or `shadeText`.
///
/// ```
///   plane[h, w] = t[n, c, h, w]   (rank 4, NCHW)
///               = t[c, h, w]      (rank 3, CHW; n must be 0)
///               = t[h, w]         (rank 2; n and c must be 0)
///   t: (N, C, H, W), (C, H, W) or (H, W)   plane: (H, W)
/// ```
///
///     let t = Tensor<Float>(shape: [1, 2, 1, 2], scalars: [1, 2, 3, 4])
///     plane(t, 0, 1).rows   // [[3, 4]]
public func plane<T: BinaryFloatingPoint & Sendable>(
  _ t: Tensor<T>, _ n: Int = 0, _ c: Int = 0
) -> Tensor<T> {
  precondition(t.rank >= 2 && t.rank <= 4, "plane needs rank 2, 3 or 4, got \(t.shape)")
  let (h, w) = (t.shape[t.rank - 2], t.shape[t.rank - 1])
  let channels = t.rank >= 3 ? t.shape[t.rank - 3] : 1
  let images = t.rank == 4 ? t.shape[0] : 1
  precondition(
    n >= 0 && n < images && c >= 0 && c < channels,
    "plane (\(n), \(c)) is outside a tensor of shape \(t.shape)")
  let start = (n * channels + c) * h * w
  return Tensor(shape: [h, w], scalars: Array(t.scalars[start..<start + h * w]))
}
