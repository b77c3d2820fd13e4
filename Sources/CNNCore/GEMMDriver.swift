// The blocking and threading of `gemm`.
//
//   1. pack A into row panels and B into column panels (all of K), in parallel chunks of
//      panels when there is enough to copy: packing only copies, so its split cannot change
//      any result;
//   2. cut C into tiles of `GEMMBlocking.mc` rows × `tileColumns` columns (chosen from M and N
//      only) and give each tile to one chunk; inside a tile, for each K block in increasing
//      order, run the micro-kernel over its 6 × 16 micro-tiles. The first block starts from 0
//      (or from C when accumulating), the later ones from the partial sums stored in C.

/// Multiply–adds below which `gemm` stays on the calling thread.
private let gemmParallelThreshold = 1 << 20

/// `gemm` with the threading made optional: kernels that already run in parallel chunks
/// (the convolutions) call it with `threaded: false` from inside a chunk.
func gemmBlocked(
  m: Int, n: Int, k: Int,
  a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
  b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threaded: Bool
) {
  precondition(
    m >= 0 && n >= 0 && k >= 0, "gemm sizes must be non-negative: m \(m) n \(n) k \(k)")
  precondition(
    lda >= max(1, transposeA ? m : k), "lda \(lda) is less than a row of A (\(transposeA ? m : k))")
  precondition(
    ldb >= max(1, transposeB ? k : n), "ldb \(ldb) is less than a row of B (\(transposeB ? k : n))")
  precondition(ldc >= max(1, n), "ldc \(ldc) is less than a row of C (\(n))")
  if m == 0 || n == 0 { return }
  if k == 0 {
    if !accumulate {
      for i in 0..<m { (c + i * ldc).initialize(repeating: 0, count: n) }
    }
    return
  }
  let mPadded = GEMMBlocking.roundUp(m, GEMMBlocking.mr)
  let nPadded = GEMMBlocking.roundUp(n, GEMMBlocking.nr)
  // Packed A, then packed B from a 64-byte boundary (a multiple of 16 Floats).
  let offsetB = GEMMBlocking.roundUp(mPadded * k, 16)
  Workspace.withFloats(offsetB + nPadded * k) { packed in
    gemmPackAndMultiply(
      m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA, b: b, ldb: ldb,
      transposeB: transposeB, c: c, ldc: ldc, accumulate: accumulate, threaded: threaded,
      packedA: packed, packedB: packed + offsetB)
  }
}

/// `gemmBlocked` with B already packed (`gemmPackB`'s layout, e.g. by `im2colPacked`): only A
/// is packed here. Same tiles, same kernel, so the same bits as packing B from a matrix.
func gemmBlockedPackedB(
  m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
  packedB: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
  threaded: Bool
) {
  precondition(m > 0 && n > 0 && k > 0, "gemmBlockedPackedB needs positive sizes")
  let mPadded = GEMMBlocking.roundUp(m, GEMMBlocking.mr)
  Workspace.withFloats(mPadded * k) { packedA in
    gemmPackAndMultiply(
      m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA, b: packedB, ldb: n,
      transposeB: false, c: c, ldc: ldc, accumulate: accumulate, threaded: threaded,
      packedA: packedA, packedB: UnsafeMutablePointer(mutating: packedB), bIsPacked: true)
  }
}

/// `gemmBlocked` with both operands already packed (`gemmPackA`'s and `gemmPackB`'s layouts):
/// Winograd's transformed filters are packed once per call and used by every chunk. Same
/// tiles, same kernel, so the same bits as packing the operands here.
func gemmPacked(
  m: Int, n: Int, k: Int, packedA: UnsafePointer<Float>, packedB: UnsafePointer<Float>,
  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threaded: Bool
) {
  precondition(m > 0 && n > 0 && k > 0, "gemmPacked needs positive sizes")
  gemmPackAndMultiply(
    m: m, n: n, k: k, a: packedA, lda: k, transposeA: false, b: packedB, ldb: n,
    transposeB: false, c: c, ldc: ldc, accumulate: accumulate, threaded: threaded,
    packedA: UnsafeMutablePointer(mutating: packedA),
    packedB: UnsafeMutablePointer(mutating: packedB), aIsPacked: true, bIsPacked: true)
}

