/// 2-D convolution (cross-correlation, as in PyTorch's `conv2d`) by im2col + GEMM.
///
/// ```
///   y[n, k, p, q] = b[k] + Σ_{c,r,s} w[k, c, r, s] · x[n, g·C/G + c, h, v]
///                   with h = p·Sh + r·Dh − Pt, v = q·Sw + s·Dw − Pl
///
///   x: (N, C, H, W)   w: (K, C/G, R, S)   b: (K) or nil   y: (N, K, P, Q)
///   g = k / (K/G), the group of filter k; positions outside the input read as zero
/// ```
/// For each image and group: `Y_g (K/G × P·Q) = W_g (K/G × C/G·R·S) · col_g (C/G·R·S × P·Q)`,
/// with `col_g = im2col(x_g)`. The filters are packed for the product once per call; a large
/// `col_g` is built and multiplied a block of columns at a time (`ConvPlan.columnBlock`), and at
/// a stride above 1 it is copied from the image split by column phase (`Im2ColPhases`). A 1×1
/// kernel at stride 1 without padding needs no im2col: the image itself is `col_g`. Few input
/// channels at stride 1 (C·R·S ≤ 150, e.g. LeNet's c1 and c2) take a direct path instead
/// (`Conv2DDirect.swift`) that sums in the same order. A 3×3
/// kernel at stride 1 with more channels (C ≥ 17, no dilation or groups) takes Winograd's
/// minimal filtering (`conv2dWinograd`: F(2×2, 3×3), 2.25× fewer multiplications), and so
/// does a 5×5 kernel at stride 1 with C ≥ 16 (F(2×2, 5×5), 2.78× fewer; e.g. AlexNet's c2).
///
///     // x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]] (1×1×3×3), w = [[1, 0], [0, −1]], b = [10]
///     // y = 10 + [[1 − 5, 2 − 6], [4 − 8, 5 − 9]] = [[6, 6], [6, 6]]
///
/// Work is split into fixed chunks of (image, group) pairs, sized from the problem alone;
/// each chunk owns one im2col buffer. When there are fewer than four pairs the pairs run in
/// turn and the matrix product itself is shared between threads. Either way every output is
/// summed in the same order (bias first, then the terms in `(c, r, s)` order), so the result
/// is bit-identical for any thread count. The Winograd path has its own fixed chunks (of tiles
/// and filters) and is bit-identical for any thread count too, but it does not sum in the
/// reference's order: its transforms add inputs before multiplying, which changes the rounding.
///
/// Its scalar reference is `CrossCorrelation.conv2dReference`; the two agree to Float
/// rounding (tests sweep random configurations): within `2e-5 · (|b| + Σ|w·x|)` on the GEMM
/// and direct paths; on the Winograd path within `1e-6` of the same sum taken over the 4×4
/// (3×3 kernel) or 6×6 (5×5) input window of the output's tile (see `conv2dWinograd`).
/// - Complexity: `N·K·P·Q·(C/G)·R·S` multiply–adds (`geometry.multiplyAdds`).
public func conv2d(
  input x: Tensor<Float>, weight w: Tensor<Float>, bias b: Tensor<Float>?,
  geometry g: Conv2DGeometry
) -> Tensor<Float> {
  checkConv2DOperands(x, w, b, g)
  // Every path writes every element (IntoVariantTests), so the storage starts uninitialized
  // instead of being zeroed first: for the Keras model's c1 that zeroing was a 22 MB pass.
  let count = g.outputShape.reduce(1, *)
  let y = [Float](unsafeUninitializedCapacity: count) { y, initialized in
    conv2dForward(x, w, b, g, into: y.baseAddress!)
    initialized = count
  }
  return Tensor(shape: g.outputShape, scalars: y)
}

/// `conv2d` into an output tensor kept by the caller: `y` takes the shape `(N, K, P, Q)`,
/// its storage is reused when the element count matches (`Tensor.prepareForOverwrite`), and
/// every element is overwritten. The same paths, sums and bits as `conv2d`.
public func conv2d(
  input x: Tensor<Float>, weight w: Tensor<Float>, bias b: Tensor<Float>?,
  geometry g: Conv2DGeometry, into y: inout Tensor<Float>
) {
  checkConv2DOperands(x, w, b, g)
  if !g.matchesOutput(y) {
    y.prepareForOverwrite(shape: g.outputShape)
  }
  y.scalars.withUnsafeMutableBufferPointer { y in
    conv2dForward(x, w, b, g, into: y.baseAddress!)
  }
}

