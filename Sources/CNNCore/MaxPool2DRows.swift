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

/// What a max-pooling row kernel is specialised for: the window side (2 or 3) and whether it
/// applies the exact rule `v > best || v is NaN` or the fast one `v > best`. As a type, so
/// that every kernel is compiled once per variant with both as constants (as arguments they
/// stayed run-time tests in the inner loop, and the kernel was not inlined).
protocol MaxPoolVariant {
  static var kernel: Int { get }
  static var exact: Bool { get }
}

enum MaxPool2x2Fast: MaxPoolVariant {
  static var kernel: Int { 2 }
  static var exact: Bool { false }
}

enum MaxPool2x2Exact: MaxPoolVariant {
  static var kernel: Int { 2 }
  static var exact: Bool { true }
}

enum MaxPool3x3Fast: MaxPoolVariant {
  static var kernel: Int { 3 }
  static var exact: Bool { false }
}

enum MaxPool3x3Exact: MaxPoolVariant {
  static var kernel: Int { 3 }
  static var exact: Bool { true }
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
  let shared = (chunks, xs, ys, args, g, kernel, inputCount)
  Parallel.forEach(chunks: chunks.count, sharing: shared) { shared, chunk in
    let (chunks, xs, ys, args, g, kernel, inputCount) = shared
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * g.width + 32) { scratch in
      let pass = MaxPoolRowsPass(
        x: xs.base, inputCount: inputCount, y: ys.base, argmax: args.base, g: g,
        chunks: chunks, range: chunks.rows(of: chunk), scratch: scratch.baseAddress!)
      if kernel == 2 {
        if any(pass.run(MaxPool2x2Fast.self) .!= 0) { _ = pass.run(MaxPool2x2Exact.self) }
      } else {
        if any(pass.run(MaxPool3x3Fast.self) .!= 0) { _ = pass.run(MaxPool3x3Exact.self) }
      }
    }
  }
}

/// One pass of `maxPool2DRows` over the output rows `range` of a chunk: `run` returns the
/// NaN probe of a fast pass (0 for an exact one).
private struct MaxPoolRowsPass {
  let x: UnsafePointer<Float>, inputCount: Int
  let y: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>
  let g: Pool2DGeometry, chunks: PoolRowChunks, range: Range<Int>
  let scratch: UnsafeMutablePointer<Float>

  func run<V: MaxPoolVariant>(_: V.Type) -> SIMD8<Float> {
    let (width, outWidth) = (g.width, g.outWidth)
    let reach = (V.kernel - 1) * width + 16 * ((outWidth + 7) / 8) + 2
    var probe = SIMD8<Float>()
    var walk = PoolRowWalk(geometry: g, row: range.lowerBound)
    // Rows read in place with every block stored whole (`PoolRowChunks.wholeStoresEnd`).
    let wholeEnd = chunks.wholeStoresEnd(range, outWidth: outWidth)
    while walk.r < wholeEnd && walk.start + reach <= inputCount {
      let out = walk.r * outWidth
      probe += maxPoolRow(
        V.self, x + walk.start, width, outWidth, 2 * walk.p * width, y + out, argmax + out,
        .max)
      walk.advance()
    }
    while walk.r < range.upperBound {
      let row = forwardRowSource(
        x, count: inputCount, start: walk.start, rows: V.kernel, width: width, reach: reach,
        scratch: scratch)
      // A row may store whole blocks past its end (the next row overwrites them), but not
      // past the chunk's last output.
      let (out, room) = (walk.r * outWidth, (range.upperBound - walk.r) * outWidth)
      probe += maxPoolRow(
        V.self, row, width, outWidth, 2 * walk.p * width, y + out, argmax + out, room)
      walk.advance()
    }
    return probe
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
/// only while inside the chunk (`room`), where the next row overwrites them. Returns the NaN
/// probe `t − t` of a fast pass (0 for an exact one).
@inline(__always)
private func maxPoolRow<V: MaxPoolVariant>(
  _: V.Type, _ row: UnsafePointer<Float>, _ width: Int, _ outWidth: Int, _ indexBase: Int,
  _ out: UnsafeMutablePointer<Float>, _ outArg: UnsafeMutablePointer<Int32>, _ room: Int
) -> SIMD8<Float> {
  let kernel = V.kernel, exact = V.exact
  var probe = SIMD8<Float>()
  var q = 0
  while q < outWidth {
    var best = SIMD8<Float>(), position = SIMD8<Int32>(), sum = SIMD8<Float>()
    for r in 0..<kernel {
      // Best of this input row's window columns, as window positions r·W + s.
      let source = row + r * width + 2 * q
      let pairs = load16(source)
      var rowBest = evenLanes(pairs)
      var rowPosition = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: r * width))
      takeWinner(oddLanes(pairs), rowPosition &+ 1, &rowBest, &rowPosition, exact)
      if kernel == 3 {
        let shifted = load16(source + 2)
        let third = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: r * width + 2))
        takeWinner(evenLanes(shifted), third, &rowBest, &rowPosition, exact)
        if !exact { sum += (pairs.lowHalf + pairs.highHalf) + shifted.highHalf }
      } else if !exact {
        sum += pairs.lowHalf + pairs.highHalf
      }
      if r == 0 {
        best = rowBest
        position = rowPosition
      } else {
        takeWinner(rowBest, rowPosition, &best, &position, exact)
      }
    }
    if !exact { probe += sum - sum }
    let index = position
      &+ SIMD8(repeating: Int32(truncatingIfNeeded: indexBase + 2 * q)) &+ naturalLanes &* 2
    if q + 8 <= room {
      store8(best, out + q)
      UnsafeMutableRawPointer(outArg + q).storeBytes(of: index, as: SIMD8<Int32>.self)
    } else {
      storePrefix(best, outWidth - q, out + q)
      storePrefix(index, outWidth - q, outArg + q)
    }
    q += 8
  }
  return probe
}
