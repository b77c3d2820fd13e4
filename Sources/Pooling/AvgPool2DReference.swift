import CNNCore

// Shapes: N = batch, C = channels, H/W = input height/width, P/Q = output height/width,
// R×S = the pooling window, Sh/Sw = stride, Pt/Pb/Pl/Pr = padding.

/// Average pooling written like its formula: the scalar reference for `CNNCore.avgPool2D`.
///
/// ```
///   y[n, c, p, q] = ( Σ_{r, s} x[n, c, p·Sh + r − Pt, q·Sw + s − Pl] ) / d(p, q)
///
///   x: (N, C, H, W)   y: (N, C, P, Q)     padding adds zero to the sum
///   d(p, q) = avgPool2DDivisorReference(…)
/// ```
///
///     let g = try Pool2DGeometry(batch: 1, channels: 1, height: 3, width: 3, kernel: 2,
///                                stride: 1)
///     avgPool2DReference(input: Tensor<Double>(shape: [1, 1, 3, 3],
///                                              scalars: [0, 1, 2, 3, 4, 5, 6, 7, 8]),
///                        geometry: g, countIncludePad: true)
///     // [[2, 3], [5, 6]]   ((0 + 1 + 3 + 4)/4 = 2, (1 + 2 + 4 + 5)/4 = 3, …)
///
/// - Complexity: `N·C·P·Q·R·S` additions.
@inlinable
public func avgPool2DReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, geometry g: Pool2DGeometry, countIncludePad: Bool = true
) -> Tensor<T> {
  precondition(x.shape == g.inputShape, "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  var y = Tensor<T>(zeros: g.outputShape)
  for n in 0..<g.batch {
    for c in 0..<g.channels {
      for p in 0..<g.outHeight {
        for q in 0..<g.outWidth {
          var sum: T = 0
          for r in 0..<g.kernelHeight {
            for s in 0..<g.kernelWidth {
              let h = p * g.strideHeight + r - g.padding.top
              let w = q * g.strideWidth + s - g.padding.left
              guard h >= 0, h < g.height, w >= 0, w < g.width else { continue }  // adds 0
              sum += x[n, c, h, w]
            }
          }
          let divisor = avgPool2DDivisorReference(
            row: p, column: q, geometry: g, countIncludePad: countIncludePad)
          y[n, c, p, q] = sum / T(divisor)
        }
      }
    }
  }
  return y
}

/// The divisor of average pooling at output `(p, q)`, counted cell by cell.
///
/// ```
///   countIncludePad:  #{(r, s) : −Pt ≤ h < H + Pb and −Pl ≤ w < W + Pr}  cells in the padded input
///   otherwise:        #{(r, s) : 0 ≤ h < H and 0 ≤ w < W}              cells in the real input
///   with h = p·Sh + r − Pt, w = q·Sw + s − Pl
/// ```
/// PyTorch's rule. With padding counted the divisor is `R·S`, except for a ceil-mode window
/// that hangs past the padded input: the cells beyond it are neither input nor padding.
/// `Pool2DGeometry.averageDivisor` computes the same number in closed form.
///
///     // 3×3/1, pad 1 on a 4×4 input, corner output (0, 0):
///     // 9 cells counted with padding; 2·2 = 4 without (one padded row and column)
@inlinable
public func avgPool2DDivisorReference(
  row p: Int, column q: Int, geometry g: Pool2DGeometry, countIncludePad: Bool
) -> Int {
  var cells = 0
  for r in 0..<g.kernelHeight {
    for s in 0..<g.kernelWidth {
      let h = p * g.strideHeight + r - g.padding.top
      let w = q * g.strideWidth + s - g.padding.left
      let inInput = h >= 0 && h < g.height && w >= 0 && w < g.width
      let inPaddedInput = h >= -g.padding.top && h < g.height + g.padding.bottom
        && w >= -g.padding.left && w < g.width + g.padding.right
      if countIncludePad ? inPaddedInput : inInput { cells += 1 }
    }
  }
  return cells
}

/// The input gradient of average pooling, written like its formula: the scalar reference for
/// `CNNCore.avgPool2DBackward`.
///
/// ```
///   ∂L/∂x[n, c, h, w] = Σ_{p, q : (h, w) in window (p, q)} ∂L/∂y[n, c, p, q] / d(p, q)
///
///   gradOutput: (N, C, P, Q)   result: (N, C, H, W)
/// ```
/// Every real element of a window contributed `x / d` to its output, so it receives `g / d`,
/// with the same divisor `d` as the forward pass (shares that fall on padding are dropped).
///
///     // 2×2/2 on a 2×2 input, gradOutput [[8]]: [[2, 2], [2, 2]]   (8 / 4 = 2)
@inlinable
public func avgPool2DBackwardReference<T: BinaryFloatingPoint & Sendable>(
  gradOutput dy: Tensor<T>, geometry g: Pool2DGeometry, countIncludePad: Bool = true
) -> Tensor<T> {
  precondition(dy.shape == g.outputShape, "gradOutput shape \(dy.shape) ≠ \(g.outputShape)")
  var dx = Tensor<T>(zeros: g.inputShape)
  for n in 0..<g.batch {
    for c in 0..<g.channels {
      for p in 0..<g.outHeight {
        for q in 0..<g.outWidth {
          let divisor = avgPool2DDivisorReference(
            row: p, column: q, geometry: g, countIncludePad: countIncludePad)
          for r in 0..<g.kernelHeight {
            for s in 0..<g.kernelWidth {
              let h = p * g.strideHeight + r - g.padding.top
              let w = q * g.strideWidth + s - g.padding.left
              guard h >= 0, h < g.height, w >= 0, w < g.width else { continue }
              dx[n, c, h, w] += dy[n, c, p, q] / T(divisor)
            }
          }
        }
      }
    }
  }
  return dx
}
