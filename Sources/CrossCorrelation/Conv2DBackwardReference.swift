import CNNCore

/// The gradients of a 2-D convolution (cross-correlation) written like their formulas: the
/// scalar reference for `CNNCore.conv2dBackward`.
///
/// Forward, `y[n, k, p, q] = b[k] + Σ_{c,r,s} w[k, c, r, s] · x[n, g·C/G + c, h, v]` with
/// `h = p·Sh + r·Dh − Pt` and `v = q·Sw + s·Dw − Pl`. Each `x`, `w` and `b` enters linearly,
/// so with `dy = ∂L/∂y` the chain rule gives
///
/// ```
///   dx[n, g·C/G + c, h, v] = Σ_{k in group g} Σ_r Σ_s  w[k, c, r, s] · dy[n, k, p, q]
///                            for the (p, q) with p·Sh + r·Dh − Pt = h and q·Sw + s·Dw − Pl = v
///                            (terms whose p or q is not a whole index in range are absent)
///   dw[k, c, r, s] = Σ_n Σ_p Σ_q  dy[n, k, p, q] · x[n, g·C/G + c, h, v]    (0 outside)
///   db[k]          = Σ_n Σ_p Σ_q  dy[n, k, p, q]
///
///   x: (N, C, H, W)   w: (K, C/G, R, S)   dy: (N, K, P, Q)   g = k / (K/G)
/// ```
///
///     // x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], w = [[1, 0], [0, −1]], dy = [[1, 0], [0, 0]]:
///     // dw = [[1, 2], [4, 5]] (the window under y[0, 0]), db = [1],
///     // dx = [[1, 0, 0], [0, −1, 0], [0, 0, 0]] (w placed over that window)
///
/// - Complexity: `2·N·K·P·Q·(C/G)·R·S` multiply–adds, one at a time, plus the index tests.
@inlinable
public func conv2dBackwardReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, weight w: Tensor<T>, outputGradient dy: Tensor<T>, geometry g: Conv2DGeometry
) -> Conv2DGradients<T> {
  precondition(x.shape == g.inputShape, "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  precondition(w.shape == g.weightShape, "weight shape \(w.shape) ≠ \(g.weightShape) for \(g)")
  precondition(
    dy.shape == g.outputShape, "output gradient shape \(dy.shape) ≠ \(g.outputShape) for \(g)")
  let channelsPerGroup = g.inChannelsPerGroup
  let filtersPerGroup = g.outChannelsPerGroup

  // dx: for every input position, the filter taps that read it, and the output they fed.
  var dx = Tensor<T>(zeros: g.inputShape)
  for n in 0..<g.batch {
    for channel in 0..<g.inChannels {
      let group = channel / channelsPerGroup
      let c = channel % channelsPerGroup  // the channel's index inside its group's filters
      for h in 0..<g.height {
        for v in 0..<g.width {
          var sum: T = 0
          for k in group * filtersPerGroup..<(group + 1) * filtersPerGroup {
            for r in 0..<g.kernelHeight {
              for s in 0..<g.kernelWidth {
                // Solve h = p·Sh + r·Dh − Pt and v = q·Sw + s·Dw − Pl for p and q.
                let pTimesStride = h + g.padding.top - r * g.dilationHeight
                let qTimesStride = v + g.padding.left - s * g.dilationWidth
                guard pTimesStride >= 0, pTimesStride % g.strideHeight == 0,
                  qTimesStride >= 0, qTimesStride % g.strideWidth == 0
                else { continue }
                let p = pTimesStride / g.strideHeight, q = qTimesStride / g.strideWidth
                guard p < g.outHeight, q < g.outWidth else { continue }
                sum += w[k, c, r, s] * dy[n, k, p, q]
              }
            }
          }
          dx[n, channel, h, v] = sum
        }
      }
    }
  }

  // dw: every output's gradient times the input value the tap saw.
  var dw = Tensor<T>(zeros: g.weightShape)
  for k in 0..<g.outChannels {
    let group = k / filtersPerGroup
    for c in 0..<channelsPerGroup {
      for r in 0..<g.kernelHeight {
        for s in 0..<g.kernelWidth {
          var sum: T = 0
          for n in 0..<g.batch {
            for p in 0..<g.outHeight {
              for q in 0..<g.outWidth {
                let h = p * g.strideHeight + r * g.dilationHeight - g.padding.top
                let v = q * g.strideWidth + s * g.dilationWidth - g.padding.left
                guard h >= 0, h < g.height, v >= 0, v < g.width else { continue }
                sum += dy[n, k, p, q] * x[n, group * channelsPerGroup + c, h, v]
              }
            }
          }
          dw[k, c, r, s] = sum
        }
      }
    }
  }

  // db: the bias is added to every output of its filter.
  var db = Tensor<T>(zeros: [g.outChannels])
  for k in 0..<g.outChannels {
    var sum: T = 0
    for n in 0..<g.batch {
      for p in 0..<g.outHeight {
        for q in 0..<g.outWidth { sum += dy[n, k, p, q] }
      }
    }
    db[k] = sum
  }
  return Conv2DGradients(input: dx, weight: dw, bias: db)
}
