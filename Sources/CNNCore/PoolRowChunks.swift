// Shapes: N = batch, C = channels, H/W = input height/width, P/Q = output height/width.
//
// What the row kernels of max and average pooling share: the output rows of all N·C planes
// taken as one sequence (so a 5×5 output plane costs no more per element than a 112×112 one),
// cut into chunks by problem size, walked in half blocks where that fills the SIMD lanes
// better, and the lane shuffles of the 2×2/2 and 3×3/2 blocks.

/// The output rows `(n, c, p)` of a pooling problem, numbered `r = (n·C + c)·P + p`, in chunks
/// of consecutive rows.
///
/// A chunk holds about 32 K elements of the rows' work (at least one row), so the chunking
/// depends on the problem size only, never on the thread count; each row is computed by one
/// thread, which keeps the row kernels bit-identical for any thread count.
struct PoolRowChunks {
  /// `N·C·P`, all output rows.
  let rows: Int
  let rowsPerChunk: Int
  /// `P`, the output rows of one plane.
  let rowsPerPlane: Int

  /// `elementsPerRow`: the elements one output row reads or writes (its share of the work).
  init(geometry g: Pool2DGeometry, elementsPerRow: Int) {
    rows = g.planes * g.outHeight
    rowsPerPlane = g.outHeight
    rowsPerChunk = max(1, (1 << 15) / max(1, elementsPerRow))
  }

  var count: Int { (rows + rowsPerChunk - 1) / rowsPerChunk }

  /// The rows of chunk `chunk`.
  func rows(of chunk: Int) -> Range<Int> {
    chunk * rowsPerChunk..<min(rows, (chunk + 1) * rowsPerChunk)
  }

  /// The plane and output row `(n·C + c, p)` of row `r`.
  @inline(__always)
  func position(of r: Int) -> (plane: Int, p: Int) { (r / rowsPerPlane, r % rowsPerPlane) }
}

extension PoolRowChunks {
  /// The end of the rows of `range` whose blocks of eight outputs a forward row kernel may
  /// store whole: a row's last block spills up to `8·⌈Q/8⌉ − Q` floats into the next rows'
  /// outputs (which those rows then overwrite), and that must stay inside the chunk, so the
  /// rows `r` with `(range.upperBound − r)·Q ≥ 8·⌈Q/8⌉`.
  func wholeStoresEnd(_ range: Range<Int>, outWidth q: Int) -> Int {
    let padded = 8 * ((q + 7) / 8)
    return max(range.lowerBound, range.upperBound - (padded + q - 1) / q + 1)
  }
}

/// A forward row kernel's walk over consecutive output rows: row `r = plane·P + p` and the
/// flat index `start` of its first input row (`2p` of its plane), advanced by additions only.
struct PoolRowWalk {
  private(set) var r: Int, p: Int, start: Int
  private let outHeight: Int, rowStep: Int, planeStep: Int

  init(geometry g: Pool2DGeometry, row: Int) {
    outHeight = g.outHeight
    rowStep = 2 * g.width
    // From input row 2P of a plane to row 0 of the next one.
    planeStep = (g.height - 2 * g.outHeight) * g.width
    r = row
    p = row % g.outHeight
    start = (row / g.outHeight) * g.height * g.width + p * rowStep
  }

  /// (Wrapping arithmetic, as in `PoolHalfBlocks`: the values are indices into the tensors.)
  @inline(__always)
  mutating func advance() {
    r &+= 1
    p &+= 1
    start &+= rowStep
    if p == outHeight { (p, start) = (0, start &+ planeStep) }
  }
}