/// Steps 1 and 2 of `gemmBlocked`, with the packing buffers given (A's or B's already filled
/// when `aIsPacked` or `bIsPacked`).
private func gemmPackAndMultiply(
  m: Int, n: Int, k: Int,
  a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
  b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threaded: Bool,
  packedA: UnsafeMutablePointer<Float>, packedB: UnsafeMutablePointer<Float>,
  aIsPacked: Bool = false, bIsPacked: Bool = false
) {
  let mr = GEMMBlocking.mr, nr = GEMMBlocking.nr
  let aPanels = aIsPacked ? 0 : GEMMBlocking.roundUp(m, mr) / mr
  let bPanels = bIsPacked ? 0 : GEMMBlocking.roundUp(n, nr) / nr
  let parallel = threaded && m * n * k >= gemmParallelThreshold

  // 1. Packing, in chunks of about 32 K values.
  let aGroup = max(1, (1 << 15) / (mr * k)), bGroup = max(1, (1 << 15) / (nr * k))
  let aChunks = (aPanels + aGroup - 1) / aGroup, bChunks = (bPanels + bGroup - 1) / bGroup
  let packing = GEMMPackingJob(
    a: SharedConstPointer(a), b: SharedConstPointer(b), packedA: SharedPointer(packedA),
    packedB: SharedPointer(packedB), m: m, n: n, k: k, lda: lda, ldb: ldb,
    transposeA: transposeA, transposeB: transposeB, aPanels: aPanels, bPanels: bPanels,
    aGroup: aGroup, bGroup: bGroup, aChunks: aChunks)
  // Waking the workers costs tens of microseconds; a small packing is done sooner alone.
  if parallel && (m + n) * k >= 1 << 19 {
    Parallel.forEach(chunks: aChunks + bChunks, sharing: packing) { job, chunk in
      job.pack(chunk)
    }
  } else {
    for chunk in 0..<(aChunks + bChunks) { packing.pack(chunk) }
  }

  // 2. Tiles of C: `mc` rows by `tileColumns` columns, narrowed (from M and N alone) until
  //    there are enough tiles to share.
  let tileColumns = gemmTileColumns(m: m, n: n)
  let tiles = GEMMTilesJob(
    packedA: SharedConstPointer(packedA), packedB: SharedConstPointer(packedB),
    c: SharedPointer(c), m: m, n: n, k: k, ldc: ldc, accumulate: accumulate,
    tileColumns: tileColumns, tilesAcross: (n + tileColumns - 1) / tileColumns)
  let tileCount = (m + GEMMBlocking.mc - 1) / GEMMBlocking.mc * tiles.tilesAcross
  if parallel {
    Parallel.forEach(chunks: tileCount, sharing: tiles) { job, index in job.tile(index) }
  } else {
    for index in 0..<tileCount { tiles.tile(index) }
  }
}

/// Step 1's chunks: chunk `i < aChunks` packs A's panels `i·aGroup ..<`, chunk `aChunks + j`
/// B's panels `j·bGroup ..<`.
private struct GEMMPackingJob: Sendable {
  let a: SharedConstPointer<Float>, b: SharedConstPointer<Float>
  let packedA: SharedPointer<Float>, packedB: SharedPointer<Float>
  let m: Int, n: Int, k: Int, lda: Int, ldb: Int, transposeA: Bool, transposeB: Bool
  let aPanels: Int, bPanels: Int, aGroup: Int, bGroup: Int, aChunks: Int

  @inline(__always)
  func pack(_ chunk: Int) {
    if chunk < aChunks {
      let panels = chunk * aGroup..<min(aPanels, (chunk + 1) * aGroup)
      gemmPackA(
        m: m, k: k, a: a.base, lda: lda, transposed: transposeA, panels: panels,
        into: packedA.base)
    } else {
      let first = (chunk - aChunks) * bGroup
      let panels = first..<min(bPanels, first + bGroup)
      gemmPackB(
        n: n, k: k, b: b.base, ldb: ldb, transposed: transposeB, panels: panels,
        into: packedB.base)
    }
  }
}

/// Step 2's chunks: tile `index` of C, `mc` rows by `tileColumns` columns, row-major over the
/// `tilesAcross` tiles of a row.
private struct GEMMTilesJob: Sendable {
  let packedA: SharedConstPointer<Float>, packedB: SharedConstPointer<Float>
  let c: SharedPointer<Float>
  let m: Int, n: Int, k: Int, ldc: Int, accumulate: Bool, tileColumns: Int, tilesAcross: Int

  @inline(__always)
  func tile(_ index: Int) {
    let i0 = (index / tilesAcross) * GEMMBlocking.mc, j0 = (index % tilesAcross) * tileColumns
    gemmTile(
      rows: i0..<min(m, i0 + GEMMBlocking.mc), columns: j0..<min(n, j0 + tileColumns), m: m,
      n: n, k: k, packedA: packedA.base, packedB: packedB.base, c: c.base, ldc: ldc,
      accumulate: accumulate)
  }
}

/// The width of the parallel tiles of C: 512 columns, halved (down to 64) while C has fewer
/// than 16 tiles, so that even a small product can be shared between threads.
private func gemmTileColumns(m: Int, n: Int) -> Int {
  let tileRows = (m + GEMMBlocking.mc - 1) / GEMMBlocking.mc
  var columns = 512
  while columns > 64 && tileRows * ((n + columns - 1) / columns) < 16 { columns /= 2 }
  return columns
}

/// Computes the tile `rows × columns` of C (both start on micro-tile boundaries).
private func gemmTile(
  rows: Range<Int>, columns: Range<Int>, m: Int, n: Int, k: Int,
  packedA: UnsafePointer<Float>, packedB: UnsafePointer<Float>,
  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
) {
  let mr = GEMMBlocking.mr, nr = GEMMBlocking.nr
  let mPadded = GEMMBlocking.roundUp(m, mr), nPadded = GEMMBlocking.roundUp(n, nr)
  var p0 = 0
  while p0 < k {
    let kb = min(GEMMBlocking.kc, k - p0)
    let load = accumulate || p0 > 0
    let blockA = packedA + p0 * mPadded, blockB = packedB + p0 * nPadded
    var j = columns.lowerBound
    while j < columns.upperBound {
      let panelB = blockB + (j / nr) * nr * kb
      let width = min(nr, columns.upperBound - j)
      var i = rows.lowerBound
      while i < rows.upperBound {
        let panelA = blockA + (i / mr) * mr * kb
        let height = min(mr, rows.upperBound - i)
        let tileC = c + i * ldc + j
        if height == mr && width == nr {
          gemmMicroKernel6x16(kb: kb, a: panelA, b: panelB, c: tileC, ldc: ldc, load: load)
        } else {
          gemmMicroKernelEdge(
            kb: kb, a: panelA, b: panelB, c: tileC, ldc: ldc, load: load, rows: height,
            columns: width)
        }
        i += mr
      }
      j += nr
    }
    p0 += kb
  }
}
