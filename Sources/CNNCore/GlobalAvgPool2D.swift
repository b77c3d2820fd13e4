// Shapes: N = batch, C = channels, H/W = height/width.

/// Global average pooling, vectorized: one mean per `(n, c)` plane.
///
/// ```
///   y[n, c, 0, 0] = (1 / (H·W)) · Σ_h Σ_w x[n, c, h, w]
///
///   x: (N, C, H, W)   y: (N, C, 1, 1)
/// ```
/// PyTorch's `adaptive_avg_pool2d(x, 1)`; average pooling with an H×W window. It has no
/// parameters and accepts any H×W, which is why a network that ends in it (instead of
/// flatten + a dense layer) takes images of any size. Its scalar reference is
/// `Pooling.globalAvgPool2DReference` (they agree to Float rounding: eight partial sums
/// here, one running sum there).
///
///     globalAvgPool2D(input: Tensor(shape: [1, 2, 1, 2], scalars: [1, 3, 10, 20]))
///     // shape [1, 2, 1, 1], scalars [2, 15]
public func globalAvgPool2D(input x: Tensor<Float>) -> Tensor<Float> {
  var y = Tensor<Float>.empty
  globalAvgPool2D(input: x, into: &y)
  return y
}

/// `globalAvgPool2D` into a tensor kept by the caller (see `Tensor.prepareForOverwrite`):
/// `y` takes the shape `(N, C, 1, 1)`. The same sums and bits.
public func globalAvgPool2D(input x: Tensor<Float>, into y: inout Tensor<Float>) {
  precondition(
    x.rank == 4 && x.count > 0, "globalAvgPool2D needs a non-empty NCHW tensor, shape \(x.shape)")
  let planes = x.shape[0] * x.shape[1]
  let planeSize = x.shape[2] * x.shape[3]
  if !y.hasShape(x.shape[0], x.shape[1], 1, 1) {
    y.prepareForOverwrite(shape: [x.shape[0], x.shape[1], 1, 1])
  }
  x.scalars.withUnsafeBufferPointer { px in
    y.scalars.withUnsafeMutableBufferPointer { py in
      let xs = SharedConstPointer(px.baseAddress!)
      let ys = SharedPointer(py.baseAddress!)
      let shared = (xs, ys, planeSize)
      forEachPlaneChunk(planes: planes, planeSize: planeSize, sharing: shared) { shared, chunk in
        let (xs, ys, planeSize) = shared
        for plane in chunk {
          let v = xs.base + plane * planeSize
          var lanes = SIMD8<Float>()
          var i = 0
          while i + 8 <= planeSize {
            lanes += UnsafeRawPointer(v + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
          }
          var sum = lanes.sum()
          while i < planeSize {
            sum += v[i]
            i += 1
          }
          ys.base[plane] = sum / Float(planeSize)
        }
      }
    }
  }
}

/// The input gradient of global average pooling: every element of a plane gets an equal
/// share of that plane's output gradient.
///
/// ```
///   ∂L/∂x[n, c, h, w] = ∂L/∂y[n, c, 0, 0] / (H·W)
///
///   gradOutput: (N, C, 1, 1)   result: inputShape = (N, C, H, W)
/// ```
/// Scalar reference: `Pooling.globalAvgPool2DBackwardReference` (identical results).
///
///     globalAvgPool2DBackward(gradOutput: Tensor(shape: [1, 1, 1, 1], scalars: [8]),
///                             inputShape: [1, 1, 2, 2])
///     // [[2, 2], [2, 2]] in shape [1, 1, 2, 2]   (8 / 4 = 2)
public func globalAvgPool2DBackward(
  gradOutput dy: Tensor<Float>, inputShape: [Int]
) -> Tensor<Float> {
  var dx = Tensor<Float>.empty
  globalAvgPool2DBackward(gradOutput: dy, inputShape: inputShape, into: &dx)
  return dx
}

/// `globalAvgPool2DBackward` into a tensor kept by the caller (see
/// `Tensor.prepareForOverwrite`): `dx` takes `inputShape`. The same values.
public func globalAvgPool2DBackward(
  gradOutput dy: Tensor<Float>, inputShape: [Int], into dx: inout Tensor<Float>
) {
  precondition(inputShape.count == 4, "inputShape must be NCHW, got \(inputShape)")
  precondition(
    dy.rank == 4 && dy.shape[0] == inputShape[0] && dy.shape[1] == inputShape[1]
      && dy.shape[2] == 1 && dy.shape[3] == 1,
    "gradOutput shape \(dy.shape) ≠ [\(inputShape[0]), \(inputShape[1]), 1, 1]")
  let planeSize = inputShape[2] * inputShape[3]
  dx.prepareForOverwrite(shape: inputShape)
  dy.scalars.withUnsafeBufferPointer { pdy in
    dx.scalars.withUnsafeMutableBufferPointer { pdx in
      for (plane, g) in pdy.enumerated() {
        (pdx.baseAddress! + plane * planeSize).update(
          repeating: g / Float(planeSize), count: planeSize)
      }
    }
  }
}
