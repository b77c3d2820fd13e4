// Shapes: N = batch, C = channels, H/W = input height/width, P/Q = output height/width.
//
// 2×2/2 pooling of planes 8 wide and of even height (Q = 4, P = H/2), such as the Keras
// model's c4 output, 128×128×8×8 → 4×4. The windows tile the tensor exactly, so output rows
// r and r + 1 (r counted over all N·C·P rows) read the 32 consecutive inputs
// 16r ..< 16r + 32 and write the 8 consecutive outputs 4r ..< 4r + 8: one block of eight
// lanes per two rows, with no walk over half blocks (`PoolHalfBlocks`), which cost about
// three times the time of reading the tensor on this shape.
//
//   inputs 16r + 0 … 7:   row 2p of output row r       (p = r mod P)
//   inputs 16r + 8 … 15:  row 2p + 1 of output row r
//   lanes, block order:   r: q = 0, 1 · r + 1: q = 0, 1 · r: q = 2, 3 · r + 1: q = 2, 3

/// Whether `g` is a 2×2/2 pooling without padding of planes 8 wide and of even height, which
/// the kernels of this file handle.
func isPool2x2OfWidth8(_ g: Pool2DGeometry) -> Bool {
  g.kernelHeight == 2 && g.kernelWidth == 2 && g.strideHeight == 2 && g.strideWidth == 2
    && g.padding == Padding2D(0) && g.width == 8 && g.outWidth == 4
    && g.height == 2 * g.outHeight
}

/// The output rows of a chunk two at a time: `body(r, pair)` for r = first, first + 2, …,
/// where `pair` is false for a lone last row.
@inline(__always)
private func forEachRowPair(_ rows: Range<Int>, _ body: (Int, Bool) -> Void) {
  var r = rows.lowerBound
  while r < rows.upperBound {
    body(r, r + 1 < rows.upperBound)
    r += 2
  }
}

/// The four input rows of output rows r and r + 1: (top, bottom) of r, then of r + 1 (for a
/// lone row, r's again).
@inline(__always)
private func inputRows(
  _ x: UnsafePointer<Float>, _ r: Int, _ pair: Bool
) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
  let source = x + 16 * r
  let (a, b) = (load8(source), load8(source + 8))
  return pair ? (a, b, load8(source + 16), load8(source + 24)) : (a, b, a, b)
}

/// Stores the natural-order outputs of rows r and r + 1 (only r's four for a lone row).
@inline(__always)
private func storeRowPair<T: SIMDScalar>(
  _ v: SIMD8<T>, _ y: UnsafeMutablePointer<T>, _ r: Int, _ pair: Bool
) {
  if pair {
    UnsafeMutableRawPointer(y + 4 * r).storeBytes(of: v, as: SIMD8<T>.self)
  } else {
    UnsafeMutableRawPointer(y + 4 * r).storeBytes(of: v.lowHalf, as: SIMD4<T>.self)
  }
}

/// 2×2/2 average pooling for `isPool2x2OfWidth8(g)`: each sum `((0 + x₀₀) + x₀₁) + x₁₀) + x₁₁`
/// divided by 4, the reference's order, so the bits agree.
func avgPool2x2OfWidth8(
  _ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>, _ g: Pool2DGeometry
) {
  let chunks = PoolRowChunks(geometry: g, elementsPerRow: 16)
  let shared = (chunks, SharedConstPointer(x.baseAddress!), SharedPointer(y.baseAddress!))
  Parallel.forEach(chunks: chunks.count, sharing: shared) { shared, chunk in
    let (chunks, xs, ys) = shared
    forEachRowPair(chunks.rows(of: chunk)) { r, pair in
      let (a, b, c, d) = inputRows(xs.base, r, pair)
      var sum = SIMD8<Float>() + evenLanes(a, c)
      sum += oddLanes(a, c)
      sum += evenLanes(b, d)
      sum += oddLanes(b, d)
      storeRowPair(blockOrder(sum / 4), ys.base, r, pair)
    }
  }
}

