import CNNCore

/// Grouped cross-correlation for one image (stride 1, no padding): the `C` input channels
/// and the `K` filters are split into `G` groups, and the filters of group `g` see only
/// the channels of group `g`. `G = 1` is an ordinary layer; `G = C = K` is depthwise.
///
/// ```
///   y[k, i, j] = b[k] + Σ_{c < C/G} Σ_r Σ_s  w[k, c, r, s] · x[g·C/G + c, i + r, j + s]
///                with g = k / (K/G), the group of filter k
///
///   x: (C, H, W)   w: (K, C/G, R, S)   b: (K) or nil   y: (K, H − R + 1, W − S + 1)
/// ```
/// Equivalently: cut `x` into `G` blocks of `C/G` channels and `w` into `G` blocks of `K/G`
/// filters, run `corr2dMultiInOut` on each pair, and concatenate the `G` outputs.
/// Each filter has `C/G·R·S` weights instead of `C·R·S`: `G` times fewer.
///
///     // 4 channels, 2 groups of 2, 2 filters per group, 3×3 kernels on 5×5:
///     try corr2dGrouped(x, w, groups: 2).shape   // [4, 3, 3] with w.shape == [4, 2, 3, 3]
///
/// - Throws: `GeometryError` if `C` or `K` is not divisible by `G`, the weight's depth is
///   not `C/G`, the bias has the wrong length, or the kernel is larger than the input.
@inlinable
public func corr2dGrouped<T: BinaryFloatingPoint & Sendable>(
  _ x: Tensor<T>, _ w: Tensor<T>, groups: Int, bias b: Tensor<T>? = nil
) throws -> Tensor<T> {
  try requireRank(x, 3, "input x", legend: "(C, H, W)")
  try requireRank(w, 4, "weight w", legend: "(K, C/G, R, S)")
  let (channels, filters) = (x.shape[0], w.shape[0])
  guard groups >= 1, channels % groups == 0, filters % groups == 0 else {
    throw GeometryError(
      "groups \(groups) must divide both the input channels \(channels) and the filters "
        + "\(filters): every group needs the same number of each")
  }
  let channelsPerGroup = channels / groups
  let filtersPerGroup = filters / groups
  try requireEqual(w.shape[1], channelsPerGroup, "weight depth and C/G = \(channels)/\(groups)")
  if let b { try requireEqual(b.count, filters, "bias elements and filters K") }
  let (kernelHeight, kernelWidth) = (w.shape[2], w.shape[3])
  let outHeight = try outputSize(input: x.shape[1], kernel: kernelHeight, dimension: "height")
  let outWidth = try outputSize(input: x.shape[2], kernel: kernelWidth, dimension: "width")
  var y = Tensor<T>(zeros: [filters, outHeight, outWidth])
  for k in 0..<filters {
    let g = k / filtersPerGroup
    for i in 0..<outHeight {
      for j in 0..<outWidth {
        var sum: T = b?[k] ?? 0
        for c in 0..<channelsPerGroup {
          for r in 0..<kernelHeight {
            for s in 0..<kernelWidth {
              sum += w[k, c, r, s] * x[g * channelsPerGroup + c, i + r, j + s]
            }
          }
        }
        y[k, i, j] = sum
      }
    }
  }
  return y
}

/// Depthwise cross-correlation: every channel has its own single 2-D kernel, and the
/// channels are never mixed (`corr2dGrouped` with `G = C = K`).
///
/// ```
///   y[c, i, j] = Σ_r Σ_s  w[c, r, s] · x[c, i + r, j + s]   =   corr2d(x[c], w[c])[i, j]
///
///   x: (C, H, W)   w: (C, R, S)   y: (C, H − R + 1, W − S + 1)
/// ```
/// A 3×3 depthwise layer on 32 channels has 3·3·32 = 288 weights; a dense 3×3 layer
/// from 32 to 32 channels has 3·3·32·32 = 9,216.
///
///     try corr2dDepthwise(x, w).shape   // [32, 26, 26] for x: (32, 28, 28), w: (32, 3, 3)
///
/// - Throws: `GeometryError` if the ranks or channel counts are wrong or the kernel is
///   larger than the input.
@inlinable
public func corr2dDepthwise<T: BinaryFloatingPoint & Sendable>(
  _ x: Tensor<T>, _ w: Tensor<T>
) throws -> Tensor<T> {
  try requireRank(x, 3, "input x", legend: "(C, H, W)")
  try requireRank(w, 3, "weight w", legend: "(C, R, S)")
  try requireEqual(x.shape[0], w.shape[0], "input channels C of x and of the weight w")
  let (channels, kernelHeight, kernelWidth) = (w.shape[0], w.shape[1], w.shape[2])
  let outHeight = try outputSize(input: x.shape[1], kernel: kernelHeight, dimension: "height")
  let outWidth = try outputSize(input: x.shape[2], kernel: kernelWidth, dimension: "width")
  var y = Tensor<T>(zeros: [channels, outHeight, outWidth])
  for c in 0..<channels {
    for i in 0..<outHeight {
      for j in 0..<outWidth {
        var sum: T = 0
        for r in 0..<kernelHeight {
          for s in 0..<kernelWidth {
            sum += w[c, r, s] * x[c, i + r, j + s]
          }
        }
        y[c, i, j] = sum
      }
    }
  }
  return y
}
