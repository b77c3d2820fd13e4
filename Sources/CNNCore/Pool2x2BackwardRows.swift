// Shapes: N = batch, C = channels, H/W = input height/width, P/Q = output height/width.

/// The input gradient of 2×2/2 max or average pooling without padding (floor or exact
/// rounding), every element written exactly once: the windows do not overlap, so an input
/// under window (p, q) gets that window's share and an input under no window (the last
/// column or row of an odd W or H) gets 0.
///
/// ```
///   max:      dx[2p + i, 2q + j] = argmax[p, q] == (2p + i)·W + 2q + j ? dy[p, q] : 0
///   average:  dx[2p + i, 2q + j] = 0 + dy[p, q] / 4          (the reference's rounding)
/// ```
/// Output rows run as one sequence over all planes (`PoolRowChunks`), eight outputs (two
/// rows of sixteen inputs) at a time. A row's blocks are written from the last to the first:
/// the lanes of its last block that lie past the row write garbage forward in memory, onto
/// inputs that this chunk writes later; a store that would cross the end of the chunk is
/// written element by element instead.
///
/// - Parameter argmax: the forward pass's argmax for max pooling, nil for average pooling.
/// - Returns: false if an argmax lies outside its window (dx then holds garbage; the caller
///   runs the general scatter, which accepts any index inside the plane).
func pool2x2BackwardRows(
  gradOutput dy: UnsafeBufferPointer<Float>, argmax: UnsafeBufferPointer<Int32>?,
  into dx: UnsafeMutableBufferPointer<Float>, geometry g: Pool2DGeometry
) -> Bool {
  let chunks = PoolRowChunks(geometry: g, elementsPerRow: 2 * g.width)
  let dys = SharedConstPointer(dy.baseAddress!), dxs = SharedPointer(dx.baseAddress!)
  let outputs = dy.count
  guard let argmax else {
    let shared = (dys, dxs, outputs, g, chunks)
    Parallel.forEach(chunks: chunks.count, sharing: shared) { shared, chunk in
      let (dys, dxs, outputs, g, chunks) = shared
      _ = backwardRows2x2(
        dys.base, dys.base, dxs.base, outputs, g, chunks.rows(of: chunk), isMax: false)
    }
    return true
  }
  // Each chunk records whether its indices all lay inside their windows (on the stack while
  // there are at most 1 024 chunks).
  return withUnsafeTemporaryAllocation(of: Bool.self, capacity: chunks.count) { inside in
    let args = SharedConstPointer(argmax.baseAddress!)
    let shared = (dys, args, dxs, outputs, g, chunks, SharedPointer(inside.baseAddress!))
    Parallel.forEach(chunks: chunks.count, sharing: shared) { shared, chunk in
      let (dys, args, dxs, outputs, g, chunks, inside) = shared
      inside.base[chunk] = backwardRows2x2(
        dys.base, args.base, dxs.base, outputs, g, chunks.rows(of: chunk), isMax: true)
    }
    return inside.allSatisfy { $0 }
  }
}

