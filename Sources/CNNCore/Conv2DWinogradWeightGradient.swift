// Shapes: N batch, C input channels, H/W input height/width, K filters, P/Q output height/width,
// Pt/Pl top/left padding; T tiles of 2×2 output gradients, each reading a 4×4 input window.
//
// The weight gradient of a 3×3 stride-1 convolution by Winograd's minimal filtering.
//
//   dw[k, c, r, s] = Σ_{n,p,q} dy[n, k, p, q] · x[n, c, p + r − Pt, q + s − Pl]
//
// Cut each dy plane into 2×2 tiles, as the forward pass cuts y (a ragged last row or column
// of tiles is completed with zeros). Tile t, with its corner at (p0, q0), sees the 4×4 input
// window d_t = x[n, c, p0 − Pt ..< p0 − Pt + 4, q0 − Pl ..< q0 − Pl + 4] (zero outside the
// image), and its 2×2 gradients e_t = dy[n, k, p0 ..< p0 + 2, q0 ..< q0 + 2] contribute
//
//   Σ_{i,j<2} e_t[i, j] · d_t[i + r, j + s]     for r, s in 0, 1, 2,
//
// a 3×3 correlation of a 4×4 "image" with a 2×2 "filter": Winograd's F(3×3, 2×2). In one
// dimension, F(3, 2) gives y_r = e0·d_r + e1·d_{r+1} (r = 0, 1, 2) with 4 products instead
// of 6, at the interpolation points 0, 1, −1, ∞ that the forward F(2, 3) uses:
//
//   m1 = (d0 − d2)·e0            m2 = (d1 + d2)·(e0 + e1)/2
//   m4 = (d1 − d3)·e1            m3 = (d2 − d1)·(e0 − e1)/2
//   y0 = m1 + m2 + m3            y1 = m2 − m3            y2 = m2 + m3 − m4
//
// (m2 + m3 = d1·e1 + d2·e0 and m2 − m3 = d1·e0 + d2·e1, so y0 = d0·e0 + d1·e1,
// y1 = d1·e0 + d2·e1, y2 = d2·e0 + d3·e1.) The input transform Bᵀ is the forward's:
//
//        ⎡1  0 −1  0⎤         ⎡ 1    0 ⎤
//   Bᵀ = ⎢0  1  1  0⎥    G′ = ⎢1/2  1/2⎥    A′ᵀ = ⎡1  1  1  0⎤
//        ⎢0 −1  1  0⎥         ⎢1/2 −1/2⎥          ⎢0  1 −1  0⎥
//        ⎣0  1  0 −1⎦         ⎣ 0    1 ⎦          ⎣0  1  1 −1⎦
//
// Nested in two dimensions and summed over the tiles (the output transform is linear):
//
//   dw[k, c] = A′ᵀ [ Σ_t (G′ e_t G′ᵀ) ⊙ (Bᵀ d_t B) ] A′       (3×3)
//
// so for each of the 16 positions ξ of the 4×4 transforms, with U′_ξ[k, t] = (G′ e_t G′ᵀ)_ξ
// and V_ξ[c, t] = (Bᵀ d_t B)_ξ,
//
//   M_ξ = U′_ξ · V_ξᵀ    (K × T) · (T × C),   a matrix product whose inner sum runs over tiles,
//
// then one output transform per (k, c). 16·K·C·T products against 36·K·C·T for the 9 taps
// of each of the 4 outputs of a tile directly (im2col + GEMM): 2.25× fewer.
//
// How it runs. The tiles are cut into chunks, each a range of tiles and a block of channels
// (fixed by the geometry). A chunk goes through its tiles in blocks of at most
// `maxTilesPerBlock`, and per block
//
//   1. copies, for each run of tile rows of one image that the block meets, the input rows
//      and gradient rows they read into staging rows with the channels (filters) innermost,
//      so that 8 channels sit in one vector (8 × 8 transposes in registers, 8 planes read
//      forward at a time);
//   2. transforms each tile: V_ξ of its channels, 8 at a time, stored as a step of gemm's
//      packed B panels (16 channels per step), and U′_ξ of all filters, 6 at a time, stored as
//      a step of gemm's packed A panels (6 filters per step). The tiles are the inner
//      dimension of both products, so the forward pass's input transform (which vectorizes
//      over tiles and packs the channels as the inner dimension) does not fit here; the
//      halvings of G′ are left out (U″ = 4, 2 or 1 times U′) and undone by the output
//      transform, exactly;
//   3. multiplies M_ξ += U″_ξ · V_ξᵀ with gemm's micro-kernel (`gemmPacked`), 16 times.
//
// After its last block the chunk transforms its M back (in Double) into its part of dw.
// The chunks of tiles add up in chunk order (in Double), so every bit is fixed by the
// geometry.
//
// A 5×5 kernel runs the same way with F(5×5, 2×2) (WinogradWeightGradientF5x5.swift): 6×6
// input windows, 36 products M_ξ, 36·K·C·T products against 100·K·C·T directly (2.78×
// fewer). Its matrices are the forward F(2×2, 5×5)'s, transposed: the weight gradient of
// y = Aᵀ[(G g) ⊙ (Bᵀ d)] with respect to g is Gᵀ[(A e) ⊙ (Bᵀ d)].