/// The input rows a forward row kernel reads: `x + start` itself, or, when its last block
/// would read past the end of `x` (the last rows of the tensor), a copy of its `rows` input
/// rows in `scratch`, padded with zeros to `reach` floats.
///
/// A stride-2 row kernel with a `k`-row window reads up to `reach = (k − 1)·W + 16·⌈Q/8⌉ + 2`
/// floats from the start of its first input row: its last block of eight outputs reads past
/// the row, into the next one, and computes garbage there that is never kept.
@inline(__always)
func forwardRowSource(
  _ x: UnsafePointer<Float>, count: Int, start: Int, rows: Int, width: Int, reach: Int,
  scratch: UnsafeMutablePointer<Float>
) -> UnsafePointer<Float> {
  if start + reach <= count { return x + start }
  scratch.update(from: x + start, count: rows * width)
  (scratch + rows * width).update(repeating: 0, count: reach - rows * width)
  return UnsafePointer(scratch)
}

/// The output rows of a chunk cut into *half blocks*: up to four consecutive outputs of one
/// output row (`q, q + 1, q + 2, q + 3`), walked in order over all rows and planes.
///
/// A block of eight SIMD lanes pools two half blocks, which may lie in different rows or
/// planes: the even (odd) lanes of two 8-float loads, one per half block, are one `vshufps`
/// whatever the two addresses. So rows of 4 or 12 outputs fill whole blocks, where blocks of
/// eight consecutive outputs of one row would leave half (a quarter) of the lanes idle.
struct PoolHalfBlocks {
  let width: Int, outWidth: Int, outHeight: Int
  /// From input row 2P of a plane to row 0 of the next one (as in `PoolRowWalk`).
  let planeStep: Int
  /// The output row `r = plane·P + p` and column `q` of the half block.
  private(set) var r: Int, q: Int, p: Int
  /// The flat index of input row `2p` of the row's plane, and of the row's first output.
  private(set) var rowStart: Int, rowOutput: Int

  /// Whether rows of `outWidth` outputs use the SIMD lanes at least 25 % better in half blocks
  /// (`4·⌈Q/4⌉` lanes per row) than in blocks of eight (`8·⌈Q/8⌉`): Q = 1–4, 9–12, 17–20
  /// (Q = 4: 4 lanes of 8 busy in blocks of one row, 8 in half blocks). Otherwise blocks of
  /// eight of one row are cheaper (one load per input row segment, one store per output row
  /// block): measured in cnn-bench, half blocks were 1.3–1.5× slower on rows of 13, 14 and
  /// 27 outputs, and about 1.4–1.8× faster on rows of 3, 4 and 12.
  ///
  /// Average pooling (`average`) keeps half blocks for Q < 8 only: rows of 9–12 or 17–20
  /// outputs go by blocks of eight there. Its backward pass on the Keras model's c2 (Q = 12):
  /// 0.63–0.79 ms on 2 threads against 0.81–0.91 in half blocks, in alternating runs; its
  /// forward pass there, once the row kernel read its rows in place: 7.8 million instructions
  /// a call against 15.8 (cachegrind), 1.15–1.26× faster on 1 and 2 threads. (Max pooling's
  /// row kernel does more per block: on rows of 11 and 12 outputs it was as fast or slower.)
  static func fillLanesBetter(outWidth q: Int, average: Bool = false) -> Bool {
    5 * 4 * ((q + 3) / 4) <= 4 * 8 * ((q + 7) / 8) && (!average || q < 8)
  }

  init(geometry g: Pool2DGeometry, row: Int) {
    width = g.width; outWidth = g.outWidth; outHeight = g.outHeight
    planeStep = (g.height - 2 * g.outHeight) * g.width
    r = row; q = 0; p = row % g.outHeight
    rowStart = (row / g.outHeight) * g.height * g.width + 2 * p * width
    rowOutput = row * outWidth
  }

  // The index arithmetic below wraps instead of trapping on overflow (`&+`, `&*`): every
  // value is an index into the tensors, far below `Int.max`, and the overflow checks were
  // about a third of the walk's instructions (cachegrind, the Keras model's c2).

  /// The flat index of the first output.
  @inline(__always) var output: Int { rowOutput &+ q }
  /// The flat index of the first input of the first window (row 2p, column 2q).
  @inline(__always) var source: Int { rowStart &+ 2 &* q }
  /// That input's index inside its plane, as argmax records it.
  @inline(__always) var corner: Int32 { Int32(truncatingIfNeeded: 2 &* (p &* width &+ q)) }
  /// How many of the four outputs belong to the row.
  @inline(__always) var count: Int { min(4, outWidth &- q) }

