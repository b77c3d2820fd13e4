// Shapes: N = batch, C = channels, H/W = input height/width, P/Q = output height/width.
//
// What the row kernels of max and average pooling share: the output rows of all N·C planes
// taken as one sequence (so a 5×5 output plane costs no more per element than a 112×112 one),
// cut into chunks by problem size, and the lane shuffles of the 2×2/2 and 3×3/2 blocks.

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
