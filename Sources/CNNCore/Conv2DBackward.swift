/// The gradients of a 2-D convolution: a `LayerGradients` whose tensors are shaped
///
/// ```
///   input:  ∂L/∂x  (N, C, H, W)
///   weight: ∂L/∂w  (K, C/G, R, S)
///   bias:   ∂L/∂b  (K)
/// ```
///
///     let grads = conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: g)
///     grads.bias.scalars   // Σ over n, p, q of dy, per filter: [1] for dy = [[1, 0], [0, 0]]
public typealias Conv2DGradients<Scalar: BinaryFloatingPoint & Sendable> = LayerGradients<Scalar>

/// The backward pass of `conv2d`: from `dy = ∂L/∂y` to the gradients of input, weight and bias.
///
/// ```
///   dx[n, g·C/G + c, h, v] = Σ_{k in group g} Σ_{r,s} w[k, c, r, s] · dy[n, k, p, q]
///                              over the (p, q) with p·Sh + r·Dh − Pt = h, q·Sw + s·Dw − Pl = v
///   dw[k, c, r, s]         = Σ_{n,p,q} dy[n, k, p, q] · x[n, g·C/G + c, h, v]   (0 outside)
///                              with h = p·Sh + r·Dh − Pt, v = q·Sw + s·Dw − Pl
///   db[k]                  = Σ_{n,p,q} dy[n, k, p, q]
///
///   x: (N, C, H, W)   w: (K, C/G, R, S)   dy: (N, K, P, Q)
/// ```
/// As matrices, per image and group (`col_g = im2col(x_g)`):
/// `dx_g = col2im(W_gᵀ · dY_g)` and `dW_g = Σ_n dY_g · col_gᵀ`.
///
///     // x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]] (1×1×3×3), 2×2 kernel, dy = [[1, 0], [0, 0]]:
///     // only y[0, 0] matters, so dw = the window it saw = [[1, 2], [4, 5]], db = [1],
///     // and dx = w placed over that window (zero elsewhere).
///
/// For a 3×3 kernel at stride 1 (no dilation or groups, padding ≤ 2, C ≥ 9) `dx` is itself a
/// 3×3 stride-1 convolution, of `dy` padded by `2 − P` on each side with the filters turned by
/// 180° and their channels swapped, and is computed by Winograd's minimal filtering (F(2×2,
/// 3×3) or F(4×4, 3×3), see `conv2dWinograd`); `dw` and `db` keep the im2col + GEMM path.
///
/// Determinism: the batch is cut into fixed chunks of images (sized from the problem, not the
/// thread count); each chunk sums its own partial `dw` and `db`, and the partials are then
/// added in chunk order. `dx` of each image is written by one chunk only (the Winograd path
/// has its own fixed chunks of tiles and filters).
///
/// Its scalar reference is `CrossCorrelation.conv2dBackwardReference`; the two agree to
/// Float rounding (tests sweep random configurations). The Winograd `dx` does not sum in the
/// reference's order: it agrees within `1e-6` (2×2 tiles) or `3e-6` (4×4 tiles) of
/// `Σ|w|·|dy|` taken over the input window of each tile of `dx` (see `conv2dWinograd`).
/// - Complexity: `2·N·K·P·Q·(C/G)·R·S` multiply–adds (twice the forward pass).
public func conv2dBackward(
  input x: Tensor<Float>, weight w: Tensor<Float>, outputGradient dy: Tensor<Float>,
  geometry g: Conv2DGeometry
) -> Conv2DGradients<Float> {
  precondition(x.shape == g.inputShape, "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  precondition(w.shape == g.weightShape, "weight shape \(w.shape) ≠ \(g.weightShape) for \(g)")
  precondition(
    dy.shape == g.outputShape, "output gradient shape \(dy.shape) ≠ \(g.outputShape) for \(g)")
  let plan = ConvPlan(g)
  // Few input channels at stride 1 (C·R·S ≤ 75): the direct path (Conv2DDirect.swift), same
  // chunks.
  let direct = usesDirectConv(g, backward: true)
  // 3×3 at stride 1, padding ≤ 2: dx by Winograd (Conv2DWinograd.swift), after the chunks.
  let winograd = !direct && usesWinogradInputGradient(g)
  let weightCount = w.count
  // Fixed chunks of images: at least about 2¹⁹ multiply–adds each, and at most 64 chunks so
  // that the partial weight gradients stay small.
  let workPerImage = max(1, 2 * g.outChannels * plan.rows * plan.columns)
  let imagesPerChunk = max(1, (1 << 19) / workPerImage, (g.batch + 63) / 64)
  let chunks = (g.batch + imagesPerChunk - 1) / imagesPerChunk
  var dx = Tensor<Float>(zeros: g.inputShape)
  // Per chunk: its partial dw (K·C/G·R·S values), then its partial db (K values).
  let partialStride = weightCount + g.outChannels
  var partials = [Float](repeating: 0, count: chunks * partialStride)

  x.scalars.withUnsafeBufferPointer { px in
    w.scalars.withUnsafeBufferPointer { pw in
      dy.scalars.withUnsafeBufferPointer { pdy in
        dx.scalars.withUnsafeMutableBufferPointer { pdx in
          partials.withUnsafeMutableBufferPointer { pp in
            let sx = SharedConstPointer(px.baseAddress!), sw = SharedConstPointer(pw.baseAddress!)
            let sdy = SharedConstPointer(pdy.baseAddress!)
            let sdx = SharedPointer(pdx.baseAddress!), sp = SharedPointer(pp.baseAddress!)
            let chunk: @Sendable (Int, Bool) -> Void = { chunk, threadedGEMM in
              let images = chunk * imagesPerChunk..<min(g.batch, (chunk + 1) * imagesPerChunk)
              if direct {
                conv2dBackwardDirectChunk(
                  images: images, x: sx.base, w: sw.base, dy: sdy.base, dx: sdx.base,
                  partial: sp.base + chunk * partialStride, geometry: g)
                return
              }
              conv2dBackwardChunk(
                images: images, x: sx.base, w: sw.base, dy: sdy.base,
                dx: winograd ? nil : sdx.base, partial: sp.base + chunk * partialStride,
                geometry: g, plan: plan, threadedGEMM: threadedGEMM)
            }
            if chunks < 4 {
              for index in 0..<chunks { chunk(index, true) }
            } else {
              Parallel.forEach(chunks: chunks) { chunk($0, false) }
            }
            if winograd {
              conv2dWinogradInputGradient(
                dy: sdy.base, w: sw.base, dx: sdx.base, geometry: g)
            }
          }
        }
      }
    }
  }

  // Sum the partials in chunk order: element by element, so any split of the elements gives
  // the same sums.
  var sums = [Float](repeating: 0, count: partialStride)
  partials.withUnsafeBufferPointer { pp in
    sums.withUnsafeMutableBufferPointer { ps in
      for index in 0..<chunks {
        addRow(pp.baseAddress! + index * partialStride, into: ps.baseAddress!, count: partialStride)
      }
    }
  }
  return Conv2DGradients(
    input: dx,
    weight: Tensor(shape: g.weightShape, scalars: Array(sums[0..<weightCount])),
    bias: Tensor(shape: [g.outChannels], scalars: Array(sums[weightCount...])))
}

/// The images `images`: their `dx` in full (unless `dx` is nil), and their summed `dw` and
/// `db` into `partial` (which starts at zero).
private func conv2dBackwardChunk(
  images: Range<Int>, x: UnsafePointer<Float>, w: UnsafePointer<Float>,
  dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>?,
  partial: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry, plan: ConvPlan,
  threadedGEMM: Bool
) {
  let (rows, columns) = (plan.rows, plan.columns)
  let kg = g.outChannelsPerGroup, cg = g.inChannelsPerGroup
  let planeSize = g.height * g.width
  let dw = partial, db = partial + g.outChannels * rows
  plan.withColumnBuffer { col in
    plan.withColumnBuffer(needed: dx != nil) { colGradient in
      for n in images {
        for group in 0..<g.groups {
          let xg = x + (n * g.inChannels + group * cg) * planeSize
          let dyg = dy + (n * g.outChannels + group * kg) * columns
          let wg = w + group * kg * rows
          // db[k] += Σ_{p,q} dy[n, k, p, q]
          for k in 0..<kg { db[group * kg + k] += sumRow(dyg + k * columns, count: columns) }
          // dW_g += dY_g · col_gᵀ    (K/G × P·Q) · (P·Q × C/G·R·S)
          let matrix: UnsafePointer<Float>
          if let col {
            im2col(xg, channels: cg, geometry: g, into: col)
            matrix = UnsafePointer(col)
          } else {
            matrix = xg
          }
          gemmBlocked(
            m: kg, n: rows, k: columns, a: dyg, lda: columns, transposeA: false, b: matrix,
            ldb: columns, transposeB: true, c: dw + group * kg * rows, ldc: rows,
            accumulate: true, threaded: threadedGEMM)
          // dx_g = col2im(W_gᵀ · dY_g)    (C/G·R·S × K/G) · (K/G × P·Q)
          guard let dx else { continue }
          let dxg = dx + (n * g.inChannels + group * cg) * planeSize
          let target = colGradient ?? dxg  // 1×1 stride 1: straight into dx
          gemmBlocked(
            m: rows, n: columns, k: kg, a: wg, lda: rows, transposeA: true, b: dyg,
            ldb: columns, transposeB: false, c: target, ldc: columns, accumulate: false,
            threaded: threadedGEMM)
          if let colGradient { col2im(colGradient, channels: cg, geometry: g, addingInto: dxg) }
        }
      }
    }
  }
}
