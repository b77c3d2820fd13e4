import CNNCore

// Shape legend: N = batch, C = channels, H/W = height/width, K = filters,
// R/S = kernel height/width, P/Q = output height/width, G = groups.

/// Convolution as this chapter explains it: pad first, then slide the kernel over the
/// padded input with stride and dilation. With `mode: .zero` it is the scalar reference
/// for `CNNCore.conv2d`; the other modes give PyTorch's `Conv2d(padding_mode=…)`.
///
/// ```
///   x̃ = pad2dReference(x, g.padding, mode)                  (N, C, Pt + H + Pb, Pl + W + Pr)
///   y[n, k, p, q] = b[k] + Σ_c Σ_r Σ_s  w[k, c, r, s] · x̃[n, g·C/G + c, p·Sh + r·Dh, q·Sw + s·Dw]
///
///   x: (N, C, H, W)   w: (K, C/G, R, S)   b: (K) or nil   y: (N, K, P, Q)
/// ```
///
/// Output `(p, q)` reads padded rows `p·Sh, p·Sh + Dh, …, p·Sh + (R − 1)·Dh` — the
/// window starts move by the stride, the taps inside a window by the dilation.
///
///     // 5×5 input, 3×3 kernel 1…9, padding 1: y[0, 0] = 5·3 + 6·4 + 8·2 + 9·4 = 91
///
/// - Throws: `GeometryError` when `mode` cannot pad this much (see `PaddingMode.validate`).
@inlinable
public func paddedConv2dReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, weight w: Tensor<T>, bias b: Tensor<T>?, geometry g: Conv2DGeometry,
  mode: PaddingMode = .zero
) throws -> Tensor<T> {
  precondition(x.shape == g.inputShape, "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  precondition(w.shape == g.weightShape, "weight shape \(w.shape) ≠ \(g.weightShape) for \(g)")
  if let b {
    precondition(b.shape == [g.outChannels], "bias shape \(b.shape) ≠ [\(g.outChannels)]")
  }
  let padded = try pad2dReference(x, padding: g.padding, mode: mode)
  var y = Tensor<T>(zeros: g.outputShape)
  for n in 0..<g.batch {
    for k in 0..<g.outChannels {
      let group = k / g.outChannelsPerGroup
      for p in 0..<g.outHeight {
        for q in 0..<g.outWidth {
          var sum: T = b?[k] ?? 0
          for c in 0..<g.inChannelsPerGroup {
            for r in 0..<g.kernelHeight {
              for s in 0..<g.kernelWidth {
                let channel = group * g.inChannelsPerGroup + c
                let row = p * g.strideHeight + r * g.dilationHeight
                let column = q * g.strideWidth + s * g.dilationWidth
                sum += w[k, c, r, s] * padded[n, channel, row, column]
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
