// Shapes: N batch, C input channels, H/W input height/width, K filters, P/Q output height/width,
// Pt/Pl top/left padding, r the kernel size; a tile is 2×2 outputs read from α×α inputs,
// α = r + 1: 4×4 for a 3×3 kernel (WinogradTransforms.swift), 6×6 for a 5×5 one
// (WinogradF2x2Kernel5.swift).
//
// The Winograd path of `conv2d` (3×3 and 5×5 kernels, stride 1) and of its input gradient. The
// output is cut into T = N·⌈P/2⌉·⌈Q/2⌉ tiles, numbered image by image, row by row. A chunk takes
// a range of tiles and a range of filters and
//
//   1. transforms the input tiles, V = Bᵀ d B, straight into gemm's packed B panels: for each
//      of the α² positions ξ a (C × T_chunk) matrix V_ξ;
//   2. multiplies M_ξ = U_ξ · V_ξ with gemm's micro-kernel, U_ξ (K_chunk × C) being the
//      transformed filters, packed as gemm's A panels once per call;
//   3. transforms back, Y = Aᵀ M A, adds the bias and writes the 2×2 outputs of every tile
//      (only those inside P × Q: a ragged edge computes a whole tile and keeps part of it).

/// Whether `conv2d` takes the Winograd path for `g`: a 3×3 or 5×5 kernel at stride 1, no
/// dilation, one group, and enough input channels. 3×3: enough that the direct path is not
/// taken (C·R·S > 150, i.e. C ≥ 17; with fewer, the 16 products are too thin to pay for the
/// transforms). 5×5: C ≥ `winogradKernel5MinimumChannels` (16).
func usesWinogradConv(_ g: Conv2DGeometry) -> Bool {
  isWinogradShape(g) && !usesDirectConv(g)
    && (g.kernelHeight == 3 || g.inChannels >= winogradKernel5MinimumChannels)
}

/// The fewest input channels C for which a 5×5 kernel takes F(2×2, 5×5), forward and for the
/// input gradient, and F(5×5, 2×2) for the weight gradient, rather than im2col + GEMM. Measured (release, 1 thread, CPU time; N = 8,
/// 26×26, padding 2), forward speed-up over im2col + GEMM: C = 8: 0.75× (K = 128) to 1.37×
/// (K = 16); C = 10: 0.91× to 1.52×; C = 12: 1.07× to 1.97×; C = 16: 1.54× (K = 64), 2.31×
/// (K = 32); C ≥ 24: 1.85× to 3.3×. Backward (dw by im2col + GEMM either way, dx by
/// Winograd or by GEMM + col2im): C = 8: 0.83× to 0.99×; C = 10 to 12: 0.94× to 1.09×;
/// C ≥ 16: 1.09× to 1.59×. (The small side is C in both: the forward products' inner size,
/// and dx's outputs.) The weight gradient by F(5×5, 2×2), against im2col + GEMM (dw and db
/// alone, 1 thread, best of 7): C = 16: 1.2× (K = 256) to 4.8× (K = 8); C = 32: 2.0×;
/// C = 64 at 56×56: 2.5×; AlexNet's c2 (C = 96, K = 256): 1.6× to 2.4×.
let winogradKernel5MinimumChannels = 16

/// The error of a Winograd entry point given a geometry it does not compute: what it takes
/// (a `kernel`×`kernel` kernel, or 3×3 or 5×5 when nil), what it got, and the general
/// function to call instead.
func requireWinogradShape(
  _ g: Conv2DGeometry, kernel: Int? = nil, function: String, instead: String
) throws {
  guard !isWinogradShape(g, kernel: kernel) else { return }
  let sizes = kernel.map { "\($0)×\($0)" } ?? "3×3 or 5×5"
  throw GeometryError(
    "\(function) computes \(sizes) kernels at stride 1 without dilation or groups; got \(g) "
      + "(stride \(g.strideHeight)×\(g.strideWidth), dilation "
      + "\(g.dilationHeight)×\(g.dilationWidth), groups \(g.groups)): use \(instead) instead")
}

/// A `kernel`×`kernel` kernel (3×3 or 5×5 when nil: what `conv2dWinograd` computes), stride 1,
/// dilation 1, one group. (No array of sizes: the kernels ask this on every call, and an
/// array literal that the optimizer does not fold away is a heap allocation each time; one
/// showed up as 2 allocations per Winograd layer per training step.)
func isWinogradShape(_ g: Conv2DGeometry, kernel: Int? = nil) -> Bool {
  let size = g.kernelHeight
  let sizeFits = kernel.map { size == $0 } ?? (size == 3 || size == 5)
  return sizeFits && g.kernelWidth == size && g.strideHeight == 1 && g.strideWidth == 1
    && g.dilationHeight == 1 && g.dilationWidth == 1 && g.groups == 1
}

