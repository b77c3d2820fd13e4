// Shapes: N = batch, C = channels, H/W = input height/width, P/Q = output height/width.

/// The output rows of a chunk cut into *half blocks*: up to four consecutive outputs of one
/// output row (`q, q + 1, q + 2, q + 3`), walked in order over all rows and planes.
///
/// A block of eight SIMD lanes pools two half blocks, which may lie in different rows or
/// planes: the even (odd) lanes of two 8-float loads, one per half block, are one `vshufps`
/// whatever the two addresses. So rows of 4 or 12 outputs fill whole blocks, where blocks of
/// eight consecutive outputs of one row would leave half (a quarter) of the lanes idle.
struct PoolHalfBlocks {
  let width: Int, outWidth: Int, outHeight: Int, planeSize: Int
  /// The output row `r = plane·P + p` and column `q` of the half block.
  private(set) var r: Int, q: Int, p: Int
  /// The flat index of input row `2p` of the row's plane.
  private(set) var rowStart: Int

  /// Whether rows of `outWidth` outputs use the SIMD lanes at least 25 % better in half blocks
  /// (`4·⌈Q/4⌉` lanes per row) than in blocks of eight (`8·⌈Q/8⌉`): Q = 1–4, 9–12, 17–20
  /// (Q = 4: 4 lanes of 8 busy in blocks of one row, 8 in half blocks). Otherwise blocks of
  /// eight of one row are cheaper (one load per input row segment, one store per output row
  /// block): measured in cnn-bench, half blocks were 1.3–1.5× slower on rows of 13, 14 and
  /// 27 outputs, and about 1.4–1.8× faster on rows of 3, 4 and 12.
  static func fillLanesBetter(outWidth q: Int) -> Bool {
    5 * 4 * ((q + 3) / 4) <= 4 * 8 * ((q + 7) / 8)
  }

  init(geometry g: Pool2DGeometry, row: Int) {
    width = g.width; outWidth = g.outWidth; outHeight = g.outHeight
    planeSize = g.height * g.width
    r = row; q = 0; p = row % g.outHeight
    rowStart = (row / g.outHeight) * planeSize + 2 * p * width
  }

  /// The flat index of the first output.
  @inline(__always) var output: Int { r * outWidth + q }
  /// The flat index of the first input of the first window (row 2p, column 2q).
  @inline(__always) var source: Int { rowStart + 2 * q }
  /// That input's index inside its plane, as argmax records it.
  @inline(__always) var corner: Int32 { Int32(truncatingIfNeeded: 2 * p * width + 2 * q) }
  /// How many of the four outputs belong to the row.
  @inline(__always) var count: Int { min(4, outWidth - q) }

  @inline(__always)
  mutating func advance() {
    q += 4
    guard q >= outWidth else { return }
    (q, r, p) = (0, r + 1, p + 1)
    rowStart += 2 * width
    if p == outHeight { (p, rowStart) = (0, rowStart - 2 * outHeight * width + planeSize) }
  }
}

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
  Parallel.forEach(chunks: chunks.count) { chunk in
    let rows = chunks.rows(of: chunk)
    let end = rows.upperBound * g.outWidth
    func pass(exact: Bool) -> SIMD8<Float> {
      var sum = SIMD8<Float>()
      var half = PoolHalfBlocks(geometry: g, row: rows.lowerBound)
      while half.r < rows.upperBound {
        let first = half
        half.advance()
        // The last block of a chunk may have one half block only: its twin recomputes it.
        let second = half.r < rows.upperBound ? half : first
        if half.r < rows.upperBound { half.advance() }
        if max(first.source, second.source) + reach <= inputCount {
          if kernel == 2 {
            maxPoolTwoHalves(xs.base, first, second, 2, end, ys.base, args.base, exact, &sum)
          } else {
            maxPoolTwoHalves(xs.base, first, second, 3, end, ys.base, args.base, exact, &sum)
          }
        } else {
          // The tensor's last windows: one output at a time, with the reference's rule.
          for h in first.r == second.r && first.q == second.q ? [first] : [first, second] {
            for j in 0..<h.count {
              let start = h.source + 2 * j
              var (best, at) = (xs.base[start], 0)
              for i in 0..<kernel {
                for s in 0..<kernel where i > 0 || s > 0 {
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
    if any(pass(exact: false) .!= SIMD8<Float>()) { _ = pass(exact: true) }
  }
}

/// Takes `v` (at window positions `at`) into `best` where it wins: strictly larger, or NaN
/// when `exact` (the fast pass has checked that nothing it read was NaN).
@inline(__always)
private func take(
  _ v: SIMD8<Float>, _ at: SIMD8<Int32>, _ best: inout SIMD8<Float>,
  _ position: inout SIMD8<Int32>, _ exact: Bool
) {
  let wins = exact ? (v .> best) .| (v .!= v) : v .> best
  best.replace(with: v, where: wins)
  position.replace(with: at, where: wins)
}

/// Pools the half blocks `first` and `second` (lanes in block order: 0, 1, 4, 5 of the first,
/// 2, 3, 6, 7 of the second) and stores four outputs for each, whole while inside the chunk
/// (`end`): lanes past a row's end hold the next row's outputs, stored again by a later half.
@inline(__always)
private func maxPoolTwoHalves(
  _ x: UnsafePointer<Float>, _ first: PoolHalfBlocks, _ second: PoolHalfBlocks, _ kernel: Int,
  _ end: Int, _ y: UnsafeMutablePointer<Float>, _ argmax: UnsafeMutablePointer<Int32>,
  _ exact: Bool, _ sum: inout SIMD8<Float>
) {
  let width = first.width
  var best = SIMD8<Float>(), position = SIMD8<Int32>()
  for i in 0..<kernel {
    // Best of input row i's window columns, as window positions i·W + s.
    let a = load8(x + first.source + i * width), b = load8(x + second.source + i * width)
    let rowStart = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: i * width))
    var (rowBest, rowPosition) = (evenLanes(a, b), rowStart)
    take(oddLanes(a, b), rowStart &+ 1, &rowBest, &rowPosition, exact)
    if kernel == 3 {
      let c = load8(x + first.source + i * width + 2)
      let d = load8(x + second.source + i * width + 2)
      take(evenLanes(c, d), rowStart &+ 2, &rowBest, &rowPosition, exact)
      if !exact { sum += (a + b) + (c + d) }
    } else if !exact {
      sum += a + b
    }
    if i == 0 {
      (best, position) = (rowBest, rowPosition)
    } else {
      take(rowBest, rowPosition, &best, &position, exact)
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