/// The input gradient of 2×2/2 average pooling for `isPool2x2OfWidth8(g)`: every input gets
/// `0 + dy/4` of its window's gradient (`avgPool2DBackward`'s value), written once.
func avgPool2x2BackwardOfWidth8(
  _ dy: UnsafeBufferPointer<Float>, _ dx: UnsafeMutableBufferPointer<Float>,
  _ g: Pool2DGeometry
) {
  let chunks = PoolRowChunks(geometry: g, elementsPerRow: 16)
  let shared = (chunks, SharedConstPointer(dy.baseAddress!), SharedPointer(dx.baseAddress!))
  Parallel.forEach(chunks: chunks.count, sharing: shared) { shared, chunk in
    let (chunks, dys, dxs) = shared
    forEachRowPair(chunks.rows(of: chunk)) { r, pair in
      let gradient = pair
        ? load8(dys.base + 4 * r)
        : SIMD8(
          lowHalf: UnsafeRawPointer(dys.base + 4 * r).loadUnaligned(as: SIMD4<Float>.self),
          highHalf: SIMD4())
      let s = SIMD8<Float>() + gradient / 4
      // Row r's four shares, each over its window's two columns, in rows 2p and 2p + 1.
      let first = SIMD8(s[0], s[0], s[1], s[1], s[2], s[2], s[3], s[3])
      let target = dxs.base + 16 * r
      store8(first, target)
      store8(first, target + 8)
      if pair {
        let second = SIMD8(s[4], s[4], s[5], s[5], s[6], s[6], s[7], s[7])
        store8(second, target + 16)
        store8(second, target + 24)
      }
    }
  }
}

/// 2×2/2 max pooling with its argmax for `isPool2x2OfWidth8(g)`: the best of each input row's
/// two columns, then of the two rows (the row kernels' bracketing, which selects the
/// reference's element: the last NaN if there is one, else the first maximum in row-major
/// order). A chunk runs without the NaN test first and again with it if its probe, `t − t`
/// over the sums `t` of everything it read, is not 0 (a NaN or an infinity was read).
func maxPool2x2OfWidth8(
  _ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>,
  _ argmax: UnsafeMutableBufferPointer<Int32>, _ g: Pool2DGeometry
) {
  let chunks = PoolRowChunks(geometry: g, elementsPerRow: 16)
  let shared = (
    chunks, SharedConstPointer(x.baseAddress!), SharedPointer(y.baseAddress!),
    SharedPointer(argmax.baseAddress!)
  )
  Parallel.forEach(chunks: chunks.count, sharing: shared) { shared, chunk in
    let (chunks, xs, ys, args) = shared
    let rows = chunks.rows(of: chunk)
    let probe = maxPool2x2OfWidth8Pass(
      MaxPool2x2Fast.self, xs.base, ys.base, args.base, rows, chunks)
    if any(probe .!= 0) {
      _ = maxPool2x2OfWidth8Pass(MaxPool2x2Exact.self, xs.base, ys.base, args.base, rows, chunks)
    }
  }
}

/// One pass of `maxPool2x2OfWidth8` over the output rows `rows`; returns its NaN probe (0 for
/// an exact pass).
private func maxPool2x2OfWidth8Pass<V: MaxPoolVariant>(
  _: V.Type, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
  _ argmax: UnsafeMutablePointer<Int32>, _ rows: Range<Int>, _ chunks: PoolRowChunks
) -> SIMD8<Float> {
  let exact = V.exact, outHeight = chunks.rowsPerPlane
  var sum = SIMD8<Float>()
  // p: row r's output row inside its plane; the argmax is (2p + i)·8 + 2q + j.
  var p = chunks.position(of: rows.lowerBound).p
  forEachRowPair(rows) { r, pair in
    let (a, b, c, d) = inputRows(x, r, pair)
    var best = evenLanes(a, c), position = SIMD8<Int32>(repeating: 0)
    takeWinner(oddLanes(a, c), SIMD8(repeating: 1), &best, &position, exact)
    var bottom = evenLanes(b, d), bottomPosition = SIMD8<Int32>(repeating: 8)
    takeWinner(oddLanes(b, d), SIMD8(repeating: 9), &bottom, &bottomPosition, exact)
    takeWinner(bottom, bottomPosition, &best, &position, exact)
    if !exact { sum += (a + b) + (c + d) }
    let next = p + 1 == outHeight ? 0 : p + 1
    let (top, below) = (Int32(truncatingIfNeeded: 16 * p), Int32(truncatingIfNeeded: 16 * next))
    let corner = SIMD8<Int32>(top, top, below, below, top, top, below, below)
      &+ SIMD8(0, 2, 0, 2, 4, 6, 4, 6)
    storeRowPair(blockOrder(best), y, r, pair)
    storeRowPair(blockOrder(position &+ corner), argmax, r, pair)
    p = next + 1 == outHeight ? 0 : next + 1
  }
  return sum - sum
}
