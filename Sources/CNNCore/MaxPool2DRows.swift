// Shapes: N = batch, C = channels, H/W = input height/width, P/Q = output height/width.
//
// The row kernels of max pooling for the common windows: 2×2/2 and 3×3/2 without padding,
// every window inside the input (floor or exact rounding). All N·C·P output rows form one
// sequence (`PoolRowChunks`), so small planes cost no more per element than large ones.

/// The window size `k` (2 or 3) when `g` is a `k×k/2` max pooling the row kernels handle:
/// no padding and no window past the input.
func maxPoolRowKernel(_ g: Pool2DGeometry) -> Int? {
  let k = g.kernelWidth
  guard g.kernelHeight == k && (k == 2 || k == 3) && g.strideHeight == 2
    && g.strideWidth == 2 && g.padding == Padding2D(0)
    && 2 * (g.outHeight - 1) + k <= g.height && 2 * (g.outWidth - 1) + k <= g.width
  else { return nil }
  return k
}

/// Max pooling by output rows for `maxPoolRowKernel(g) = kernel`.
///
/// Each block of eight outputs takes the best of its window's columns per row, then the best
/// of the rows (one `k·k` fold in another bracketing, which selects the same element: the
/// last NaN if there is one, else the first maximum in row-major order). A chunk first runs
/// without the NaN test (`v > best` only) and adds `t − t` over the sums `t` of everything it
/// reads; that probe stays 0 unless a NaN (or an infinity) was read, and then the chunk runs
/// again with the exact rule `v > best || v is NaN`.
func maxPool2DRows(
  _ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>,
  _ argmax: UnsafeMutableBufferPointer<Int32>, _ g: Pool2DGeometry, kernel: Int
) {
  let chunks = PoolRowChunks(geometry: g, elementsPerRow: 2 * g.width)
  let xs = SharedConstPointer(x.baseAddress!), inputCount = x.count
  let ys = SharedPointer(y.baseAddress!), args = SharedPointer(argmax.baseAddress!)
  let (width, planeSize, outWidth) = (g.width, g.height * g.width, g.outWidth)
  let reach = (kernel - 1) * width + 16 * ((outWidth + 7) / 8) + 2
  let shared = (chunks, xs, ys, args, g, kernel, inputCount, width, planeSize, outWidth, reach)
  Parallel.forEach(chunks: chunks.count, sharing: shared) { shared, chunk in
    let (chunks, xs, ys, args, g, kernel, inputCount, width, planeSize, outWidth, reach) = shared
    let range = chunks.rows(of: chunk)
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * width + 32) { scratch in
      // One pass over the chunk's rows; returns the NaN probe of a fast pass.
      func pass(exact: Bool) -> SIMD8<Float> {
        var probe = SIMD8<Float>()
        var (plane, p) = chunks.position(of: range.lowerBound)
        for r in range {
          let row = forwardRowSource(
            xs.base, count: inputCount, start: plane * planeSize + 2 * p * width, rows: kernel,
            width: width, reach: reach, scratch: scratch.baseAddress!)
          // A row may store whole blocks past its end (the next row overwrites them), but not
          // past the chunk's last output.
          let (out, room) = (r * outWidth, (range.upperBound - r) * outWidth)
          let (y, a, base) = (ys.base + out, args.base + out, 2 * p * width)
          if kernel == 2 {
            maxPoolRow(row, g, 2, base, y, a, room, exact, &probe)
          } else {
            maxPoolRow(row, g, 3, base, y, a, room, exact, &probe)
          }
          p += 1
          if p == g.outHeight { (plane, p) = (plane + 1, 0) }
        }
        return probe
      }
      if any(pass(exact: false) .!= 0) { _ = pass(exact: true) }
    }
  }
}

/// Takes `v` (at window positions `at`) into `best` where it wins: strictly larger, or NaN
/// when `exact` (the fast pass has checked that nothing it read was NaN).
@inline(__always)
func takeWinner(
  _ v: SIMD8<Float>, _ at: SIMD8<Int32>, _ best: inout SIMD8<Float>,
  _ position: inout SIMD8<Int32>, _ exact: Bool
) {
  let wins = exact ? (v .> best) .| (v .!= v) : v .> best
  best.replace(with: v, where: wins)
  position.replace(with: at, where: wins)
}

/// One output row: blocks of eight outputs, each from `kernel` input rows of sixteen (3×3:
/// eighteen) floats. Lanes past the row compute garbage from the next row; they are stored
/// only while inside the chunk (`room`), where the next row overwrites them.
@inline(__always)
private func maxPoolRow(
  _ row: UnsafePointer<Float>, _ g: Pool2DGeometry, _ kernel: Int, _ indexBase: Int,
  _ out: UnsafeMutablePointer<Float>, _ outArg: UnsafeMutablePointer<Int32>, _ room: Int,
  _ exact: Bool, _ probe: inout SIMD8<Float>
) {
  let width = g.width, outWidth = g.outWidth
  var q = 0
  while q < outWidth {
    var best = SIMD8<Float>(), position = SIMD8<Int32>(), sum = SIMD8<Float>()
    for r in 0..<kernel {
      // Best of this input row's window columns, as window positions r·W + s.
      let source = row + r * width + 2 * q
      let a = load8(source), b = load8(source + 8)
      // (Spelled as in `maxPoolTwoHalves`, with one `rowStart` vector, this loop ran 1.6×
      // slower in cnn-bench, and that one slower spelled like this: the optimizer's choice.)
      var rowBest = evenLanes(a, b)
      var rowPosition = SIMD8<Int32>(repeating: Int32(r * width))
      takeWinner(oddLanes(a, b), rowPosition &+ 1, &rowBest, &rowPosition, exact)
      if kernel == 3 {
        let c = load8(source + 2), d = load8(source + 10)
        let third = SIMD8<Int32>(repeating: Int32(r * width + 2))
        takeWinner(evenLanes(c, d), third, &rowBest, &rowPosition, exact)
        if !exact { sum += (a + b) + d }
      } else if !exact {
        sum += a + b
      }
      if r == 0 {
        best = rowBest
        position = rowPosition
      } else {
        takeWinner(rowBest, rowPosition, &best, &position, exact)
      }
    }
    if !exact { probe += sum - sum }
    let index = position &+ SIMD8(repeating: Int32(indexBase + 2 * q)) &+ blockLanes &* 2
    if q + 8 <= room {
      storeFloats(blockOrder(best), out + q)
      UnsafeMutableRawPointer(outArg + q).storeBytes(of: blockOrder(index), as: SIMD8<Int32>.self)
    } else {
      storePrefix(blockOrder(best), outWidth - q, out + q)
      storePrefix(blockOrder(index), outWidth - q, outArg + q)
    }
    q += 8
  }
}