/// The output rows `range` of `pool2x2BackwardRows` (`argmax` is unused for the average).
/// Returns false if an argmax lay outside its window.
@inline(__always)
private func backwardRows2x2<Index>(
  _ dy: UnsafePointer<Float>, _ argmax: UnsafePointer<Index>, _ dx: UnsafeMutablePointer<Float>,
  _ outputs: Int, _ g: Pool2DGeometry, _ range: Range<Int>, isMax: Bool
) -> Bool {
  let (height, width, outHeight, outWidth) = (g.height, g.width, g.outHeight, g.outWidth)
  let planeSize = height * width
  let lastBlock = (outWidth - 1) / 8 * 8
  // The chunk owns the input rows of its output rows, up to the plane's end after a plane's
  // last output row; a store of sixteen floats at or below `lastWhole` stays inside.
  let last = range.upperBound - 1, lastP = (range.upperBound - 1) % outHeight
  let lastWhole = dx + (last / outHeight) * planeSize
    + (lastP == outHeight - 1 ? height : 2 * lastP + 2) * width - 16
  let (gapColumns, gapRows) = (width - 2 * outWidth, (height - 2 * outHeight) * width)
  let w = Int32(truncatingIfNeeded: width)
  let zero = SIMD8<Float>()
  var outside = SIMD8<Int32>()  // −1 in a lane once an argmax lay outside its window
  var (plane, p) = (range.lowerBound / outHeight, range.lowerBound % outHeight)
  var rows = dx + plane * planeSize + 2 * p * width  // input row 2p of the plane
  var rowIndex = Int32(truncatingIfNeeded: 2 * p * width)  // its index in the plane
  var first = range.lowerBound * outWidth  // the row's first output
  for _ in range {
    var q = lastBlock
    while true {
      var gradient = zero, winner = SIMD8<Int32>(repeating: -1)
      if first + q + 8 <= outputs {
        gradient = load8(dy + first + q)
        if isMax {
          winner = UnsafeRawPointer(argmax + first + q).loadUnaligned(as: SIMD8<Int32>.self)
        }
      } else {
        for j in 0..<(outputs - first - q) {
          gradient[j] = dy[first + q + j]
          if isMax {
            winner[j] = UnsafeRawPointer(argmax + first + q + j).load(as: Int32.self)
          }
        }
      }
      gradient = blockOrder(gradient)
      let top: (low: SIMD8<Float>, high: SIMD8<Float>)
      let bottom: (low: SIMD8<Float>, high: SIMD8<Float>)
      if isMax {
        winner = blockOrder(winner)
        let corner = SIMD8(repeating: rowIndex &+ Int32(truncatingIfNeeded: 2 * q))
          &+ blockLanes &* 2
        let (topLeft, topRight) = (winner .== corner, winner .== corner &+ 1)
        let (bottomLeft, bottomRight) = (winner .== corner &+ w, winner .== corner &+ (w &+ 1))
        let hit = (topLeft .| topRight) .| (bottomLeft .| bottomRight)
        // Lanes inside the row (blockLanes < count) are −1: the sign of the difference.
        let inRow = (blockLanes &- Int32(truncatingIfNeeded: min(8, outWidth - q))) &>> 31
        outside |= inRow & ~SIMD8<Int32>().replacing(with: -1, where: hit)
        top = interleavedBlock(
          zero.replacing(with: gradient, where: topLeft),
          zero.replacing(with: gradient, where: topRight))
        bottom = interleavedBlock(
          zero.replacing(with: gradient, where: bottomLeft),
          zero.replacing(with: gradient, where: bottomRight))
      } else {
        let share = zero + gradient / 4
        top = interleavedBlock(share, share)
        bottom = top
      }
      let target = rows + 2 * q
      if target + width <= lastWhole {
        store8(top.low, target)
        store8(top.high, target + 8)
        store8(bottom.low, target + width)
        store8(bottom.high, target + width + 8)
      } else {
        // The end of the chunk: element by element, only the row's own outputs.
        for j in 0..<min(8, outWidth - q) {
          let output = first + q + j
          for i in 0..<2 {
            for s in 0..<2 {
              let index = rowIndex &+ Int32(truncatingIfNeeded: i * width + 2 * (q + j) + s)
              target[i * width + 2 * j + s] =
                isMax
                ? (UnsafeRawPointer(argmax + output).load(as: Int32.self) == index
                  ? dy[output] : 0)
                : 0 + dy[output] / 4
            }
          }
        }
      }
      if q == 0 { break }
      q -= 8
    }
    if gapColumns > 0 {
      (rows + 2 * outWidth).update(repeating: 0, count: gapColumns)
      (rows + width + 2 * outWidth).update(repeating: 0, count: gapColumns)
    }
    rows += 2 * width
    rowIndex &+= 2 &* w
    first += outWidth
    p += 1
    if p == outHeight {
      if gapRows > 0 {
        rows.update(repeating: 0, count: gapRows)
        rows += gapRows
      }
      p = 0
      rowIndex = 0
    }
  }
  return outside == SIMD8()
}