/// Whether `conv2dBackward` computes `dw` and `db` by Winograd's F(3×3, 2×2) or F(5×5, 2×2):
/// exactly where it computes `dx` by Winograd (3×3 or 5×5, stride 1, no dilation or groups,
/// padding ≤ r − 1; C ≥ 9 for 3×3, with fewer channels the direct path takes the whole
/// backward pass; C ≥ 16 for 5×5, measured at `winogradKernel5MinimumChannels`). Measured
/// against im2col + GEMM for `dw` and `db` alone, 1 thread, 3×3: faster for every shape tried with C ≥ 10 (e.g. N=128 64→64 26×26 39 ms
/// against 85; N=8 384→384 12×12 20 against 78; N=16 64→4 32×32 1.5 against 5.2; N=64 10→10
/// 8×8 0.15 against 0.45) and never slower at C = 9 (N=128 9→64 26×26 17 against 18).
func usesWinogradWeightGradient(_ g: Conv2DGeometry) -> Bool {
  usesWinogradInputGradient(g)
}

/// The weight and bias gradients of a 3×3 or 5×5 stride-1 convolution by Winograd's minimal
/// filtering F(3×3, 2×2) or F(5×5, 2×2): the `weight` and `bias` of `conv2dBackward`,
/// computed with 2.25× (2.78×) fewer multiplications than im2col + GEMM. `input` of the
/// result is an empty tensor of shape [0].
///
/// ```
///   dw[k, c, r, s] = Σ_{n,p,q} dy[n, k, p, q] · x[n, c, p + r − Pt, q + s − Pl]
///   db[k]          = Σ_{n,p,q} dy[n, k, p, q]
///
///   per 2×2 tile t of dy:  dw[k, c] += A′ᵀ [ (G′ e_t G′ᵀ) ⊙ (Bᵀ d_t B) ] A′
///                          (e_t = the tile of dy[n, k], d_t = its 4×4 input window of x[n, c])
///   5×5: dw[k, c] += Gᵀ [ (A e_t Aᵀ) ⊙ (Bᵀ d_t B) ] G   (d_t the 6×6 window)
///   x: (N, C, H, W)   dy: (N, K, P, Q)   dw: (K, C, r, r)   db: (K)
/// ```
/// The matrices and the derivation are at the top of Conv2DWinogradWeightGradient.swift
/// (3×3) and WinogradWeightGradientF5x5.swift (5×5).
///
///     // x = 1×16×4×4 all ones, dy = 1×16×2×2 all ones, no padding: every dw tap sums
///     // 2·2 = 4 products of 1·1, so dw = 4 everywhere, and db = 4 per filter
///
/// Rounding: the transforms add inputs (and gradients) before multiplying, and the sums over
/// tiles are cut into blocks and chunks, so the result is not summed in the reference's
/// order. Its scalar reference is `CrossCorrelation.conv2dBackwardReference`: the tests allow
/// `1e-6 · S` with `S = Σ_{n,p,q} |dy[n, k, p, q]| · (Σ |x| over the 4×4 window of the tile of
/// (p, q))` — the same scale as the forward pass's, with the roles of `dy` and `w` swapped —
/// and see at most 9.8e-8 of S on random data. Measured on Keras-like data (x in [0, 1), dy in
/// ±1e-3, N = 128) against the Double reference: at most 2.7e-8 of each element's own
/// `Σ|dy·x|` (im2col + GEMM: 2.2e-8), 1.0e-6 of the largest |dw| (7.6e-7); AlexNet's c3–c5
/// (N = 8): 1.4e-7 of `Σ|dy·x|` (5.6e-8). 5×5: see WinogradWeightGradientF5x5.swift. `db` is
/// summed per image in Float, then over the images in Double.
/// Deterministic: the chunks follow from the geometry alone, so the result is bit-identical
/// for any thread count.
/// - Throws: `GeometryError` if `g` is not a 3×3 or 5×5, stride-1, undilated, ungrouped
///   convolution.
/// - Complexity: `(r + 1)²·K·C·N·⌈P/2⌉·⌈Q/2⌉` multiply–adds, against `r²·K·C·N·P·Q` for im2col
///   + GEMM.
public func conv2dWinogradWeightGradient(
  input x: Tensor<Float>, outputGradient dy: Tensor<Float>, geometry g: Conv2DGeometry
) throws -> Conv2DGradients<Float> {
  try requireWinogradShape(
    g, function: "conv2dWinogradWeightGradient", instead: "conv2dBackward")
  precondition(g.matchesInput(x), "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  precondition(
    g.matchesOutput(dy), "output gradient shape \(dy.shape) ≠ \(g.outputShape) for \(g)")
  var dw = Tensor<Float>(zeros: g.weightShape), db = Tensor<Float>(zeros: [g.outChannels])
  x.scalars.withUnsafeBufferPointer { px in
    dy.scalars.withUnsafeBufferPointer { pdy in
      dw.scalars.withUnsafeMutableBufferPointer { pdw in
        db.scalars.withUnsafeMutableBufferPointer { pdb in
          conv2dWinogradWeightGradient(
            x: px.baseAddress!, dy: pdy.baseAddress!, dw: pdw.baseAddress!, db: pdb.baseAddress!,
            geometry: g)
        }
      }
    }
  }
  return Conv2DGradients(input: Tensor(zeros: [0]), weight: dw, bias: db)
}

