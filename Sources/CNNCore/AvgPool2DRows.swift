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
///
/// A chunk walks its rows by additions (`PoolRowWalk`) and reads them in place, storing every
/// block whole, until its last rows (`PoolRowChunks.wholeStoresEnd`) or the tensor's last
/// rows (whose last block would read past `x`: a padded copy, `forwardRowSource`). On the
/// 12×12 planes of AlexNet's c5 (one block per row) the per-row bookkeeping done for every
/// row before was more than half a row's instructions (cachegrind: 85 → 52 per row).
func avgPool2x2Rows(
  _ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>, _ g: Pool2DGeometry
) {
  let chunks = PoolRowChunks(geometry: g, elementsPerRow: 2 * g.width)
  let xs = SharedConstPointer(x.baseAddress!), inputCount = x.count
  let ys = SharedPointer(y.baseAddress!)
  let (width, outWidth) = (g.width, g.outWidth)
  let reach = width + 16 * ((outWidth + 7) / 8) + 2
  let shared = (chunks, xs, ys, inputCount, width, outWidth, reach, g)
  Parallel.forEach(chunks: chunks.count, sharing: shared) { shared, chunk in
    let (chunks, xs, ys, inputCount, width, outWidth, reach, g) = shared
    let range = chunks.rows(of: chunk)
    var walk = PoolRowWalk(geometry: g, row: range.lowerBound)
    // Rows read in place with every block stored whole: no bookkeeping per block.
    let wholeEnd = chunks.wholeStoresEnd(range, outWidth: outWidth)
    while walk.r < wholeEnd && walk.start + reach <= inputCount {
      avgPool2x2Row(xs.base + walk.start, width, outWidth, ys.base + walk.r * outWidth, .max)
      walk.advance()
    }
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * width + 32) { scratch in
      while walk.r < range.upperBound {
        let row = forwardRowSource(
          xs.base, count: inputCount, start: walk.start, rows: 2, width: width, reach: reach,
          scratch: scratch.baseAddress!)
        avgPool2x2Row(
          row, width, outWidth, ys.base + walk.r * outWidth,
          (range.upperBound - walk.r) * outWidth)
        walk.advance()
      }
    }
  }
}

/// One output row, by blocks of eight. Lanes past the row average the next row's inputs
/// (see `maxPoolRow`); they are stored only while inside the chunk (`room`), where the next
/// row overwrites them.
@inline(__always)
private func avgPool2x2Row(
  _ row: UnsafePointer<Float>, _ width: Int, _ outWidth: Int, _ out: UnsafeMutablePointer<Float>,
  _ room: Int
) {
  var q = 0
  while q < outWidth {
    let mean = avgPool2x2Block(row + 2 * q, width)
    if q + 8 <= room {
      store8(mean, out + q)
    } else {
      storePrefix(mean, outWidth - q, out + q)
    }
    q += 8
  }
}

/// The means of eight 2×2 windows side by side, in natural order: input rows `source[0 ..< 16]`
/// and `source[width ..< width + 16]`. (Taken as `evenLanes`/`oddLanes` of 16 floats, natural
/// order at once; with the pairwise shuffles in block order and `blockOrder` at the end, the
/// optimizer moved that permutation into the operands and built the top row from eight
/// single-float inserts.)
@inline(__always)
private func avgPool2x2Block(_ source: UnsafePointer<Float>, _ width: Int) -> SIMD8<Float> {
  let top = load16(source), bottom = load16(source + width)
  var sum = SIMD8<Float>() + evenLanes(top)
  sum += oddLanes(top)
  sum += evenLanes(bottom)
  sum += oddLanes(bottom)
  return sum / 4
}

/// 2×2/2 average pooling two half blocks at a time (`PoolHalfBlocks`), for rows whose
/// outputs fill the lanes better that way (Q ≤ 4, `PoolHalfBlocks.fillLanesBetter`); the sums
/// as in `avgPool2x2Rows`.
func avgPool2x2HalfBlocks(
  _ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>, _ g: Pool2DGeometry
) {
  let chunks = PoolRowChunks(geometry: g, elementsPerRow: 2 * g.width)
  let xs = SharedConstPointer(x.baseAddress!), inputCount = x.count
  let ys = SharedPointer(y.baseAddress!)
  let width = g.width
  let shared = (chunks, xs, ys, inputCount, width, g)
  Parallel.forEach(chunks: chunks.count, sharing: shared) { shared, chunk in
    let (chunks, xs, ys, inputCount, width, g) = shared
    let rows = chunks.rows(of: chunk)
    let end = rows.upperBound * g.outWidth
    var half = PoolHalfBlocks(geometry: g, row: rows.lowerBound)
    while half.r < rows.upperBound {
      let (first, second) = half.takePair(before: rows.upperBound)
      if max(first.source, second.source) + width + 8 <= inputCount {
        let top = (load8(xs.base + first.source), load8(xs.base + second.source))
        let bottom = (
          load8(xs.base + first.source + width), load8(xs.base + second.source + width)
        )
        var sum = SIMD8<Float>() + evenLanes(top.0, top.1)
        sum += oddLanes(top.0, top.1)
        sum += evenLanes(bottom.0, bottom.1)
        sum += oddLanes(bottom.0, bottom.1)
        let mean = blockOrder(sum / 4)
        storeHalf(mean.lowHalf, first, end, ys.base)
        storeHalf(mean.highHalf, second, end, ys.base)
      } else {
        // The tensor's last windows, one at a time in the reference's order.
        for h in first.r == second.r && first.q == second.q ? [first] : [first, second] {
          for j in 0..<h.count {
            let start = h.source + 2 * j
            var sum: Float = 0
            for offset in [0, 1, width, width + 1] { sum += xs.base[start + offset] }
            ys.base[h.output + j] = sum / 4
          }
        }
      }
    }
  }
}

/// Stores a half block's four outputs, whole while inside the chunk (lanes past the row's end
/// hold the next row's first outputs, which a later half block stores again).
@inline(__always)
private func storeHalf(
  _ values: SIMD4<Float>, _ h: PoolHalfBlocks, _ end: Int, _ y: UnsafeMutablePointer<Float>
) {
  if h.output + 4 <= end {
    UnsafeMutableRawPointer(y + h.output).storeBytes(of: values, as: SIMD4<Float>.self)
  } else {
    for j in 0..<h.count { y[h.output + j] = values[j] }
  }
}