/// The average-pooling case of `pool2x2BackwardRows` two half blocks at a time
/// (`PoolHalfBlocks`), for rows whose outputs fill the lanes better that way (Q = 4, 12, …):
/// each half block writes its sixteen inputs (eight of row 2p, eight of row 2p + 1) with two
/// whole stores, or element by element when it holds fewer than four outputs, so nothing is
/// written past a row. (For max pooling the same walk measured slower than the scatter.)
func avgPool2DBackwardHalves(
  gradOutput dy: UnsafeBufferPointer<Float>, into dx: UnsafeMutableBufferPointer<Float>,
  geometry g: Pool2DGeometry
) {
  let chunks = PoolRowChunks(geometry: g, elementsPerRow: 2 * g.width)
  let dys = SharedConstPointer(dy.baseAddress!), dxs = SharedPointer(dx.baseAddress!)
  let outputs = dy.count
  let shared = (dys, dxs, outputs, g, chunks)
  Parallel.forEach(chunks: chunks.count, sharing: shared) { shared, chunk in
    let (dys, dxs, outputs, g, chunks) = shared
    backwardHalves2x2(dys.base, dxs.base, outputs, g, chunks.rows(of: chunk))
  }
}

/// The output rows `range` of `avgPool2DBackwardHalves`.
@inline(__always)
private func backwardHalves2x2(
  _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ outputs: Int,
  _ g: Pool2DGeometry, _ range: Range<Int>
) {
  let (height, width, outHeight, outWidth) = (g.height, g.width, g.outHeight, g.outWidth)
  let (gapColumns, gapRows) = (width - 2 * outWidth, (height - 2 * outHeight) * width)
  var half = PoolHalfBlocks(geometry: g, row: range.lowerBound)
  while half.r < range.upperBound {
    let (first, second) = half.takePair(before: range.upperBound)
    // Both half blocks' gradients in natural order: lanes 0–3, then 4–7. Lanes past a row
    // read the next row's (at the tensor's end, nothing: 0).
    var gradient = SIMD8<Float>()
    if second.output + 4 <= outputs {
      gradient = SIMD8(
        lowHalf: UnsafeRawPointer(dy + first.output).loadUnaligned(as: SIMD4<Float>.self),
        highHalf: UnsafeRawPointer(dy + second.output).loadUnaligned(as: SIMD4<Float>.self))
    } else {
      for j in 0..<first.count { gradient[j] = dy[first.output + j] }
      for j in 0..<second.count { gradient[4 + j] = dy[second.output + j] }
    }
    // In block order, `interleavedBlock` puts each half block's eight inputs of a row
    // together (low: the first half block, high: the second).
    let share = SIMD8<Float>() + blockOrder(gradient) / 4
    let row = interleavedBlock(share, share)
    writeHalf(row.low, first, dx, dy, width, gapColumns, gapRows)
    if second.r != first.r || second.q != first.q {
      writeHalf(row.high, second, dx, dy, width, gapColumns, gapRows)
    }
  }
}

/// Writes one half block's inputs of rows 2p and 2p + 1 (whole stores for four outputs, else
/// element by element), and, after a row's last half block, the zeros no window covers.
@inline(__always)
private func writeHalf(
  _ shares: SIMD8<Float>, _ h: PoolHalfBlocks, _ dx: UnsafeMutablePointer<Float>,
  _ dy: UnsafePointer<Float>, _ width: Int, _ gapColumns: Int, _ gapRows: Int
) {
  let target = dx + h.source
  if h.count == 4 {
    store8(shares, target)
    store8(shares, target + width)
  } else {
    for j in 0..<h.count {
      let share = 0 + dy[h.output + j] / 4
      for i in 0..<2 {
        target[i * width + 2 * j] = share
        target[i * width + 2 * j + 1] = share
      }
    }
  }
  guard h.q + 4 >= h.outWidth else { return }  // not the row's last half block
  if gapColumns > 0 {
    let rowEnd = dx + h.rowStart + 2 * h.outWidth
    rowEnd.update(repeating: 0, count: gapColumns)
    (rowEnd + width).update(repeating: 0, count: gapColumns)
  }
  if gapRows > 0 && h.p == h.outHeight - 1 {
    (dx + h.rowStart + 2 * width).update(repeating: 0, count: gapRows)
  }
}