/// How the weight gradient of one geometry is cut into chunks: everything follows from the
/// geometry alone, never the thread count.
struct WinogradWeightGradientPlan: Sendable {
  /// The 2×2 tiles of dy (the forward pass's tiling of y: same count and order; a tile's
  /// window is α×α).
  let tiling: WinogradPlan
  /// The kernel's side r, the window's side α = r + 1, and the α² transform positions.
  let kernelSize: Int, window: Int, positions: Int
  /// Tiles per chunk and the number of tile chunks.
  let tilesPerChunk: Int, tileChunks: Int
  /// Channels per block (a multiple of gemm's 16-column panels) and the number of blocks.
  let channelsPerBlock: Int, channelBlocks: Int
  /// Tiles per product at most: the inner size of each `M_ξ += U′_ξ · V_ξᵀ`, within one of
  /// gemm's K blocks (256).
  static let maxTilesPerBlock = 128

  init(_ g: Conv2DGeometry) {
    // (F(2×2, 3×3)'s tiling: only the tile counts are used, the same for 5×5.)
    tiling = WinogradPlan(g, WinogradF2x2.self)
    kernelSize = g.kernelHeight
    window = kernelSize + 1
    positions = window * window
    let tiles = tiling.tiles
    // At least 256 tiles per chunk (products long enough to pay for loading M), at most 16
    // chunks (each has its own partial dw to add up); from 4 on, a multiple of 4, so that 2
    // or 4 threads get the same share (AlexNet's c2: 4 chunks of 338 tiles, not 5 of 271).
    var wanted = max(1, min(16, tiles / 256))
    if wanted >= 4 { wanted -= wanted % 4 }
    tilesPerChunk = (tiles + wanted - 1) / wanted
    tileChunks = (tiles + tilesPerChunk - 1) / tilesPerChunk
    // Few tile chunks (a small batch): also split the channels, to have about 8 chunks to
    // share, keeping at least 64 channels per product.
    let blocks = max(1, min((8 + tileChunks - 1) / tileChunks, g.inChannels / 64))
    channelsPerBlock = GEMMBlocking.roundUp((g.inChannels + blocks - 1) / blocks, 16)
    channelBlocks = (g.inChannels + channelsPerBlock - 1) / channelsPerBlock
  }

  /// The tiles of tile chunk `index`.
  func tiles(_ index: Int) -> Range<Int> {
    index * tilesPerChunk..<min(tiling.tiles, (index + 1) * tilesPerChunk)
  }

  /// The channels of channel block `index`.
  func channels(_ index: Int, _ g: Conv2DGeometry) -> Range<Int> {
    index * channelsPerBlock..<min(g.inChannels, (index + 1) * channelsPerBlock)
  }
}

