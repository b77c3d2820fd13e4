import CNNCore

/// 2-D convolution as deep-learning libraries define it (a cross-correlation), written
/// like its formula. The scalar reference for `CNNCore.conv2d`.
///
/// ```
///   y[n, k, p, q] = b[k] + Σ_c Σ_r Σ_s  w[k, c, r, s]
///                          · x[n, g·C/G + c, p·Sh + r·Dh − Pt, q·Sw + s·Dw − Pl]
///
///   x: (N, C, H, W)   w: (K, C/G, R, S)   b: (K)   y: (N, K, P, Q)
///   g = k / (K/G) is the group of filter k; c runs over that group's C/G channels;
///   positions outside the input read as zero (zero padding).
/// ```
///
/// - Complexity: `N·K·P·Q·(C/G)·R·S` multiply–adds, one at a time.
@inlinable
public func conv2dReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, weight w: Tensor<T>, bias b: Tensor<T>?, geometry g: Conv2DGeometry
) -> Tensor<T> {
  precondition(x.shape == g.inputShape, "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  precondition(w.shape == g.weightShape, "weight shape \(w.shape) ≠ \(g.weightShape) for \(g)")
  if let b {
    precondition(b.shape == [g.outChannels], "bias shape \(b.shape) ≠ [\(g.outChannels)]")
  }
  var y = Tensor<T>(zeros: g.outputShape)
  let channelsPerGroup = g.inChannelsPerGroup
  let filtersPerGroup = g.outChannelsPerGroup
  for n in 0..<g.batch {
    for k in 0..<g.outChannels {
      let group = k / filtersPerGroup
      for p in 0..<g.outHeight {
        for q in 0..<g.outWidth {
          var sum: T = b?[k] ?? 0
          for c in 0..<channelsPerGroup {
            for r in 0..<g.kernelHeight {
              for s in 0..<g.kernelWidth {
                let h = p * g.strideHeight + r * g.dilationHeight - g.padding.top
                let v = q * g.strideWidth + s * g.dilationWidth - g.padding.left
                guard h >= 0, h < g.height, v >= 0, v < g.width else { continue }
                sum += w[k, c, r, s] * x[n, group * channelsPerGroup + c, h, v]
              }
            }
          }
          y[n, k, p, q] = sum
        }
      }
    }
  }
  return y
}
