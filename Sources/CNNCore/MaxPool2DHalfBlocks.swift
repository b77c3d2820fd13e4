// Shapes: N = batch, C = channels, H/W = input height/width, P/Q = output height/width.

/// Max pooling with 2×2/2 or 3×3/2 windows inside the input (`maxPoolRowKernel`), two half
/// blocks at a time. Each block takes the best of its windows' columns per input row, then the
/// best of the rows: the reference's fold in another bracketing, which selects the same
/// element (the last NaN if there is one, else the first maximum in row-major order).
///
/// A chunk first runs without the NaN test (`v > best` only) and adds `t − t` over the sums
/// `t` of everything it reads; that probe stays 0 unless a NaN (or an infinity) was read, and
/// then the chunk runs again with the exact rule `v > best || v is NaN`.
func maxPool2DHalfBlocks(
  _ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>,
  _ argmax: UnsafeMutableBufferPointer<Int32>, _ g: Pool2DGeometry, kernel: Int
) {
  let chunks = PoolRowChunks(geometry: g, elementsPerRow: 2 * g.width)
  let xs = SharedConstPointer(x.baseAddress!), inputCount = x.count
  let ys = SharedPointer(y.baseAddress!), args = SharedPointer(argmax.baseAddress!)
  // A half block reads 8 floats (3×3: 10) from each of its `kernel` input rows.
  let reach = (kernel - 1) * g.width + (kernel == 3 ? 10 : 8)
  let shared = (chunks, xs, ys, args, g, kernel, inputCount, reach)
  Parallel.forEach(chunks: chunks.count, sharing: shared) { shared, chunk in
    let (chunks, xs, ys, args, g, kernel, inputCount, reach) = shared
    let rows = chunks.rows(of: chunk)
    let end = rows.upperBound * g.outWidth
    func pass<V: MaxPoolVariant>(_: V.Type) -> SIMD8<Float> {
      var sum = SIMD8<Float>()
      var half = PoolHalfBlocks(geometry: g, row: rows.lowerBound)
      while half.r < rows.upperBound {
        let (first, second) = half.takePair(before: rows.upperBound)
        if max(first.source, second.source) + reach <= inputCount {
          maxPoolTwoHalves(V.self, xs.base, first, second, end, ys.base, args.base, &sum)
        } else {
          // The tensor's last windows: one output at a time, with the reference's rule.
          for h in first.r == second.r && first.q == second.q ? [first] : [first, second] {
            for j in 0..<h.count {
              let start = h.source + 2 * j
              var (best, at) = (xs.base[start], 0)
              for i in 0..<V.kernel {
                for s in 0..<V.kernel where i > 0 || s > 0 {
                  let v = xs.base[start + i * g.width + s]
                  if v > best || v.isNaN { (best, at) = (v, i * g.width + s) }
                }
              }
              ys.base[h.output + j] = best
              args.base[h.output + j] = h.corner &+ Int32(truncatingIfNeeded: 2 * j + at)
            }
          }
        }
      }
      return sum - sum
    }
    if kernel == 2 {
      if any(pass(MaxPool2x2Fast.self) .!= 0) { _ = pass(MaxPool2x2Exact.self) }
    } else {
      if any(pass(MaxPool3x3Fast.self) .!= 0) { _ = pass(MaxPool3x3Exact.self) }
    }
  }
}

/// Pools the half blocks `first` and `second` (lanes in block order: 0, 1, 4, 5 of the first,
/// 2, 3, 6, 7 of the second) and stores four outputs for each, whole while inside the chunk
/// (`end`): lanes past a row's end hold the next row's outputs, stored again by a later half.
@inline(__always)
private func maxPoolTwoHalves<V: MaxPoolVariant>(
  _: V.Type, _ x: UnsafePointer<Float>, _ first: PoolHalfBlocks, _ second: PoolHalfBlocks,
  _ end: Int, _ y: UnsafeMutablePointer<Float>, _ argmax: UnsafeMutablePointer<Int32>,
  _ sum: inout SIMD8<Float>
) {
  let width = first.width, kernel = V.kernel, exact = V.exact
  var best = SIMD8<Float>(), position = SIMD8<Int32>()
  for i in 0..<kernel {
    // Best of input row i's window columns, as window positions i·W + s.
    let a = load8(x + first.source + i * width), b = load8(x + second.source + i * width)
    let rowStart = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: i * width))
    var (rowBest, rowPosition) = (evenLanes(a, b), rowStart)
    takeWinner(oddLanes(a, b), rowStart &+ 1, &rowBest, &rowPosition, exact)
    if kernel == 3 {
      let c = load8(x + first.source + i * width + 2)
      let d = load8(x + second.source + i * width + 2)
      takeWinner(evenLanes(c, d), rowStart &+ 2, &rowBest, &rowPosition, exact)
      if !exact { sum += (a + b) + (c + d) }
    } else if !exact {
      sum += a + b
    }
    if i == 0 {
      (best, position) = (rowBest, rowPosition)
    } else {
      takeWinner(rowBest, rowPosition, &best, &position, exact)
    }
  }
  // Natural order: lanes 0–3 the first half block, 4–7 the second.
  let values = blockOrder(best)
  let corners = SIMD8<Int32>(
    lowHalf: SIMD4(repeating: first.corner), highHalf: SIMD4(repeating: second.corner))
  let index = blockOrder(position) &+ corners &+ SIMD8<Int32>(0, 2, 4, 6, 0, 2, 4, 6)
  storeHalf(values.lowHalf, index.lowHalf, first, end, y, argmax)
  storeHalf(values.highHalf, index.highHalf, second, end, y, argmax)
}

/// Stores a half block's four outputs, whole while inside the chunk (lanes past the row's end
/// hold the next row's first outputs, which a later half block stores again).
@inline(__always)
private func storeHalf(
  _ values: SIMD4<Float>, _ index: SIMD4<Int32>, _ h: PoolHalfBlocks, _ end: Int,
  _ y: UnsafeMutablePointer<Float>, _ argmax: UnsafeMutablePointer<Int32>
) {
  let o = h.output
  if o + 4 <= end {
    UnsafeMutableRawPointer(y + o).storeBytes(of: values, as: SIMD4<Float>.self)
    UnsafeMutableRawPointer(argmax + o).storeBytes(of: index, as: SIMD4<Int32>.self)
  } else {
    for j in 0..<h.count {
      y[o + j] = values[j]
      argmax[o + j] = index[j]
    }
  }
}