/// 2-D convolution with a 3×3 or 5×5 kernel at stride 1 by Winograd's minimal filtering: the
/// same function as `conv2d`, with F(2×2, 3×3) (2.25× fewer multiplications; F(4×4, 3×3), 4×
/// fewer, is written but not used here: see the raw-buffer `conv2dWinograd` for why) or
/// F(2×2, 5×5) (2.78× fewer).
///
/// ```
///   y[n, k, p, q] = b[k] + Σ_{c,r,s} w[k, c, r, s] · x[n, c, p + r − Pt, q + s − Pl]
///
///   per m×m tile of outputs:  Y = Aᵀ [ Σ_c (G w[k, c] Gᵀ) ⊙ (Bᵀ d[c] B) ] A + b[k]
///                             (d[c] = the (m + r − 1)×(m + r − 1) input window of the tile)
///   x: (N, C, H, W)   w: (K, C, r, r), r = 3 or 5   b: (K) or nil   y: (N, K, P, Q)
/// ```
/// The transform matrices and worked examples are in `WinogradTransforms.swift` (m = 2, r = 3),
/// `WinogradF4x4.swift` (m = 4, r = 3) and `WinogradF2x2Kernel5.swift` (m = 2, r = 5).
///
///     // x = 1×17×4×4 all ones, w = 1×17×3×3 all ones, b = [1], no padding:
///     // y = 1 + 17·9 = 154 at each of the 2×2 outputs
///
/// Rounding: the transforms add and subtract inputs (and filters) before multiplying, so the
/// result is not summed in the reference's order, and an output's error depends on the whole
/// input window of its tile (terms outside its own 3×3 window cancel only exactly). Its scalar
/// reference is `CrossCorrelation.conv2dReference`: the tests allow
/// `1e-6 · S` (m = 2) and `3e-6 · S` (m = 4) against it in Double, with
/// `S = |b| + Σ_c (Σ_window |x|)·(Σ_{r,s} |w|)`, and see at most 4e-8 and 4e-7 of S on random
/// data. Measured on Keras-like layers (Glorot weights, inputs in [0, 1)), relative to each
/// output's own `|b| + Σ|w·x|`: at most 1.8e-7 with 2×2 tiles and 1.2e-6 with 4×4, against
/// 2.3e-7 for im2col + GEMM. For 5×5 kernels: see `WinogradF2x2Kernel5`.
/// Deterministic: the work is cut into chunks of tiles and filters fixed by the problem size,
/// so the result is bit-identical for any thread count.
/// - Throws: `GeometryError` if `g` is not a 3×3 or 5×5, stride-1, undilated, ungrouped
///   convolution.
/// - Complexity: `(m + r − 1)²·N·⌈P/m⌉·⌈Q/m⌉·K·C` multiply–adds, against `r²·N·P·Q·K·C`
///   directly (with m = 2: 16 against 36 per tile and filter–channel pair for r = 3, 36 against
///   100 for r = 5).
public func conv2dWinograd(
  input x: Tensor<Float>, weight w: Tensor<Float>, bias b: Tensor<Float>?,
  geometry g: Conv2DGeometry
) throws -> Tensor<Float> {
  try requireWinogradShape(g, function: "conv2dWinograd", instead: "conv2d")
  precondition(g.matchesInput(x), "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  precondition(g.matchesWeight(w), "weight shape \(w.shape) ≠ \(g.weightShape) for \(g)")
  if let b {
    precondition(b.hasShape(g.outChannels), "bias shape \(b.shape) ≠ [\(g.outChannels)]")
  }
  var y = Tensor<Float>(zeros: g.outputShape)
  x.scalars.withUnsafeBufferPointer { px in
    w.scalars.withUnsafeBufferPointer { pw in
      y.scalars.withUnsafeMutableBufferPointer { py in
        conv2dWinograd(
          input: WinogradInputRows(px.baseAddress!, g),
          filters: WinogradFilters(forward: pw.baseAddress!, g), bias: b?.scalars,
          y: py.baseAddress!, geometry: g)
      }
    }
  }
  return y
}

/// Where the input transform reads the rows of the stride-1 input `(N, C, H, W)` it
/// convolves: `x` itself (`WinogradInputRows`), or a strided layer's input rearranged by space
/// to depth as the rows are needed (`SpaceToDepthInputRows`, Conv2DSpaceToDepth.swift), so
/// that the rearranged input is never stored whole.
protocol WinogradInputSource: Sendable {
  /// Writes the W floats of row `h` (0 ≤ h < H) of channel `c` of image `n` into `row`.
  func readRow(image n: Int, channel c: Int, row h: Int, into row: UnsafeMutablePointer<Float>)
}

/// The rows of `x: (N, C, H, W)`, as they are.
struct WinogradInputRows: WinogradInputSource {
  let x: SharedConstPointer<Float>
  let channels: Int, height: Int, width: Int

  init(_ x: UnsafePointer<Float>, _ g: Conv2DGeometry) {
    self.x = SharedConstPointer(x)
    (channels, height, width) = (g.inChannels, g.height, g.width)
  }

  @inline(__always)
  func readRow(image n: Int, channel c: Int, row h: Int, into row: UnsafeMutablePointer<Float>) {
    copyRow(x.base + ((n * channels + c) * height + h) * width, row, width)
  }
}

/// Where tap `(r, s)` of filter `o` for input channel `i` lies: `base[o·outStride + i·inStride
/// + r·rowStride + s·columnStride]`. The forward pass reads `w[o, i, r, s]`; the input gradient
/// reads the filters turned by 180° with input and output channels swapped.
struct WinogradFilters: @unchecked Sendable {
  let base: UnsafePointer<Float>
  let outStride: Int, inStride: Int, rowStride: Int, columnStride: Int

  /// `w[o, i, r, s]` of `w: (K, C, R, R)`.
  init(forward w: UnsafePointer<Float>, _ g: Conv2DGeometry) {
    let (r, taps) = (g.kernelWidth, g.kernelHeight * g.kernelWidth)
    base = w
    (outStride, inStride, rowStride, columnStride) = (g.inChannels * taps, taps, r, 1)
  }

  /// `w[i, o, R − 1 − r, R − 1 − s]` of `w: (K, C, R, R)` (so `o` is an input channel of `g`).
  init(inputGradient w: UnsafePointer<Float>, _ g: Conv2DGeometry) {
    let (r, taps) = (g.kernelWidth, g.kernelHeight * g.kernelWidth)
    base = w + taps - 1
    (outStride, inStride, rowStride, columnStride) = (taps, g.inChannels * taps, -r, -1)
  }

  /// The taps of filter `o`, input channel `i`.
  @inline(__always)
  func taps(_ o: Int, _ i: Int) -> WinogradFilterTaps {
    WinogradFilterTaps(
      base: base + o * outStride + i * inStride, rowStride: rowStride, columnStride: columnStride)
  }
}

/// How the Winograd convolution of one geometry is cut into chunks. Everything here follows
/// from the geometry alone, never the thread count.
struct WinogradPlan: Sendable {
  /// Outputs per tile side (m) and inputs per tile side (α = m + r − 1); ξ runs over α²
  /// positions.
  let outputTile: Int, inputTile: Int, positions: Int
  /// ⌈α/m⌉: a tile's α input columns are read from this many spans of m columns (its own m,
  /// then those of the following tiles).
  let spans: Int
  /// `⌈P/m⌉` and `⌈Q/m⌉` tiles per image column and row; `tiles = N·tilesHigh·tilesWide`.
  let tilesHigh: Int, tilesWide: Int, tiles: Int
  /// Tiles per chunk (a multiple of gemm's 16-column panels) and the number of tile chunks.
  let tilesPerChunk: Int, tileChunks: Int
  /// Filters per chunk (a multiple of gemm's 6-row panels) and the number of filter chunks.
  let filtersPerChunk: Int, filterChunks: Int
  /// Filters per product (a chunk's filters are multiplied and transformed back a block at a
  /// time; `filtersPerChunk` is a multiple of it) and the number of blocks.
  let filtersPerBlock: Int, filterBlocks: Int
  /// Floats from one packed `U_ξ` of a filter block (`filtersPerBlock × C`) to the next.
  let packedFilterSize: Int
  /// Width of a zero-padded input row: whole vectors over the m·tilesWide + (spans − 1)·m
  /// columns that the spans of a tile row cover.
  let rowWidth: Int
  /// Input channels per chunk of the input transform when it runs apart from the products.
  static let channelsPerBlock = 32

  init<F: WinogradTiling>(_ g: Conv2DGeometry, _: F.Type) {
    let m = F.outputTile
    outputTile = m
    inputTile = F.inputTile
    positions = F.inputTile * F.inputTile
    spans = F.spans
    tilesHigh = (g.outHeight + m - 1) / m
    tilesWide = (g.outWidth + m - 1) / m
    tiles = g.batch * tilesHigh * tilesWide
    // Products of about 128 columns (3×3): wide enough for the micro-kernel, while the V_ξ of
    // a chunk (C × 128 each) stay in the caches. 5×5 has 36 of them, not 16: 48 columns, and
    // blocks of 48 filters, so that a block's M_ξ (36 × 48 × 56 floats, 387 KB) is still in
    // the L2 cache when it is transformed back. (AlexNet's c2, 1 thread, CPU ms: 33 with
    // 128 columns and all 256 filters at once; 30 with 48 and 48; 64 columns or blocks of 24
    // or 96 were no better.)
    let target = F.kernelSize == 5 ? 48 : 128
    let chunksOfTiles = max(1, (tiles + target - 1) / target)
    tilesPerChunk = GEMMBlocking.roundUp((tiles + chunksOfTiles - 1) / chunksOfTiles, 16)
    tileChunks = (tiles + tilesPerChunk - 1) / tilesPerChunk
    // Few tile chunks (a small batch): also split the filters, to have about 8 chunks to share,
    // keeping at least 48 filters per product.
    let wanted = max(1, min((8 + tileChunks - 1) / tileChunks, g.outChannels / 48))
    let perChunk = GEMMBlocking.roundUp((g.outChannels + wanted - 1) / wanted, 6)
    filtersPerBlock = F.kernelSize == 5 ? min(perChunk, 48) : perChunk
    filtersPerChunk = GEMMBlocking.roundUp(perChunk, filtersPerBlock)
    filterChunks = (g.outChannels + filtersPerChunk - 1) / filtersPerChunk
    filterBlocks = (g.outChannels + filtersPerBlock - 1) / filtersPerBlock
    packedFilterSize = filtersPerBlock * g.inChannels + 16  // + 16: see packedInputSize
    rowWidth = GEMMBlocking.roundUp(m * tilesWide + (spans - 1) * m, 8) + 8
  }

  /// The tiles of tile chunk `index`.
  func tiles(_ index: Int) -> Range<Int> {
    index * tilesPerChunk..<min(tiles, (index + 1) * tilesPerChunk)
  }

  /// Floats from one packed `V_ξ` (C × tiles, in panels of 16) of a tile chunk to the next:
  /// 16 more than its size, so that the α² matrices do not start a multiple of 4 KB apart
  /// (the same L1 cache set: writing all of them at once evicted one another).
  func packedInputSize(tiles: Int, _ g: Conv2DGeometry) -> Int {
    g.inChannels * GEMMBlocking.roundUp(tiles, GEMMBlocking.nr) + 16
  }

  /// Floats of scratch for the input transform of a tile chunk: the ring and the column
  /// transforms of α padded rows, then the spans of α rows of `f`.
  var inputScratchSize: Int {
    2 * inputTile * rowWidth + spans * inputTile * headStride
  }

  /// Floats per row of a span: m per tile of a chunk, plus a group of 8 tiles.
  var headStride: Int { outputTile * (GEMMBlocking.roundUp(tilesPerChunk, 8) + 8) }

  /// The filters of filter chunk `index`.
  func filters(_ index: Int, _ g: Conv2DGeometry) -> Range<Int> {
    index * filtersPerChunk..<min(g.outChannels, (index + 1) * filtersPerChunk)
  }

  /// The filters of filter block `index`.
  func filterBlock(_ index: Int, _ g: Conv2DGeometry) -> Range<Int> {
    index * filtersPerBlock..<min(g.outChannels, (index + 1) * filtersPerBlock)
  }

  /// The packed `U_ξ` of filter chunk `index`: its first block's.
  func packedFilters(
    _ packedU: UnsafeMutablePointer<Float>, chunk index: Int
  ) -> UnsafeMutablePointer<Float> {
    packedU + index * (filtersPerChunk / filtersPerBlock) * positions * packedFilterSize
  }
}

/// The Winograd convolution on raw buffers, with 2×2 tiles: F(2×2, 3×3) or F(2×2, 5×5) by the
/// kernel size of `g`.
///
/// Why not F(4×4, 3×3) where it is faster (1 thread: N=128 64→64 24×24 28 ms against 36 ms;
/// 128→128 8×8 12.5 against 14.3): its larger rounding error (up to 1.2e-6 of an output's
/// `Σ|w·x|`, against 1.8e-7) showed in training. With it in the Keras model's c2 and c4,
/// one step on 8 MNIST digits gave bias gradients of c2 and c3 that differed from the same
/// step in Double (`cnn-bench`'s `train keras` check) by up to 15 % of their largest value;
/// with 2×2 tiles everywhere every gradient agreed to 1.5e-7. (A bias gradient is a sum of
/// many terms of both signs that largely cancel, and ReLU turns a tiny error in an output
/// near 0 into a whole gradient term.) F(4×4) stays available to the tests through
/// `conv2dWinograd(WinogradF4x4.self, …)`.
func conv2dWinograd(
  input: some WinogradInputSource, filters: WinogradFilters, bias: [Float]?,
  y: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry
) {
  if g.kernelHeight == 5 {
    conv2dWinograd(
      WinogradF2x2Kernel5.self, input: input, filters: filters, bias: bias, y: y, geometry: g)
  } else {
    conv2dWinograd(
      WinogradF2x2.self, input: input, filters: filters, bias: bias, y: y, geometry: g)
  }
}

/// The Winograd convolution on raw buffers: the input `(N, C, H, W)`, read row by row from
/// `input`, → `y: (N, K, P, Q)`, every element of `y` written. `filters` says where the taps
/// of the `(K, C, r, r)` filters lie (r = `F.kernelSize`).
///
/// With one filter chunk, each tile chunk transforms its input, multiplies and transforms
/// back in one go (its V_ξ stay in the caches). With several (a small batch of large layers),
/// the input of every tile chunk is transformed first, in chunks of channels, so that the
/// filter chunks share it instead of each transforming it again.
func conv2dWinograd<F: WinogradTiling, Input: WinogradInputSource>(
  _ tiling: F.Type, input: Input, filters: WinogradFilters, bias: [Float]?,
  y: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry
) {
  precondition(
    isWinogradShape(g, kernel: F.kernelSize),
    "conv2dWinograd needs a \(F.kernelSize)×\(F.kernelSize) stride-1 geometry, got \(g)")
  let plan = WinogradPlan(g, F.self)
  let positions = plan.positions
  let sy = SharedPointer(y)
  Workspace.withFloats(plan.filterBlocks * positions * plan.packedFilterSize) { packedU in
    let su = SharedPointer(packedU)
    // 1. U = G g Gᵀ for every (filter, channel), packed as gemm's A panels: in chunks of
    //    filters, each writing its own rows.
    let groups = (g.outChannels + 15) / 16
    let shared = (g, filters, su, plan)
    Parallel.forEach(chunks: groups, sharing: shared) { shared, group in
      let (g, filters, su, plan) = shared
      let range = group * 16..<min(g.outChannels, (group + 1) * 16)
      winogradPackFilters(F.self, range, filters: filters, into: su.base, plan: plan, geometry: g)
    }
    // 2. The chunks of (tiles, filters).
    let vSlot = positions * plan.packedInputSize(tiles: plan.tilesPerChunk, g)
    if plan.filterChunks == 1 {
      let shared = (plan, vSlot, g, input, su, sy, bias)
      Parallel.forEach(chunks: plan.tileChunks, sharing: shared) { shared, index in
        let (plan, vSlot, g, input, su, sy, bias) = shared
        let tiles = plan.tiles(index)
        Workspace.withFloats(vSlot + plan.inputScratchSize) { packedV in
          winogradTransformInput(
            F.self, tiles: tiles, channels: 0..<g.inChannels, input: input, into: packedV,
            scratch: packedV + vSlot, plan: plan, geometry: g)
          winogradMultiplyAndTransformOutput(
            F.self, tiles: tiles, filters: 0..<g.outChannels, packedU: su.base,
            packedV: packedV, bias: bias, y: sy.base, plan: plan, geometry: g)
        }
      }
      return
    }
    Workspace.withFloats(plan.tileChunks * vSlot) { packedV in
      let sv = SharedPointer(packedV)
      let block = WinogradPlan.channelsPerBlock
      let blocks = (g.inChannels + block - 1) / block
      let shared = (plan, blocks, block, g, input, sv, vSlot)
      Parallel.forEach(chunks: plan.tileChunks * blocks, sharing: shared) { shared, index in
        let (plan, blocks, block, g, input, sv, vSlot) = shared
        let (tileChunk, channelBlock) = index.quotientAndRemainder(dividingBy: blocks)
        Workspace.withFloats(plan.inputScratchSize) { scratch in
          winogradTransformInput(
            F.self, tiles: plan.tiles(tileChunk),
            channels: channelBlock * block..<min(g.inChannels, (channelBlock + 1) * block),
            input: input, into: sv.base + tileChunk * vSlot, scratch: scratch, plan: plan,
            geometry: g)
        }
      }
      let pairs = plan.tileChunks * plan.filterChunks
      let products = (plan, g, su, sv, vSlot, bias, sy)
      Parallel.forEach(chunks: pairs, sharing: products) { shared, index in
        let (plan, g, su, sv, vSlot, bias, sy) = shared
        let (tileChunk, filterChunk) = index.quotientAndRemainder(dividingBy: plan.filterChunks)
        winogradMultiplyAndTransformOutput(
          F.self, tiles: plan.tiles(tileChunk), filters: plan.filters(filterChunk, g),
          packedU: plan.packedFilters(su.base, chunk: filterChunk),
          packedV: sv.base + tileChunk * vSlot, bias: bias, y: sy.base, plan: plan, geometry: g)
      }
    }
  }
}

/// Writes `U_ξ = (G g Gᵀ)_ξ` of the filters `range` into the packed A panels of their filter
/// blocks (`packedU` holds, block after block, α² packed `filtersPerBlock × C` matrices). A
/// block's last panel is completed with zero rows.
private func winogradPackFilters<F: WinogradTiling>(
  _ tiling: F.Type, _ range: Range<Int>, filters: WinogradFilters,
  into packedU: UnsafeMutablePointer<Float>, plan: WinogradPlan, geometry g: Conv2DGeometry
) {
  let mr = GEMMBlocking.mr, kc = GEMMBlocking.kc
  let channels = g.inChannels
  for k in range {
    let block = k / plan.filtersPerBlock, row = k % plan.filtersPerBlock
    let rows = plan.filterBlock(block, g).count
    let mPadded = GEMMBlocking.roundUp(rows, mr)
    let matrices = packedU + block * plan.positions * plan.packedFilterSize
    let panel = row / mr
    // The zero rows after the block's last filter, written with it.
    let padding = k == plan.filterBlock(block, g).upperBound - 1 ? mPadded - rows : 0
    for c in 0..<channels {
      let p0 = c / kc * kc, kb = min(kc, channels - p0)
      let offset = p0 * mPadded + panel * mr * kb + (c - p0) * mr + row % mr
      F.transformFilter(filters.taps(k, c), into: matrices + offset, stride: plan.packedFilterSize)
      for extra in 0..<padding {
        for xi in 0..<plan.positions {
          matrices[xi * plan.packedFilterSize + offset + 1 + extra] = 0
        }
      }
    }
  }
}

/// The tile rows (image `n`, tile row `th`) that meet `tiles`, each with its tile columns in
/// `tiles` (`tw` in `lo..<hi`) and the chunk-local index of its tile 0 (may be negative).
/// (Also used by the weight gradient, Conv2DWinogradWeightGradient.swift.)
@inline(__always)
func forEachTileRow(
  _ tiles: Range<Int>, _ plan: WinogradPlan,
  _ body: (_ n: Int, _ th: Int, _ lo: Int, _ hi: Int, _ local: Int) -> Void
) {
  let tw = plan.tilesWide
  for row in tiles.lowerBound / tw...(tiles.upperBound - 1) / tw {
    let start = row * tw
    let (n, th) = row.quotientAndRemainder(dividingBy: plan.tilesHigh)
    body(
      n, th, max(0, tiles.lowerBound - start), min(tw, tiles.upperBound - start),
      start - tiles.lowerBound)
  }
}

/// Step 1 of a tile chunk: rows `channels` of its `V_ξ`, packed as gemm's B panels (C rows,
/// one column per tile, columns past the chunk zero; `packedV` holds the α² matrices).
///
/// Per channel and tile row, the α padded input rows (kept in a ring: α − m of them are shared
/// with the next tile row) are combined down the columns, `f_a = Σ_i Bᵀ[a, i]·row_i`, and each
/// `f_a` is laid out tile after tile for the whole chunk, in `spans` copies: span j holds, per
/// tile, the m columns that begin j tiles further on (span 0 its own m columns, the "heads";
/// with m = 2 and a 3×3 kernel, span 1 holds the 2 "tails" that complete its 4 columns, with a
/// 5×5 kernel spans 1 and 2 the 4 that complete its 6). The second half, `V[a, ·] = f_a B`,
/// then runs on 8 consecutive tiles at a time (every lane used, whatever the tile rows) and
/// stores each `V_ξ` straight into its panel: 8 tiles never straddle two panels of 16.
private func winogradTransformInput<F: WinogradTiling, Input: WinogradInputSource>(
  _ tiling: F.Type, tiles: Range<Int>, channels: Range<Int>, input: Input,
  into packedV: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
  plan: WinogradPlan, geometry g: Conv2DGeometry
) {
  let m = F.outputTile, alpha = F.inputTile
  let (height, width) = (g.height, g.width)
  let (top, left) = (g.padding.top, g.padding.left)
  let tileCount = tiles.count
  let nr = GEMMBlocking.nr, kc = GEMMBlocking.kc
  let tPadded = GEMMBlocking.roundUp(tileCount, nr)
  let vSize = plan.packedInputSize(tiles: tileCount, g)
  // (`F.spans`, not `plan.spans`: a constant, so the copies below unroll.)
  let rw = plan.rowWidth, hs = plan.headStride, spans = F.spans
  let ring = scratch, f = ring + alpha * rw, heads = f + alpha * rw
  // Columns outside the image stay zero, as do the spans past the chunk's tiles (they fill the
  // padding columns of the last panel).
  ring.initialize(repeating: 0, count: alpha * rw)
  heads.initialize(repeating: 0, count: spans * alpha * hs)
  for c in channels {
    var image = -1, lastRow = -1
    forEachTileRow(tiles, plan) { n, th, lo, hi, local in
      let first = th * m
      for ph in (n == image ? max(first, lastRow + 1) : first)..<first + alpha {
        let row = ring + (ph % alpha) * rw + left, h = ph - top
        if h >= 0 && h < height {
          input.readRow(image: n, channel: c, row: h, into: row)
        } else {
          row.update(repeating: 0, count: width)
        }
      }
      (image, lastRow) = (n, first + alpha - 1)
      var u = lo * m
      while u < hi * m + (spans - 1) * m {
        F.transformInputColumns(ring: ring + u, first: first, slot: rw, into: f + u, stride: rw)
        u += 8
      }
      let count = (hi - lo) * m, target = (local + lo) * m
      for a in 0..<alpha {
        for j in 0..<spans {
          copyRow(f + a * rw + lo * m + j * m, heads + (j * alpha + a) * hs + target, count)
        }
      }
    }
    let p0 = c / kc * kc, kb = min(kc, g.inChannels - p0)
    let row = packedV + p0 * tPadded + (c - p0) * nr
    for a in 0..<alpha {
      var t = 0
      while t < tPadded {
        F.transformInputRows(
          heads + a * hs + t * m, spanStride: alpha * hs,
          into: row + a * alpha * vSize + (t / nr) * nr * kb + t % nr, stride: vSize)
        t += 8
      }
    }
  }
}

/// Steps 2 and 3 of a tile chunk, for the filters `filters` (whole filter blocks, whose packed
/// `U_ξ` start at `packedU`), a block at a time: the α² products `M_ξ = U_ξ · V_ξ`, then
/// `Y = Aᵀ M A + b`, written into `y` where the outputs lie inside P × Q.
///
/// Per filter, 8 consecutive tiles at a time are transformed into m staging rows, one per
/// output row of a tile (tile t's outputs at columns m·t … m·t + m − 1), which are then copied
/// into the image rows of each tile row.
private func winogradMultiplyAndTransformOutput<F: WinogradTiling>(
  _ tiling: F.Type, tiles: Range<Int>, filters: Range<Int>, packedU: UnsafePointer<Float>,
  packedV: UnsafePointer<Float>, bias: [Float]?, y: UnsafeMutablePointer<Float>,
  plan: WinogradPlan, geometry g: Conv2DGeometry
) {
  var first = filters.lowerBound, blockU = packedU
  while first < filters.upperBound {
    let block = first..<min(filters.upperBound, first + plan.filtersPerBlock)
    winogradMultiplyAndTransformOutputBlock(
      F.self, tiles: tiles, filters: block, packedU: blockU, packedV: packedV, bias: bias, y: y,
      plan: plan, geometry: g)
    first = block.upperBound
    blockU += plan.positions * plan.packedFilterSize
  }
}

/// `winogradMultiplyAndTransformOutput` for one filter block `filters`.
private func winogradMultiplyAndTransformOutputBlock<F: WinogradTiling>(
  _ tiling: F.Type, tiles: Range<Int>, filters: Range<Int>, packedU: UnsafePointer<Float>,
  packedV: UnsafePointer<Float>, bias: [Float]?, y: UnsafeMutablePointer<Float>,
  plan: WinogradPlan, geometry g: Conv2DGeometry
) {
  let tile = F.outputTile, positions = plan.positions
  let (outHeight, outWidth) = (g.outHeight, g.outWidth)
  let tileCount = tiles.count, filterCount = filters.count
  let vSize = plan.packedInputSize(tiles: tileCount, g)
  // M rows have room for a last group of 8 tiles.
  let mStride = GEMMBlocking.roundUp(tileCount, 8) + 8, mSize = filterCount * mStride
  let outStride = GEMMBlocking.roundUp(tileCount, 8) * tile
  Workspace.withFloats(positions * mSize + tile * outStride) { m in
    let staging = m + positions * mSize
    for xi in 0..<positions {
      gemmPacked(
        m: filterCount, n: tileCount, k: g.inChannels,
        packedA: packedU + xi * plan.packedFilterSize, packedB: packedV + xi * vSize,
        c: m + xi * mSize, ldc: mStride, accumulate: false, threaded: false)
    }
    for (kk, k) in filters.enumerated() {
      let b = SIMD8<Float>(repeating: bias?[k] ?? 0)
      var t = 0
      while t < tileCount {
        F.transformOutput(
          m + kk * mStride + t, stride: mSize, bias: b, into: staging + t * tile,
          outStride: outStride)
        t += 8
      }
      forEachTileRow(tiles, plan) { n, th, lo, hi, local in
        let plane = y + (n * g.outChannels + k) * outHeight * outWidth
        let q = lo * tile, count = min(outWidth, hi * tile) - q
        for i in 0..<min(tile, outHeight - th * tile) {
          copyRow(
            staging + i * outStride + (local + lo) * tile,
            plane + (th * tile + i) * outWidth + q, count)
        }
      }
    }
  }
}

/// Whether `conv2dBackward` computes the input gradient by Winograd: a 3×3 or 5×5 stride-1
/// geometry whose padding is at most r − 1 on every side (so that dy is padded, not cropped,
/// below), unless the direct path takes it (3×3: C ≤ 8), and for 5×5 with at least
/// `winogradKernel5MinimumChannels` input channels (16; the output channels of dx's
/// convolution). 3×3: measured faster than im2col + GEMM + col2im for every K tried
/// (1 … 384; e.g. N=32 C=20 16×16: 1.2× for the whole backward pass at K = 4 … 32).
func usesWinogradInputGradient(_ g: Conv2DGeometry) -> Bool {
  hasWinogradInputGradient(g) && !usesDirectConv(g, backward: true)
    && (g.kernelHeight == 3 || g.inChannels >= winogradKernel5MinimumChannels)
}

/// A 3×3 or 5×5 (r×r) stride-1 geometry padded by at most r − 1 on every side: what
/// `conv2dWinogradInputGradient` computes.
func hasWinogradInputGradient(_ g: Conv2DGeometry) -> Bool {
  let p = g.padding
  return isWinogradShape(g) && max(p.top, p.bottom, p.left, p.right) <= g.kernelHeight - 1
}

/// The input gradient of an r×r stride-1 convolution (r = 3 or 5) as a Winograd convolution:
///
/// ```
///   dx[n, c, h, v] = Σ_{k,r,s} w[k, c, R − 1 − r, R − 1 − s] · dy[n, k, h + r − Pt′, v + s − Pl′]
///                    with Pt′ = R − 1 − Pt, Pl′ = R − 1 − Pl
///
///   dy: (N, K, P, Q) padded by R − 1 − Pt, R − 1 − Pb, R − 1 − Pl, R − 1 − Pr
///   →   dx: (N, C, H, W)
/// ```
/// i.e. `dy` correlated with the filters turned by 180° and their channels swapped (K in, C
/// out). Every element of `dx` is written.
func conv2dWinogradInputGradient(
  dy: UnsafePointer<Float>, w: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
  geometry g: Conv2DGeometry
) {
  let transposed = winogradInputGradientGeometry(g)
  conv2dWinograd(
    input: WinogradInputRows(dy, transposed), filters: WinogradFilters(inputGradient: w, g),
    bias: nil, y: dx, geometry: transposed)
}

/// `conv2dWinogradInputGradient` with the tiles `tiling` (for the tests).
func conv2dWinogradInputGradient<F: WinogradTiling>(
  _ tiling: F.Type, dy: UnsafePointer<Float>, w: UnsafePointer<Float>,
  dx: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry
) {
  let transposed = winogradInputGradientGeometry(g)
  conv2dWinograd(
    F.self, input: WinogradInputRows(dy, transposed),
    filters: WinogradFilters(inputGradient: w, g), bias: nil, y: dx, geometry: transposed)
}

/// The convolution that computes dx: `dy` (N, K, P, Q) padded by R − 1 − P on each side,
/// K → C.
private func winogradInputGradientGeometry(_ g: Conv2DGeometry) -> Conv2DGeometry {
  precondition(hasWinogradInputGradient(g), "no Winograd input gradient for \(g)")
  let (p, e) = (g.padding, g.kernelHeight - 1)
  let transposed = try! Conv2DGeometry(
    batch: g.batch, inChannels: g.outChannels, height: g.outHeight, width: g.outWidth,
    outChannels: g.inChannels, kernel: (g.kernelHeight, g.kernelWidth),
    padding: Padding2D(top: e - p.top, bottom: e - p.bottom, left: e - p.left, right: e - p.right))
  precondition(transposed.outHeight == g.height && transposed.outWidth == g.width)
  return transposed
}
