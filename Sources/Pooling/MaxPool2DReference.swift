import CNNCore

// Shapes: N = batch, C = channels, H/W = input height/width, P/Q = output height/width,
// R×S = the pooling window, Sh/Sw = stride, Pt/Pl = top/left padding.

/// Max pooling written like its formula: the scalar reference for `CNNCore.maxPool2D`.
///
/// ```
///   y[n, c, p, q] = max_{r, s} x[n, c, p·Sh + r − Pt, q·Sw + s − Pl]
///   argmax[n, c, p, q] = h·W + w of the maximum, counted inside the (n, c) plane
///
///   x: (N, C, H, W)   y, argmax: (N, C, P, Q)
/// ```
/// Padding is skipped: it never wins (PyTorch treats it as −∞). The first real element of the
/// window, in row-major `(r, s)` order, starts as the maximum; a later element replaces it only
/// if it is strictly larger or NaN. So ties go to the first maximum and NaN propagates, both
/// as in PyTorch.
///
///     let g = try Pool2DGeometry(batch: 1, channels: 1, height: 3, width: 3, kernel: 2,
///                                stride: 1)
///     maxPool2DReference(input: Tensor<Double>(shape: [1, 1, 3, 3],
///                                              scalars: [0, 1, 2, 3, 4, 5, 6, 7, 8]),
///                        geometry: g)
///     // output [[4, 5], [7, 8]], argmax [4, 5, 7, 8]
///
/// - Complexity: `N·C·P·Q·R·S` comparisons.
@inlinable
public func maxPool2DReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, geometry g: Pool2DGeometry
) -> (output: Tensor<T>, argmax: [Int]) {
  precondition(x.shape == g.inputShape, "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  var y = Tensor<T>(zeros: g.outputShape)
  var argmax = [Int](repeating: -1, count: y.count)
  for n in 0..<g.batch {
    for c in 0..<g.channels {
      for p in 0..<g.outHeight {
        for q in 0..<g.outWidth {
          var best: T = 0
          var winner = -1
          for r in 0..<g.kernelHeight {
            for s in 0..<g.kernelWidth {
              let h = p * g.strideHeight + r - g.padding.top
              let w = q * g.strideWidth + s - g.padding.left
              guard h >= 0, h < g.height, w >= 0, w < g.width else { continue }  // padding
              let v = x[n, c, h, w]
              if winner < 0 || v > best || v.isNaN {
                best = v
                winner = h * g.width + w
              }
            }
          }
          y[n, c, p, q] = best
          argmax[((n * g.channels + c) * g.outHeight + p) * g.outWidth + q] = winner
        }
      }
    }
  }
  return (y, argmax)
}

/// The input gradient of max pooling, written like its formula: the scalar reference for
/// `CNNCore.maxPool2DBackward`.
///
/// ```
///   ∂L/∂x[n, c, h, w] = Σ_{p, q : argmax[n, c, p, q] = h·W + w} ∂L/∂y[n, c, p, q]
///
///   gradOutput, argmax: (N, C, P, Q)   result: (N, C, H, W)
/// ```
/// Only the window's maximum influenced `y`, so only it receives the gradient; an element that
/// wins several overlapping windows receives the sum of their gradients.
///
///     // 2×2/1 on 0…8: argmax [4, 5, 7, 8]; gradOutput [[1, 2], [3, 4]] →
///     // [[0, 0, 0], [0, 1, 2], [0, 3, 4]]
@inlinable
public func maxPool2DBackwardReference<T: BinaryFloatingPoint & Sendable>(
  gradOutput dy: Tensor<T>, argmax: [Int], geometry g: Pool2DGeometry
) -> Tensor<T> {
  precondition(dy.shape == g.outputShape, "gradOutput shape \(dy.shape) ≠ \(g.outputShape)")
  precondition(argmax.count == dy.count, "\(argmax.count) argmax indices for \(dy.count) outputs")
  var dx = Tensor<T>(zeros: g.inputShape)
  for n in 0..<g.batch {
    for c in 0..<g.channels {
      for p in 0..<g.outHeight {
        for q in 0..<g.outWidth {
          let winner = argmax[((n * g.channels + c) * g.outHeight + p) * g.outWidth + q]
          dx[n, c, winner / g.width, winner % g.width] += dy[n, c, p, q]
        }
      }
    }
  }
  return dx
}
