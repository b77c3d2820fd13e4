// Shapes: N = batch, C = channels, H/W = input height/width, P/Q = output height/width.
//
// The row kernels of 2×2/2 average pooling without padding (floor or exact rounding): all
// N·C·P output rows as one sequence (`PoolRowChunks`), eight outputs at a time.

/// Whether `g` is the 2×2/2 average pooling the row kernels handle: no padding, every window
/// inside the input, so every divisor is 4 and every input lies in at most one window.
func isAvgPool2x2Rows(_ g: Pool2DGeometry) -> Bool {
  g.kernelHeight == 2 && g.kernelWidth == 2 && g.strideHeight == 2 && g.strideWidth == 2
    && g.padding == Padding2D(0) && 2 * g.outHeight <= g.height && 2 * g.outWidth <= g.width
}

/// 2×2/2 average pooling by output rows. Each sum is `((0 + x₀₀) + x₀₁) + x₁₀) + x₁₁` divided
/// by 4, the reference's order, so the bits agree.
func avgPool2x2Rows(
  _ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>, _ g: Pool2DGeometry
) {
  let chunks = PoolRowChunks(geometry: g, elementsPerRow: 2 * g.width)
  let xs = SharedConstPointer(x.baseAddress!), inputCount = x.count
  let ys = SharedPointer(y.baseAddress!)
  let (width, planeSize, outWidth) = (g.width, g.height * g.width, g.outWidth)
  let reach = width + 16 * ((outWidth + 7) / 8) + 2
  Parallel.forEach(chunks: chunks.count) { chunk in
    let range = chunks.rows(of: chunk)
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * width + 32) { scratch in
      var (plane, p) = chunks.position(of: range.lowerBound)
      for r in range {
        let row = forwardRowSource(
          xs.base, count: inputCount, start: plane * planeSize + 2 * p * width, rows: 2,
          width: width, reach: reach, scratch: scratch.baseAddress!)
        let out = ys.base + r * outWidth, room = (range.upperBound - r) * outWidth
        var q = 0
        while q < outWidth {
          // Lanes past the row average the next row's inputs; see `maxPoolRow`.
          let a = load8(row + 2 * q), b = load8(row + 2 * q + 8)
          let c = load8(row + width + 2 * q), d = load8(row + width + 2 * q + 8)
          var sum = SIMD8<Float>() + evenLanes(a, b)
          sum += oddLanes(a, b)
          sum += evenLanes(c, d)
          sum += oddLanes(c, d)
          let mean = blockOrder(sum / 4)
          if q + 8 <= room {
            storeFloats(mean, out + q)
          } else {
            storePrefix(mean, outWidth - q, out + q)
          }
          q += 8
        }
        p += 1
        if p == g.outHeight { (plane, p) = (plane + 1, 0) }
      }
    }
  }
}