/// The weight gradient on raw buffers: `x: (N, C, H, W)`, `dy: (N, K, P, Q)` →
/// `dw: (K, C, r, r)` and `db: (K)`, every element written.
func conv2dWinogradWeightGradient(
  x: UnsafePointer<Float>, dy: UnsafePointer<Float>, dw: UnsafeMutablePointer<Float>,
  db: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry
) {
  precondition(isWinogradShape(g), "no Winograd weight gradient for \(g)")
  let plan = WinogradWeightGradientPlan(g)
  let weightCount = g.outChannels * g.inChannels * g.kernelHeight * g.kernelWidth
  let sx = SharedConstPointer(x), sdy = SharedConstPointer(dy)
  let sdw = SharedPointer(dw), sdb = SharedPointer(db)
  // db[k] = Σ_n Σ_{p,q} dy[n, k, p, q]: per filter in Double, image after image.
  let filterGroups = (g.outChannels + 15) / 16
  let shared = (g, sdy, sdb)
  Parallel.forEach(chunks: filterGroups, sharing: shared) { shared, group in
    let (g, sdy, sdb) = shared
    let planeSize = g.outHeight * g.outWidth
    for k in group * 16..<min(g.outChannels, group * 16 + 16) {
      var sum = 0.0
      for n in 0..<g.batch {
        sum += Double(sumRow(sdy.base + (n * g.outChannels + k) * planeSize, count: planeSize))
      }
      sdb.base[k] = Float(sum)
    }
  }
  // One tile chunk writes dw directly; several write partials, added below in chunk order.
  let partialCount = plan.tileChunks == 1 ? 0 : plan.tileChunks * weightCount
  Workspace.withFloats(partialCount) { partials in
    let sp = SharedPointer(plan.tileChunks == 1 ? dw : partials)
    let pairs = plan.tileChunks * plan.channelBlocks
    let shared = (plan, g, sp, weightCount, sx, sdy)
    Parallel.forEach(chunks: pairs, sharing: shared) { shared, index in
      let (plan, g, sp, weightCount, sx, sdy) = shared
      let (tileChunk, block) = index.quotientAndRemainder(dividingBy: plan.channelBlocks)
      let tiles = plan.tiles(tileChunk), channels = plan.channels(block, g)
      let target = sp.base + tileChunk * (plan.tileChunks == 1 ? 0 : weightCount)
      if plan.kernelSize == 5 {
        winogradWeightGradientChunk(
          WinogradWeightGradientF5x5.self, tiles: tiles, channels: channels, x: sx.base,
          dy: sdy.base, dw: target, plan: plan, geometry: g)
      } else {
        winogradWeightGradientChunk(
          WinogradWeightGradientF3x3.self, tiles: tiles, channels: channels, x: sx.base,
          dy: sdy.base, dw: target, plan: plan, geometry: g)
      }
    }
    guard plan.tileChunks > 1 else { return }
    // Σ over the chunks in chunk order, in Double, rounded once: in parallel pieces of dw.
    let piece = 4096, pieces = (weightCount + piece - 1) / piece
    let chunks = plan.tileChunks
    let sums = (piece, weightCount, chunks, sp, sdw)
    Parallel.forEach(chunks: pieces, sharing: sums) { shared, index in
      let (piece, weightCount, chunks, sp, sdw) = shared
      for i in index * piece..<min(weightCount, (index + 1) * piece) {
        var sum = 0.0
        for chunk in 0..<chunks { sum += Double(sp.base[chunk * weightCount + i]) }
        sdw.base[i] = Float(sum)
      }
    }
  }
}

/// The sizes (in Floats) of one chunk's scratch: the packed `U′_ξ` and `V_ξ` of a block of
/// tiles, the products `M_ξ`, and the staging rows of x and dy.
private struct WinogradWeightGradientScratch {
  /// Filters padded to gemm's 6-row panels, and the stride of a staged gradient column:
  /// 2 more, so that a vector load at the last panel stays inside.
  let filtersPadded: Int, filterStride: Int
  /// Channels of the block padded to gemm's 16-column panels (the stride of a staged column).
  let channelsPadded: Int
  /// Floats per packed `U′_ξ`, `V_ξ` and per `M_ξ` (each 16 more than needed, so that the α²
  /// matrices do not start a multiple of 4 KB apart and evict one another from the L1 cache).
  let uStride: Int, vStride: Int, mStride: Int
  /// Columns of a staged input row (the padded columns that tiles read) and gradient row.
  let inputColumns: Int, gradientColumns: Int
  /// Tile rows of one image that a block of tiles can meet.
  let tileRows: Int
  /// Offsets of the parts, and the total.
  let packedV: Int, products: Int, inputRows: Int, gradientRows: Int, total: Int