  @inline(__always)
  mutating func advance() {
    q &+= 4
    guard q >= outWidth else { return }
    (q, r, p) = (0, r &+ 1, p &+ 1)
    rowStart &+= 2 &* width
    rowOutput &+= outWidth
    if p == outHeight { (p, rowStart) = (0, rowStart &+ planeStep) }
  }

  /// The next two half blocks of a walk over the output rows before `end`, and the walk
  /// moved past them. When only one is left, the second is the first again (its twin
  /// recomputes or rewrites the same outputs).
  @inline(__always)
  mutating func takePair(before end: Int) -> (first: PoolHalfBlocks, second: PoolHalfBlocks) {
    let first = self
    advance()
    let second = r < end ? self : first
    if r < end { advance() }
    return (first, second)
  }
}

// MARK: - Lane shuffles
//
// A block of eight stride-2 outputs q ..< q + 8 reads sixteen inputs a = x[2q ..< 2q + 8] and
// b = x[2q + 8 ..< 2q + 16] of a row. Taking the even (or odd) elements of each 128-bit half
// is one `vshufps`, and leaves the outputs in the lane order q + (0, 1, 4, 5, 2, 3, 6, 7); the
// kernels compute in that order and restore the natural one once, at the end (`blockOrder`,
// one `vpermpd`, is its own inverse).

/// The lane order of a block: lane i holds output `q + blockLanes[i]`. (A computed constant: a
/// global `let` would cost a `swift_once` call at every use in the kernels.)
@inline(__always)
var blockLanes: SIMD8<Int32> { SIMD8(0, 1, 4, 5, 2, 3, 6, 7) }

/// `0, 1, …, 7`: the lane order of a block taken with `evenLanes(SIMD16)` and
/// `oddLanes(SIMD16)`, lane i holding output `q + i`.
@inline(__always)
var naturalLanes: SIMD8<Int32> { SIMD8(0, 1, 2, 3, 4, 5, 6, 7) }

/// `[a0, a2, b0, b2, a4, a6, b4, b6]`: the window-column-0 inputs of a block in block order.
@inline(__always)
func evenLanes(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
  SIMD8(a[0], a[2], b[0], b[2], a[4], a[6], b[4], b[6])
}

/// `[a1, a3, b1, b3, a5, a7, b5, b7]`: the window-column-1 inputs of a block in block order.
@inline(__always)
func oddLanes(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
  SIMD8(a[1], a[3], b[1], b[3], a[5], a[7], b[5], b[7])
}

/// Swaps lanes 2, 3 with 4, 5: natural order ↔ block order.
@inline(__always)
func blockOrder<T: SIMDScalar>(_ v: SIMD8<T>) -> SIMD8<T> {
  SIMD8(v[0], v[1], v[4], v[5], v[2], v[3], v[6], v[7])
}

/// The sixteen values `v0, w0, v1, w1, …, v7, w7` of two block-order vectors, in natural order
/// (`vunpcklps` and `vunpckhps`): one row of a 2-wide window's elements.
@inline(__always)
func interleavedBlock(
  _ v: SIMD8<Float>, _ w: SIMD8<Float>
) -> (low: SIMD8<Float>, high: SIMD8<Float>) {
  (
    SIMD8(v[0], w[0], v[1], w[1], v[4], w[4], v[5], w[5]),
    SIMD8(v[2], w[2], v[3], w[3], v[6], w[6], v[7], w[7])
  )
}

/// Stores the first `count` lanes of natural-order `v` at `p` (the end of a chunk).
@inline(__always)
func storePrefix<T: SIMDScalar>(_ v: SIMD8<T>, _ count: Int, _ p: UnsafeMutablePointer<T>) {
  for j in 0..<min(8, count) { p[j] = v[j] }
}
