/// 2-D convolution (cross-correlation, as in PyTorch's `conv2d`) by im2col + GEMM.
///
/// ```
///   y[n, k, p, q] = b[k] + Σ_{c,r,s} w[k, c, r, s] · x[n, g·C/G + c, p·Sh + r·Dh − Pt, q·Sw + s·Dw − Pl]
///
///   x: (N, C, H, W)   w: (K, C/G, R, S)   b: (K) or nil   y: (N, K, P, Q)
/// ```
/// For each image and group: `Y_g (K/G × P·Q) = W_g (K/G × C/G·R·S) · col_g (C/G·R·S × P·Q)`.
///
/// Its scalar reference is `CrossCorrelation.conv2dReference`; the two agree to
/// Float rounding (tests sweep random configurations).
public func conv2d(
  input x: Tensor<Float>, weight w: Tensor<Float>, bias b: Tensor<Float>?,
  geometry g: Conv2DGeometry
) -> Tensor<Float> {
  precondition(x.shape == g.inputShape, "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  precondition(w.shape == g.weightShape, "weight shape \(w.shape) ≠ \(g.weightShape) for \(g)")
  if let b { precondition(b.shape == [g.outChannels], "bias shape \(b.shape) ≠ [\(g.outChannels)]") }
  var y = Tensor<Float>(zeros: g.outputShape)
  let cg = g.inChannelsPerGroup, kg = g.outChannelsPerGroup
  let columns = g.outHeight * g.outWidth
  let rows = cg * g.kernelHeight * g.kernelWidth
  var col = [Float](repeating: 0, count: rows * columns)
  x.scalars.withUnsafeBufferPointer { px in
    w.scalars.withUnsafeBufferPointer { pw in
      y.scalars.withUnsafeMutableBufferPointer { py in
        col.withUnsafeMutableBufferPointer { pcol in
          for n in 0..<g.batch {
            for group in 0..<g.groups {
              let xg = px.baseAddress! + (n * g.inChannels + group * cg) * g.height * g.width
              im2col(xg, channels: cg, geometry: g, into: pcol.baseAddress!)
              let yg = py.baseAddress! + (n * g.outChannels + group * kg) * columns
              gemm(m: kg, n: columns, k: rows, a: pw.baseAddress! + group * kg * rows, lda: rows,
                   b: pcol.baseAddress!, ldb: columns, c: yg, ldc: columns)
            }
          }
        }
      }
    }
  }
  if let b {
    for n in 0..<g.batch {
      for k in 0..<g.outChannels {
        let base = (n * g.outChannels + k) * columns
        for i in 0..<columns { y.scalars[base + i] += b[k] }
      }
    }
  }
  return y
}