  init(_ plan: WinogradWeightGradientPlan, channels: Int, _ g: Conv2DGeometry) {
    let tiles = WinogradWeightGradientPlan.maxTilesPerBlock
    filtersPadded = GEMMBlocking.roundUp(g.outChannels, GEMMBlocking.mr)
    filterStride = filtersPadded + 2
    channelsPadded = GEMMBlocking.roundUp(channels, GEMMBlocking.nr)
    uStride = filtersPadded * tiles + 16
    vStride = channelsPadded * tiles + 16
    mStride = g.outChannels * channelsPadded + 16
    inputColumns = 2 * plan.tiling.tilesWide + plan.window - 2
    gradientColumns = 2 * plan.tiling.tilesWide
    let wide = plan.tiling.tilesWide
    tileRows = min(plan.tiling.tilesHigh, (tiles + wide - 1) / wide + 1)
    packedV = plan.positions * uStride
    products = packedV + plan.positions * vStride
    inputRows = products + plan.positions * mStride
    gradientRows =
      inputRows + (2 * tileRows + plan.window - 2) * inputColumns * channelsPadded
    total = gradientRows + 2 * tileRows * gradientColumns * filterStride
  }
}

/// One chunk: the tiles `tiles` (in blocks of at most `maxTilesPerBlock`) for the channels
/// `channels`, ending with `dw[k, c]` of those channels written into `dw` (the whole dw, or
/// this tile chunk's partial).
private func winogradWeightGradientChunk<F: WinogradWeightGradientTransforms>(
  _: F.Type, tiles: Range<Int>, channels: Range<Int>, x: UnsafePointer<Float>,
  dy: UnsafePointer<Float>, dw: UnsafeMutablePointer<Float>, plan: WinogradWeightGradientPlan,
  geometry g: Conv2DGeometry
) {
  let taps = F.kernelSize * F.kernelSize
  let layout = WinogradWeightGradientScratch(plan, channels: channels.count, g)
  let (height, width) = (g.height, g.width)
  let (outHeight, outWidth) = (g.outHeight, g.outWidth)
  let (top, left) = (g.padding.top, g.padding.left)
  let filters = g.outChannels, cp = layout.channelsPadded, ks = layout.filterStride
  let (inColumns, gradColumns) = (layout.inputColumns, layout.gradientColumns)
  let blockCount = (tiles.count + WinogradWeightGradientPlan.maxTilesPerBlock - 1)
    / WinogradWeightGradientPlan.maxTilesPerBlock
  let blockSize = (tiles.count + blockCount - 1) / blockCount
  Workspace.withFloats(layout.total) { scratch in
    let packedU = scratch, packedV = scratch + layout.packedV
    let m = scratch + layout.products
    let inputRows = scratch + layout.inputRows, gradientRows = scratch + layout.gradientRows
    // Staged columns outside the image, and channels (filters) past the last, stay zero.
    inputRows.initialize(repeating: 0, count: layout.total - layout.inputRows)
    for block in 0..<blockCount {
      let lower = tiles.lowerBound + block * blockSize
      let blockTiles = lower..<min(tiles.upperBound, lower + blockSize)
      let kb = blockTiles.count
      forEachImageSegment(blockTiles, plan.tiling) { n, firstRow, rows in
        // 1. Stage x[n, channels, h, ·] for the padded rows 2·firstRow … 2·lastRow + α − 1,
        //    and dy[n, ·, p, ·] for p = 2·firstRow … 2·lastRow + 1, channels (filters)
        //    innermost; rows outside the image are zero.
        let inputRowCount = 2 * rows.count + plan.window - 2, firstInput = 2 * firstRow - top
        let inside = max(0, firstInput)..<min(height, firstInput + inputRowCount)
        for i in 0..<inputRowCount where !inside.contains(firstInput + i) {
          (inputRows + (i * inColumns + left) * cp).update(repeating: 0, count: width * cp)
        }
        if !inside.isEmpty {
          stageRows(
            x + ((n * g.inChannels + channels.lowerBound) * height + inside.lowerBound) * width,
            planeStride: height * width, planes: channels.count, rows: inside.count,
            columns: width,
            into: inputRows + ((inside.lowerBound - firstInput) * inColumns + left) * cp,
            rowStride: inColumns * cp, columnStride: cp)
        }
        let firstGradient = 2 * firstRow
        let gradientCount = min(2 * rows.count, outHeight - firstGradient)
        for i in gradientCount..<2 * rows.count {
          (gradientRows + i * gradColumns * ks).update(repeating: 0, count: outWidth * ks)
        }
        stageRows(
          dy + (n * filters * outHeight + firstGradient) * outWidth,
          planeStride: outHeight * outWidth, planes: filters, rows: gradientCount,
          columns: outWidth, into: gradientRows, rowStride: gradColumns * ks, columnStride: ks)
        // 2. Transform the tiles into the packed panels.
        for (th, lo, hi, local) in rows {
          let i = 2 * (th - firstRow)
          let inRow = inputRows + i * inColumns * cp, rowSize = inColumns * cp
          let gradRow = gradientRows + i * gradColumns * ks
          for tw in lo..<hi {
            let t = local + tw, column = 2 * tw
            var c = 0
            while c < cp {
              F.transformInput(
                inRow, rowSize: rowSize, offset: column * cp + c, columnStride: cp,
                into: packedV + (c / 16) * 16 * kb + t * 16 + c % 16, stride: layout.vStride)
              c += 8
            }
            var k = 0
            while k < filters {
              F.transformGradient(
                gradRow + column * ks + k, columnStride: ks, rowStride: gradColumns * ks,
                into: packedU + k * kb + t * 6, stride: layout.uStride, last: t == kb - 1)
              k += 6
            }
          }
        }
      }
      // 3. M_ξ (+)= U′_ξ · V_ξᵀ: (K × kb) · (kb × channels), over this block's tiles.
      for xi in 0..<plan.positions {
        gemmPacked(
          m: filters, n: channels.count, k: kb, packedA: packedU + xi * layout.uStride,
          packedB: packedV + xi * layout.vStride, c: m + xi * layout.mStride, ldc: cp,
          accumulate: block > 0, threaded: false)
      }
    }
    // 4. dw[k, c] = A′ᵀ M A′ (5×5: Gᵀ M G) for the chunk's channels, 8 at a time.
    for k in 0..<filters {
      var j = 0
      while j < channels.count {
        F.transformOutputs(
          m + k * cp + j, stride: layout.mStride, channels: min(8, channels.count - j),
          into: dw + (k * g.inChannels + channels.lowerBound + j) * taps)
        j += 8
      }
    }
  }
}

