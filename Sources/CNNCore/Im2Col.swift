/// Unfolds the receptive fields of one image and one group into the columns of a matrix,
/// so that convolution becomes a matrix product (`W_row · X_col`).
///
/// ```
///   col[(c·R + r)·S + s, p·Q + q] = x[c, p·Sh + r·Dh − Pt, q·Sw + s·Dw − Pl]   (0 outside)
///
///   x:   (C/G, H, W) — the channels of one group of one image
///   col: (C/G·R·S, P·Q)
/// ```
/// Example: the 227×227×3 input of AlexNet's first layer with 11×11 filters at stride 4
/// gives `col` of shape (3·11·11, 55·55) = (363, 3025).
public func im2col(
  _ x: UnsafePointer<Float>, channels: Int, geometry g: Conv2DGeometry,
  into col: UnsafeMutablePointer<Float>
) {
  let columns = g.outHeight * g.outWidth
  for c in 0..<channels {
    for r in 0..<g.kernelHeight {
      for s in 0..<g.kernelWidth {
        let row = (c * g.kernelHeight + r) * g.kernelWidth + s
        for p in 0..<g.outHeight {
          let h = p * g.strideHeight + r * g.dilationHeight - g.padding.top
          for q in 0..<g.outWidth {
            let v = q * g.strideWidth + s * g.dilationWidth - g.padding.left
            let inside = h >= 0 && h < g.height && v >= 0 && v < g.width
            col[row * columns + p * g.outWidth + q] = inside ? x[(c * g.height + h) * g.width + v] : 0
          }
        }
      }
    }
  }
}

/// The adjoint of `im2col`: adds every column entry back to the input position it came
/// from (positions read by several windows receive the sum). Used by the input gradient.
///
/// ```
///   dx[c, p·Sh + r·Dh − Pt, q·Sw + s·Dw − Pl] += col[(c·R + r)·S + s, p·Q + q]
/// ```
public func col2im(
  _ col: UnsafePointer<Float>, channels: Int, geometry g: Conv2DGeometry,
  addingInto dx: UnsafeMutablePointer<Float>
) {
  let columns = g.outHeight * g.outWidth
  for c in 0..<channels {
    for r in 0..<g.kernelHeight {
      for s in 0..<g.kernelWidth {
        let row = (c * g.kernelHeight + r) * g.kernelWidth + s
        for p in 0..<g.outHeight {
          let h = p * g.strideHeight + r * g.dilationHeight - g.padding.top
          guard h >= 0 && h < g.height else { continue }
          for q in 0..<g.outWidth {
            let v = q * g.strideWidth + s * g.dilationWidth - g.padding.left
            guard v >= 0 && v < g.width else { continue }
            dx[(c * g.height + h) * g.width + v] += col[row * columns + p * g.outWidth + q]
          }
        }
      }
    }
  }
}
