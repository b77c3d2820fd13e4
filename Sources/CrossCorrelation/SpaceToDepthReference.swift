import CNNCore

/// A strided convolution rewritten as a stride-1 convolution of a rearranged input ("space to
/// depth"): every σ×σ block of the padded input becomes σ² channels, and the filters are
/// regrouped to match. The scalar reference for the rearrangement inside `CNNCore.conv2d`.
///
/// ```
///   z[n, (c·σ + u)·σ + v, i, j] = x[n, c, σ·i + u − Pt, σ·j + v − Pl]      (0 outside x)
///   w′[k, (c·σ + u)·σ + v, a, b] = w[k, c, σ·a + u, σ·b + v]             (0 past the kernel)
///
///   conv(x, w; stride σ, padding P) = conv(z, w′; stride 1, no padding)
///
///   x: (N, C, H, W)   w: (K, C, R, S)
///   z: (N, C·σ², P + R′ − 1, Q + S′ − 1)   w′: (K, C·σ², R′, S′),   R′ = ⌈R/σ⌉, S′ = ⌈S/σ⌉
/// ```
/// Why: tap `(r, s) = (σ·a + u, σ·b + v)` of output `(p, q)` reads the padded input at
/// `(σ·(p + a) + u, σ·(q + b) + v)`, which is `z[(c·σ + u)·σ + v, p + a, q + b]`.
///
///     // x = [[1, 2, 3, 4], [5, 6, 7, 8]] (1×1×2×4), 2×2 kernel w = [[1, 2], [3, 4]], σ = 2:
///     // z = 4 channels of 1×2: [1, 3], [2, 4], [5, 7], [6, 8];  w′ = [1, 2, 3, 4] (1×1 each)
///     // conv(z, w′) = [1 + 4 + 15 + 24, 3 + 8 + 21 + 32] = [44, 64] = conv(x, w; stride 2)
///
/// AlexNet's first layer (3 channels, 11×11 at stride 4) becomes 48 channels of 3×3.
/// - Throws: `GeometryError` if the strides differ, or with dilation or groups, or if `x`
///   or `w` do not have the geometry's shapes.
@inlinable
public func spaceToDepthReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, weight w: Tensor<T>, geometry g: Conv2DGeometry
) throws -> (input: Tensor<T>, weight: Tensor<T>, geometry: Conv2DGeometry) {
  guard g.strideHeight == g.strideWidth, g.dilationHeight == 1, g.dilationWidth == 1,
    g.groups == 1
  else {
    throw GeometryError(
      "space to depth needs the same stride both ways, no dilation and one group; got \(g)")
  }
  guard x.shape == g.inputShape, w.shape == g.weightShape else {
    throw GeometryError(
      "space to depth of \(g) needs x \(g.inputShape) (N, C, H, W) and w \(g.weightShape) "
        + "(K, C, R, S); got x \(x.shape), w \(w.shape)")
  }
  let stride = g.strideHeight
  let kernelHeight = (g.kernelHeight + stride - 1) / stride
  let kernelWidth = (g.kernelWidth + stride - 1) / stride
  let rearranged = try Conv2DGeometry(
    batch: g.batch, inChannels: g.inChannels * stride * stride,
    height: g.outHeight + kernelHeight - 1, width: g.outWidth + kernelWidth - 1,
    outChannels: g.outChannels, kernel: (kernelHeight, kernelWidth))
  var z = Tensor<T>(zeros: rearranged.inputShape)
  for n in 0..<g.batch {
    for c in 0..<g.inChannels {
      for u in 0..<stride {
        for v in 0..<stride {
          for i in 0..<rearranged.height {
            for j in 0..<rearranged.width {
              let h = stride * i + u - g.padding.top, col = stride * j + v - g.padding.left
              guard h >= 0, h < g.height, col >= 0, col < g.width else { continue }
              z[n, (c * stride + u) * stride + v, i, j] = x[n, c, h, col]
            }
          }
        }
      }
    }
  }
  var filters = Tensor<T>(zeros: rearranged.weightShape)
  for k in 0..<g.outChannels {
    for c in 0..<g.inChannels {
      for u in 0..<stride {
        for v in 0..<stride {
          for a in 0..<kernelHeight {
            for b in 0..<kernelWidth {
              let (r, s) = (stride * a + u, stride * b + v)
              guard r < g.kernelHeight, s < g.kernelWidth else { continue }
              filters[k, (c * stride + u) * stride + v, a, b] = w[k, c, r, s]
            }
          }
        }
      }
    }
  }
  return (z, filters, rearranged)
}