/// The tile rows that meet `tiles`, grouped into runs of one image (at most 32 rows to a
/// run): `body(n, firstRow, rows)` with `rows` the consecutive tile rows `th` (from `firstRow`
/// on), each with its tile columns `lo..<hi` in `tiles` and the block-local index of its tile 0
/// (as `forEachTileRow`).
private func forEachImageSegment(
  _ tiles: Range<Int>, _ tiling: WinogradPlan,
  _ body: (
    _ n: Int, _ firstRow: Int, _ rows: UnsafeBufferPointer<(th: Int, lo: Int, hi: Int, local: Int)>
  ) -> Void
) {
  // At most ⌈count / tilesWide⌉ + 1 tile rows meet the range. A run is cut after 32 rows (the
  // next call goes on with the same image), so the list fits the 1 KiB that
  // `withUnsafeTemporaryAllocation` always places on the stack: no heap allocation per block.
  let capacity = min(32, (tiles.count + tiling.tilesWide - 1) / tiling.tilesWide + 1)
  withUnsafeTemporaryAllocation(
    of: (th: Int, lo: Int, hi: Int, local: Int).self, capacity: capacity
  ) { rows in
    var image = -1, count = 0
    forEachTileRow(tiles, tiling) { n, th, lo, hi, local in
      if (n != image || count == capacity) && count > 0 {
        body(image, rows[0].th, UnsafeBufferPointer(rebasing: rows[0..<count]))
        count = 0
      }
      image = n
      rows[count] = (th, lo, hi, local)
      count += 1
    }
    if count > 0 { body(image, rows[0].th, UnsafeBufferPointer(rebasing: rows[0..<count])) }
  }
}

/// `dst[r·rowStride + v·columnStride + i] = src[i·planeStride + r·W + v]` for the planes
/// i < `planes`, rows r < `rows` and columns v < `columns` (W = `columns`): the rows of several
/// planes (channels or filters) laid out column by column, planes innermost. Eight planes at
/// a time, each read forward row after row (8 × 8 blocks transposed in registers).
private func stageRows(
  _ src: UnsafePointer<Float>, planeStride: Int, planes: Int, rows: Int, columns: Int,
  into dst: UnsafeMutablePointer<Float>, rowStride: Int, columnStride: Int
) {
  var i = 0
  while i < planes {
    let count = min(8, planes - i)
    for r in 0..<rows {
      let from = src + i * planeStride + r * columns, to = dst + r * rowStride + i
      var v = 0
      if count == 8 {
        while v + 8 <= columns {
          transposeEight(
            from: from + v, stride: planeStride, to: to + v * columnStride,
            outStride: columnStride)
          v += 8
        }
      }
      for column in v..<columns {
        for j in 0..<count { to[column * columnStride + j] = from[j * planeStride + column] }
      }
    }
    i += 8
  }
}

