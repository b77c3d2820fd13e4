import CNNCore

/// im2col written like its formula: every receptive field of the input becomes one column
/// of a matrix, so that a convolution becomes one matrix product `W_row · X_col`.
/// The scalar reference for `CNNCore.im2col`.
///
/// ```
///   X_col[(c·R + r)·S + s, p·Q + q] = x[c, p·Sh + r·Dh − Pt, q·Sw + s·Dw − Pl]   (0 outside)
///
///   x: (C/G, H, W) — the channels of one group of one image (all of them when G = 1)
///   X_col: (C/G·R·S, P·Q)
/// ```
/// Row `(c·R + r)·S + s` is the same index as in a flattened filter `w[k]` of shape
/// (C/G, R, S), which is why `W_row` is simply the weight viewed as (K, C/G·R·S).
///
///     // AlexNet conv1: x (3, 227, 227), 11×11 kernels, stride 4
///     try im2colReference(x, geometry: g).shape   // [363, 3025]  (3·11·11, 55·55)
///
/// Memory: an input value is copied into every window that covers it, up to ⌈R/Sh⌉·⌈S/Sw⌉
/// times; for AlexNet conv1, X_col holds 1,098,075 numbers for 154,587 inputs (7.1×).
///
/// - Throws: `GeometryError` if `x` is not (C/G, H, W) for the geometry.
@inlinable
public func im2colReference<T: BinaryFloatingPoint & Sendable>(
  _ x: Tensor<T>, geometry g: Conv2DGeometry
) throws -> Tensor<T> {
  try requireRank(x, 3, "input x", legend: "(C/G, H, W)")
  guard x.shape == [g.inChannelsPerGroup, g.height, g.width] else {
    throw GeometryError(
      "im2col input must be one group of one image, (C/G, H, W) = "
        + "\([g.inChannelsPerGroup, g.height, g.width]) for \(g), got \(x.shape)")
  }
  let rows = g.inChannelsPerGroup * g.kernelHeight * g.kernelWidth
  let columns = g.outHeight * g.outWidth
  var col = Tensor<T>(zeros: [rows, columns])
  for c in 0..<g.inChannelsPerGroup {
    for r in 0..<g.kernelHeight {
      for s in 0..<g.kernelWidth {
        for p in 0..<g.outHeight {
          for q in 0..<g.outWidth {
            let h = p * g.strideHeight + r * g.dilationHeight - g.padding.top
            let v = q * g.strideWidth + s * g.dilationWidth - g.padding.left
            guard h >= 0, h < g.height, v >= 0, v < g.width else { continue }  // zero padding
            col[(c * g.kernelHeight + r) * g.kernelWidth + s, p * g.outWidth + q] = x[c, h, v]
          }
        }
      }
    }
  }
  return col
}