/// Stops with the mismatch when `x`, `w` or `b` does not have the shape `g` says.
private func checkConv2DOperands(
  _ x: Tensor<Float>, _ w: Tensor<Float>, _ b: Tensor<Float>?, _ g: Conv2DGeometry
) {
  precondition(g.matchesInput(x), "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  precondition(g.matchesWeight(w), "weight shape \(w.shape) ≠ \(g.weightShape) for \(g)")
  if let b {
    precondition(b.hasShape(g.outChannels), "bias shape \(b.shape) ≠ [\(g.outChannels)]")
  }
}

/// The paths of `conv2d` (see its comment), writing every element of `y: (N, K, P, Q)`.
private func conv2dForward(
  _ x: Tensor<Float>, _ w: Tensor<Float>, _ b: Tensor<Float>?, _ g: Conv2DGeometry,
  into y: UnsafeMutablePointer<Float>
) {
  x.scalars.withUnsafeBufferPointer { px in
    w.scalars.withUnsafeBufferPointer { pw in
      conv2dForward(x: px.baseAddress!, w: pw.baseAddress!, bias: b?.scalars, y: y, geometry: g)
    }
  }
}

/// `conv2dForward` on raw buffers: `x: (N, C, H, W)`, `w: (K, C/G, R, S)`.
private func conv2dForward(
  x: UnsafePointer<Float>, w: UnsafePointer<Float>, bias: [Float]?,
  y: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry
) {
  if usesDirectConv(g) {
    // Few input channels (C·R·S ≤ 150, stride 1): the direct path, same sums and bits.
    conv2dDirect(x: x, w: w, bias: bias, y: y, geometry: g)
    return
  }
  if usesWinogradConv(g) {
    // 3×3 at stride 1 with C ≥ 17: Winograd (Conv2DWinograd.swift).
    conv2dWinograd(
      input: WinogradInputRows(x, g), filters: WinogradFilters(forward: w, g), bias: bias,
      y: y, geometry: g)
    return
  }
  if let rearranged = spaceToDepthGeometry(g) {
    // A strided layer that becomes a Winograd layer by space to depth (AlexNet's c1).
    conv2dSpaceToDepth(x: x, w: w, bias: bias, y: y, geometry: g, rearranged: rearranged)
    return
  }
  let plan = ConvPlan(g)
  let sx = SharedConstPointer(x), sy = SharedPointer(y)
  guard plan.needsColumns else {
    // 1×1, stride 1, no padding: the image is already `col`.
    let sw = SharedConstPointer(w)
    plan.run(sharing: (sx, sw, sy, bias, g, plan)) { shared, items, threadedGEMM in
      let (sx, sw, sy, biasValues, g, plan) = shared
      for item in items {
        let (n, group) = item.quotientAndRemainder(dividingBy: g.groups)
        conv2dForwardItem1x1(
          n: n, group: group, x: sx.base, w: sw.base, bias: biasValues, y: sy.base,
          geometry: g, plan: plan, threadedGEMM: threadedGEMM)
      }
    }
    return
  }
  plan.withPackedWeights(w) { packedW in
    let sw = SharedConstPointer(packedW)
    plan.run(sharing: (sx, sw, sy, bias, g, plan)) { shared, items, threadedGEMM in
      let (sx, sw, sy, biasValues, g, plan) = shared
      plan.withPackedColumnBuffer { col in
        for item in items {
          let (n, group) = item.quotientAndRemainder(dividingBy: g.groups)
          conv2dForwardItem(
            n: n, group: group, x: sx.base, packedW: sw.base, bias: biasValues,
            y: sy.base, col: col, geometry: g, plan: plan, threadedGEMM: threadedGEMM)
        }
      }
    }
  }
}

/// The bias as the first term of every sum of image `n`, group `group` (as in the reference).
private func initializeWithBias(
  _ yg: UnsafeMutablePointer<Float>, group: Int, bias: [Float], geometry g: Conv2DGeometry,
  plan: ConvPlan
) {
  let kg = g.outChannelsPerGroup
  for k in 0..<kg {
    (yg + k * plan.columns).initialize(repeating: bias[group * kg + k], count: plan.columns)
  }
}

/// One image `n`, one group: `Y_g = W_g · im2col(x_g)` (+ bias), one block of columns at a
/// time: im2col straight into gemm's packed B panels, then the product with the packed
/// filters (`ConvPlan.withPackedWeights`).
private func conv2dForwardItem(
  n: Int, group: Int, x: UnsafePointer<Float>, packedW: UnsafePointer<Float>, bias: [Float]?,
  y: UnsafeMutablePointer<Float>, col: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry,
  plan: ConvPlan, threadedGEMM: Bool
) {
  let kg = g.outChannelsPerGroup
  let xg = x + (n * g.inChannels + group * g.inChannelsPerGroup) * g.height * g.width
  let yg = y + (n * g.outChannels + group * kg) * plan.columns
  if let bias { initializeWithBias(yg, group: group, bias: bias, geometry: g, plan: plan) }
  // At a stride above 1, the image split by column phase, after the block of `col`.
  let phases = plan.phases.map { layout in
    let values = col + plan.packedColumnBlockSize
    layout.fill(xg, channels: g.inChannelsPerGroup, geometry: g, into: values)
    return (layout: layout, values: UnsafePointer(values))
  }
  var j = 0
  while j < plan.columns {
    let block = j..<min(plan.columns, j + plan.columnBlock)
    im2colPacked(
      xg, channels: g.inChannelsPerGroup, geometry: g, columns: block, phases: phases,
      into: col)
    gemmPacked(
      m: kg, n: block.count, k: plan.rows, packedA: packedW + group * plan.packedWeightSize,
      packedB: col, c: yg + j, ldc: plan.columns, accumulate: bias != nil,
      threaded: threadedGEMM)
    j = block.upperBound
  }
}

/// One image `n`, one group of a 1×1 convolution at stride 1 without padding: the image is
/// already `col_g` (C/G × H·W), so `Y_g = W_g · x_g` (+ bias).
private func conv2dForwardItem1x1(
  n: Int, group: Int, x: UnsafePointer<Float>, w: UnsafePointer<Float>, bias: [Float]?,
  y: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry, plan: ConvPlan,
  threadedGEMM: Bool
) {
  let kg = g.outChannelsPerGroup
  let xg = x + (n * g.inChannels + group * g.inChannelsPerGroup) * g.height * g.width
  let yg = y + (n * g.outChannels + group * kg) * plan.columns
  if let bias { initializeWithBias(yg, group: group, bias: bias, geometry: g, plan: plan) }
  gemmBlocked(
    m: kg, n: plan.columns, k: plan.rows, a: w + group * kg * plan.rows, lda: plan.rows,
    transposeA: false, b: xg, ldb: plan.columns, transposeB: false, c: yg,
    ldc: plan.columns, accumulate: bias != nil, threaded: threadedGEMM)
}

/// How a convolution over (image, group) pairs is cut into chunks; shared by the forward
/// and backward passes. Everything here follows from the geometry, never the thread count.
struct ConvPlan: Sendable {
  /// `C/G·R·S`, the rows of `col`.
  let rows: Int
  /// `P·Q`, the columns of `col`.
  let columns: Int
  /// `N·G`, the (image, group) pairs; pair `i` is image `i / G`, group `i % G`.
  let items: Int
  /// Consecutive pairs per chunk.
  let itemsPerChunk: Int
  /// False for a 1×1 kernel at stride 1 without padding, whose `col` is the image itself.
  let needsColumns: Bool
  /// Columns of `col` built at a time by the forward pass: all `P·Q`, or (when `col` would
  /// outgrow the caches and the filters are small enough to stay there) a multiple of 16
  /// giving about 256 KB of packed panels.
  let columnBlock: Int
  /// How the forward pass splits an image by column phase (a stride above 1), else nil.
  let phases: Im2ColPhases?
  /// `G` and `K/G`.
  let groups: Int, filtersPerGroup: Int
  /// Floats of one group's filters packed as gemm's A panels (`K/G` rounded up to 6, × rows).
  let packedWeightSize: Int

  init(_ g: Conv2DGeometry) {
    rows = g.inChannelsPerGroup * g.kernelHeight * g.kernelWidth
    columns = g.outHeight * g.outWidth
    items = g.batch * g.groups
    (groups, filtersPerGroup) = (g.groups, g.outChannelsPerGroup)
    // About 2¹⁸ multiply–adds per chunk at least, so small pairs are not scheduled singly.
    let work = max(1, g.outChannelsPerGroup * rows * columns)
    itemsPerChunk = max(1, min(items, (1 << 18) / work))
    needsColumns = !(g.kernelHeight == 1 && g.kernelWidth == 1 && g.strideHeight == 1
      && g.strideWidth == 1 && g.padding == Padding2D(0))
    phases = g.strideWidth > 1 ? Im2ColPhases(g) : nil
    packedWeightSize = GEMMBlocking.roundUp(g.outChannelsPerGroup, GEMMBlocking.mr) * rows
    // Blocks of about 2¹⁶ floats (256 KB) when the whole `col` is over 2¹⁷ floats and the
    // packed filters take at most 2¹⁶: both then stay in the 1 MB L2 cache of a core.
    let nr = GEMMBlocking.nr
    let whole = rows * GEMMBlocking.roundUp(columns, nr)
    if whole > 1 << 17 && packedWeightSize <= 1 << 16 {
      columnBlock = max(nr, (1 << 16) / rows / nr * nr)
    } else {
      columnBlock = columns
    }
  }

  /// Chunks of pairs, or (with fewer than four pairs) one pair after another with the
  /// matrix products shared between threads. `body` captures nothing and gets `shared` (see
  /// `Parallel.forEach(chunks:sharing:_:)`).
  func run<Shared: Sendable>(
    sharing shared: Shared,
    _ body: @escaping @Sendable (
      _ shared: Shared, _ items: Range<Int>, _ threadedGEMM: Bool
    ) -> Void
  ) {
    if items < 4 {
      for item in 0..<items { body(shared, item..<item + 1, true) }
      return
    }
    let chunks = (items + itemsPerChunk - 1) / itemsPerChunk
    Parallel.forEach(
      chunks: chunks,
      job: ConvItemsJob(shared: shared, body: body, items: items, itemsPerChunk: itemsPerChunk))
  }

  /// Floats of one block of `col` packed as gemm's B: `rows × columnBlock` rounded up to 16
  /// columns.
  var packedColumnBlockSize: Int { rows * GEMMBlocking.roundUp(columnBlock, GEMMBlocking.nr) }

  /// Runs `body` with a buffer for one block of `col` packed as gemm's B, followed by room for
  /// the image split by column phase when `phases` is set.
  func withPackedColumnBuffer(_ body: (UnsafeMutablePointer<Float>) -> Void) {
    Workspace.withFloats(packedColumnBlockSize + (phases?.count ?? 0)) { body($0) }
  }

  /// Runs `body` with the filters `w: (K, C/G, R, S)` packed as gemm's A panels, group after
  /// group (`packedWeightSize` floats each), once for all images: in parallel chunks of
  /// panels when there is much to copy (packing only copies, so the split changes nothing).
  func withPackedWeights(
    _ w: UnsafePointer<Float>, _ body: (UnsafePointer<Float>) -> Void
  ) {
    Workspace.withFloats(groups * packedWeightSize) { packed in
      let panels = packedWeightSize / rows / GEMMBlocking.mr, panelsPerChunk = 8
      let chunksPerGroup = (panels + panelsPerChunk - 1) / panelsPerChunk
      let job = WeightPackingJob(
        w: SharedConstPointer(w), packed: SharedPointer(packed), rows: rows,
        size: packedWeightSize, filters: filtersPerGroup, panels: panels,
        panelsPerChunk: panelsPerChunk, chunksPerGroup: chunksPerGroup)
      if groups * packedWeightSize >= 1 << 18 {
        Parallel.forEach(chunks: groups * chunksPerGroup, sharing: job) { job, chunk in
          job.pack(chunk)
        }
      } else {
        for chunk in 0..<groups * chunksPerGroup { job.pack(chunk) }
      }
      body(packed)
    }
  }
}

/// The job of `ConvPlan.run`: chunk `i` is the (image, group) pairs `i·itemsPerChunk ..<`.
private struct ConvItemsJob<Shared>: ParallelJob {
  let shared: Shared
  let body: (Shared, Range<Int>, Bool) -> Void
  let items: Int, itemsPerChunk: Int

  static func run(_ job: UnsafeRawPointer, chunk: Int) {
    let job = job.assumingMemoryBound(to: Self.self)
    let (items, size) = (job.pointee.items, job.pointee.itemsPerChunk)
    job.pointee.body(job.pointee.shared, chunk * size..<min(items, (chunk + 1) * size), false)
  }
}

/// The chunks of `ConvPlan.withPackedWeights`: chunk `i` packs part `i mod chunksPerGroup`
/// (`panelsPerChunk` panels) of group `i / chunksPerGroup`'s filters.
private struct WeightPackingJob: Sendable {
  let w: SharedConstPointer<Float>, packed: SharedPointer<Float>
  let rows: Int, size: Int, filters: Int, panels: Int, panelsPerChunk: Int, chunksPerGroup: Int

  @inline(__always)
  func pack(_ chunk: Int) {
    let (group, part) = chunk.quotientAndRemainder(dividingBy: chunksPerGroup)
    gemmPackA(
      m: filters, k: rows, a: w.base + group * filters * rows, lda: rows, transposed: false,
      panels: part * panelsPerChunk..<min(panels, (part + 1) * panelsPerChunk),
      into: packed.base + group * size)
  }
}