/// The three transforms of a weight-gradient algorithm F(r×r, 2×2) (r = 3 or 5): 2×2 tiles
/// of dy, α×α windows of x (α = r + 1), α² products `M_ξ` (ξ = α·a + b), r×r taps of dw.
protocol WinogradWeightGradientTransforms {
  /// r.
  static var kernelSize: Int { get }

  /// `V = Bᵀ d B` of one tile for 8 neighbouring channels (one per lane): row i of the α×α
  /// window d is at `rows + i·rowSize + offset`, its columns `columnStride` apart; `V_ξ` goes
  /// to `v[ξ·stride ..< ξ·stride + 8]`.
  static func transformInput(
    _ rows: UnsafePointer<Float>, rowSize: Int, offset: Int, columnStride: Int,
    into v: UnsafeMutablePointer<Float>, stride: Int)

  /// The gradient transform of one 2×2 tile e for 6 neighbouring filters (lanes 0 ..< 6 of
  /// the vectors at `e + i·rowStride + j·columnStride`): position ξ goes to
  /// `u[ξ·stride ..< ξ·stride + 6]`, one step of a packed A panel. Unless `last`, lanes 6
  /// and 7 are stored too, over the first 2 values of the next step (the next tile's, written
  /// after this one).
  static func transformGradient(
    _ e: UnsafePointer<Float>, columnStride: Int, rowStride: Int,
    into u: UnsafeMutablePointer<Float>, stride: Int, last: Bool)

  /// The output transform, in Double and rounded once, of `channels` (at most 8) neighbouring
  /// channels of one filter: `M_ξ` of channel j at `m[ξ·stride + j]` (lanes past `channels`
  /// are read, not used); channel j's r×r taps go to `dw[j·r² ..< (j + 1)·r²]`, row-major.
  static func transformOutputs(
    _ m: UnsafePointer<Float>, stride: Int, channels: Int, into dw: UnsafeMutablePointer<Float>)
}

/// F(3×3, 2×2): the matrices Bᵀ, G′ and A′ᵀ at the top of this file.
enum WinogradWeightGradientF3x3: WinogradWeightGradientTransforms {
  static let kernelSize = 3

