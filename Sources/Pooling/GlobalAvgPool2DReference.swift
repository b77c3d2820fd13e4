import CNNCore

/// Global average pooling written like its formula: the scalar reference for
/// `CNNCore.globalAvgPool2D`.
///
/// ```
///   y[n, c, 0, 0] = (1 / (H·W)) · Σ_h Σ_w x[n, c, h, w]
///
///   x: (N, C, H, W)   y: (N, C, 1, 1)
/// ```
///
///     globalAvgPool2DReference(input: Tensor<Double>(shape: [1, 2, 1, 2],
///                                                    scalars: [1, 3, 10, 20]))
///     // shape [1, 2, 1, 1], scalars [2, 15]   ((1 + 3)/2, (10 + 20)/2)
@inlinable
public func globalAvgPool2DReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>
) -> Tensor<T> {
  precondition(x.rank == 4, "globalAvgPool2DReference needs an NCHW tensor, shape \(x.shape)")
  let (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
  var y = Tensor<T>(zeros: [batch, channels, 1, 1])
  for n in 0..<batch {
    for c in 0..<channels {
      var sum: T = 0
      for h in 0..<height {
        for w in 0..<width { sum += x[n, c, h, w] }
      }
      y[n, c, 0, 0] = sum / T(height * width)
    }
  }
  return y
}

/// The input gradient of global average pooling: the scalar reference for
/// `CNNCore.globalAvgPool2DBackward`.
///
/// ```
///   ∂L/∂x[n, c, h, w] = ∂L/∂y[n, c, 0, 0] / (H·W)
///
///   gradOutput: (N, C, 1, 1)   result: inputShape = (N, C, H, W)
/// ```
///
///     // gradOutput [[[[8]]]], inputShape [1, 1, 2, 2] → [[2, 2], [2, 2]]   (8 / 4)
@inlinable
public func globalAvgPool2DBackwardReference<T: BinaryFloatingPoint & Sendable>(
  gradOutput dy: Tensor<T>, inputShape: [Int]
) -> Tensor<T> {
  precondition(inputShape.count == 4, "inputShape must be NCHW, got \(inputShape)")
  let (batch, channels, height, width) = (
    inputShape[0], inputShape[1], inputShape[2], inputShape[3]
  )
  precondition(dy.shape == [batch, channels, 1, 1], "gradOutput shape \(dy.shape)")
  var dx = Tensor<T>(zeros: inputShape)
  for n in 0..<batch {
    for c in 0..<channels {
      for h in 0..<height {
        for w in 0..<width { dx[n, c, h, w] = dy[n, c, 0, 0] / T(height * width) }
      }
    }
  }
  return dx
}