  @inline(__always)
  static func transformInput(
    _ rows: UnsafePointer<Float>, rowSize: Int, offset: Int, columnStride cs: Int,
    into v: UnsafeMutablePointer<Float>, stride: Int
  ) {
    // Down the columns: f[·, j] = Bᵀ d[·, j].
    @inline(__always)
    func column(_ j: Int) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
      let o = rows + offset + j * cs
      return WinogradF2x2.combine(
        load8(o), load8(o + rowSize), load8(o + 2 * rowSize), load8(o + 3 * rowSize))
    }
    let f0 = column(0), f1 = column(1), f2 = column(2), f3 = column(3)
    // Along the rows: V[a, ·] = f[a, ·] B.
    @inline(__always)
    func row(
      _ a: Int, _ d0: SIMD8<Float>, _ d1: SIMD8<Float>, _ d2: SIMD8<Float>, _ d3: SIMD8<Float>
    ) {
      let r = WinogradF2x2.combine(d0, d1, d2, d3)
      store8(r.0, v + (4 * a) * stride)
      store8(r.1, v + (4 * a + 1) * stride)
      store8(r.2, v + (4 * a + 2) * stride)
      store8(r.3, v + (4 * a + 3) * stride)
    }
    row(0, f0.0, f1.0, f2.0, f3.0)
    row(1, f0.1, f1.1, f2.1, f3.1)
    row(2, f0.2, f1.2, f2.2, f3.2)
    row(3, f0.3, f1.3, f2.3, f3.3)
  }

  /// The rows of 2·G′ applied to 2 values: `(e0, e0 + e1, e0 − e1, e1)`.
  @inline(__always)
  private static func combineGradient(
    _ e0: SIMD8<Float>, _ e1: SIMD8<Float>
  ) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
    (e0, e0 + e1, e0 - e1, e1)
  }

  /// `U″ = G″ e G″ᵀ`, with G″ = G′ without its halvings (rows (1, 0), (1, 1), (1, −1),
  /// (0, 1)): `U″_ab = s_a·s_b·U′_ab` with s = (1, 2, 2, 1), undone exactly by the output
  /// transform.
  @inline(__always)
  static func transformGradient(
    _ e: UnsafePointer<Float>, columnStride: Int, rowStride: Int,
    into u: UnsafeMutablePointer<Float>, stride: Int, last: Bool
  ) {
    let e00 = load8(e), e01 = load8(e + columnStride)
    let e10 = load8(e + rowStride), e11 = load8(e + rowStride + columnStride)
    // Down the columns: h = G″ e (4×2).
    let h0 = combineGradient(e00, e10), h1 = combineGradient(e01, e11)
    // Along the rows: U″[a, ·] = h[a, ·] G″ᵀ.
    @inline(__always)
    func row(_ a: Int, _ h0: SIMD8<Float>, _ h1: SIMD8<Float>) {
      let r = combineGradient(h0, h1)
      storePanelStep(r.0, u + (4 * a) * stride, last: last)
      storePanelStep(r.1, u + (4 * a + 1) * stride, last: last)
      storePanelStep(r.2, u + (4 * a + 2) * stride, last: last)
      storePanelStep(r.3, u + (4 * a + 3) * stride, last: last)
    }
    row(0, h0.0, h1.0)
    row(1, h0.1, h1.1)
    row(2, h0.2, h1.2)
    row(3, h0.3, h1.3)
  }

  @inline(__always)
  static func transformOutputs(
    _ m: UnsafePointer<Float>, stride: Int, channels: Int, into dw: UnsafeMutablePointer<Float>
  ) {
    for j in 0..<channels { transformOutput(m + j, stride: stride, into: dw + 9 * j) }
  }

  /// `dw = A′ᵀ M A′` (3×3) of one (filter, channel) in Double, rounded once, from
  /// `M″_ξ = m[ξ·stride]` (ξ = 4a + b) = `s_a·s_b·M_ξ`, s = (1, 2, 2, 1) (the halvings left
  /// out of the gradient transform); `dw[r·3 + s]` receives tap (r, s). A′ᵀ's rows:
  /// (1, 1, 1, 0), (0, 1, −1, 0), (0, 1, 1, −1).
  @inline(__always)
  private static func transformOutput(
    _ m: UnsafePointer<Float>, stride: Int, into dw: UnsafeMutablePointer<Float>
  ) {
    @inline(__always)
    func apply(
      _ m0: Double, _ m1: Double, _ m2: Double, _ m3: Double
    ) -> (Double, Double, Double) {
      (m0 + m1 + m2, m1 - m2, m1 + m2 - m3)
    }
    // s = M A′, row by row, with M_ξ = M″_ξ / (s_a·s_b).
    @inline(__always)
    func row(_ a: Int, _ scale: Double) -> (Double, Double, Double) {
      let p = m + 4 * a * stride
      return apply(
        scale * Double(p[0]), 0.5 * scale * Double(p[stride]),
        0.5 * scale * Double(p[2 * stride]), scale * Double(p[3 * stride]))
    }
    let s0 = row(0, 1), s1 = row(1, 0.5), s2 = row(2, 0.5), s3 = row(3, 1)
    // dw = A′ᵀ s, column by column.
    let c0 = apply(s0.0, s1.0, s2.0, s3.0), c1 = apply(s0.1, s1.1, s2.1, s3.1)
    let c2 = apply(s0.2, s1.2, s2.2, s3.2)
    dw[0] = Float(c0.0); dw[1] = Float(c1.0); dw[2] = Float(c2.0)
    dw[3] = Float(c0.1); dw[4] = Float(c1.1); dw[5] = Float(c2.1)
    dw[6] = Float(c0.2); dw[7] = Float(c1.2); dw[8] = Float(c2.2)
  }
}

/// One step of a packed A panel (6 filters): lanes 0 ..< 6 of `v` at `p`, or, unless `last`,
/// all 8 lanes (the 2 extra are overwritten by the next step).
@inline(__always)
func storePanelStep(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, last: Bool) {
  if last {
    UnsafeMutableRawPointer(p).storeBytes(of: v.lowHalf, as: SIMD4<Float>.self)
    UnsafeMutableRawPointer(p + 4).storeBytes(of: SIMD2(v[4], v[5]), as: SIMD2<Float>.self)
  } else {
    store8(v, p)
  }
}
