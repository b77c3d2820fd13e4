/// The gradients of a 2-D convolution: a `LayerGradients` whose tensors are shaped
///
/// ```
///   input:  ∂L/∂x  (N, C, H, W)
///   weight: ∂L/∂w  (K, C/G, R, S)
///   bias:   ∂L/∂b  (K)
/// ```
///
///     let grads = conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: g)
///     grads.bias.scalars   // Σ over n, p, q of dy, per filter: [1] for dy = [[1, 0], [0, 0]]
public typealias Conv2DGradients<Scalar: BinaryFloatingPoint & Sendable> = LayerGradients<Scalar>

/// The backward pass of `conv2d`: from `dy = ∂L/∂y` to the gradients of input, weight and bias.
///
/// ```
///   dx[n, g·C/G + c, h, v] = Σ_{k in group g} Σ_{r,s} w[k, c, r, s] · dy[n, k, p, q]
///                              over the (p, q) with p·Sh + r·Dh − Pt = h, q·Sw + s·Dw − Pl = v
///   dw[k, c, r, s]         = Σ_{n,p,q} dy[n, k, p, q] · x[n, g·C/G + c, h, v]   (0 outside)
///                              with h = p·Sh + r·Dh − Pt, v = q·Sw + s·Dw − Pl
///   db[k]                  = Σ_{n,p,q} dy[n, k, p, q]
///
///   x: (N, C, H, W)   w: (K, C/G, R, S)   dy: (N, K, P, Q)
/// ```
/// Four paths compute it:
///
/// - Few input channels at stride 1, no dilation or groups (C·R·S ≤ 75, e.g. LeNet's layers
///   and a first layer): the direct path (`Conv2DDirect.swift`) for `dx`, `dw` and `db`.
/// - A 3×3 kernel at stride 1, no dilation or groups, padding ≤ 2 and C ≥ 9: Winograd's
///   minimal filtering for all three. `dx` is itself a 3×3 stride-1 convolution, of `dy`
///   padded by `2 − P` on each side with the filters turned by 180° and their channels
///   swapped, computed by F(2×2, 3×3) (see `conv2dWinograd`); `dw` is a sum over the 2×2 tiles
///   of `dy` of 3×3 correlations of each tile's 4×4 input window with the tile, computed by
///   F(3×3, 2×2) (see `conv2dWinogradWeightGradient`); `db` sums `dy`.
/// - A 5×5 kernel at stride 1, no dilation or groups, padding ≤ 4 and C ≥ 16 (AlexNet's c2):
///   the same with F(2×2, 5×5) for `dx` (dy padded by `4 − P`) and F(5×5, 2×2) for `dw`
///   (6×6 windows).
/// - Everything else: im2col + GEMM. As matrices, for a chunk of B images and one group, with
///   the images' columns side by side (`col = [im2col(x_1) … im2col(x_B)]`, C/G·R·S × B·P·Q,
///   and `dY = [dy_1 … dy_B]`, K/G × B·P·Q): `dW_g += dY · colᵀ` and
///   `[dcol_1 … dcol_B] = W_gᵀ · dY`, `dx_i = col2im(dcol_i)`. Putting the images side by
///   side makes the products long enough (inner size B·P·Q) to pay for packing, which one
///   image's P·Q (100 for LeNet's c2) is not. Where the forward pass puts the filters in the
///   vector lanes (K a multiple of 16, C·R·S from 76 to 150: LeNet's c2), `dw` is read
///   straight from the padded images instead of im2col (`weightGradientByFilters`).
///
///     // x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]] (1×1×3×3), 2×2 kernel, dy = [[1, 0], [0, 0]]:
///     // only y[0, 0] matters, so dw = the window it saw = [[1, 2], [4, 5]], db = [1],
///     // and dx = w placed over that window (zero elsewhere).
///
/// With `inputGradient: false` (a network's first layer, whose input needs no gradient) `dx`
/// is not computed and `input` is an empty tensor of shape [0]; `dw` and `db` are the same
/// bits as with it.
///
/// Determinism: every path cuts the work into fixed chunks sized from the problem, never the
/// thread count. The direct and im2col paths cut the batch into chunks of images; each chunk
/// sums its own partial `dw` and `db`, and the partials are then added in chunk order, while
/// `dx` of each image is written by one chunk only. The Winograd `dx` has fixed chunks of
/// tiles and filters; the Winograd `dw` fixed chunks of tiles and channels, whose partials are
/// added in chunk order; `db` is summed per filter, image after image.
///
/// Its scalar reference is `CrossCorrelation.conv2dBackwardReference`; the two agree to
/// Float rounding (tests sweep random configurations). The Winograd path does not sum in the
/// reference's order: its `dx` agrees within `1e-6` of `Σ|w|·|dy|` taken over the 4×4 (6×6
/// for 5×5) input window of each 2×2 tile of `dx` (see `conv2dWinograd`), its `dw[k, c]` within
/// `1e-6` of
/// `Σ_tiles (Σ_tile |dy[n, k]|)·(Σ_window |x[n, c]|)` (see `conv2dWinogradWeightGradient`).
/// - Complexity: `2·N·K·P·Q·(C/G)·R·S` multiply–adds (twice the forward pass; half of that
///   without the input gradient); on the Winograd path about 2.25 times fewer (for 5×5, `dx`
///   2.78 times fewer).
public func conv2dBackward(
  input x: Tensor<Float>, weight w: Tensor<Float>, outputGradient dy: Tensor<Float>,
  geometry g: Conv2DGeometry, inputGradient: Bool = true
) -> Conv2DGradients<Float> {
  checkConv2DBackwardOperands(x, w, dy, g)
  // Every path writes every element (IntoVariantTests), so the storage starts uninitialized
  // instead of being zeroed first, as in `conv2d`: for the Keras model's c2, dx is 22 MB.
  let dxCount = inputGradient ? x.count : 0
  let (dwCount, dbCount) = (w.count, g.outChannels)
  var dw: [Float] = [], db: [Float] = []
  let dx = [Float](unsafeUninitializedCapacity: dxCount) { dx, dxWritten in
    dw = [Float](unsafeUninitializedCapacity: dwCount) { dw, dwWritten in
      db = [Float](unsafeUninitializedCapacity: dbCount) { db, dbWritten in
        conv2dBackward(
          x, w, dy, g, dx: inputGradient ? dx.baseAddress! : nil, dw: dw.baseAddress!,
          db: db.baseAddress!)
        dbWritten = dbCount
      }
      dwWritten = dwCount
    }
    dxWritten = dxCount
  }
  return Conv2DGradients(
    input: Tensor(shape: inputGradient ? g.inputShape : [0], scalars: dx),
    weight: Tensor(shape: g.weightShape, scalars: dw),
    bias: Tensor(shape: [g.outChannels], scalars: db))
}

/// `conv2dBackward` into gradients kept by the caller: `grads.input`, `grads.weight` and
/// `grads.bias` take their shapes (`grads.input` is `[0]` without the input gradient), their
/// storage is reused when the element counts match (`Tensor.prepareForOverwrite`), and every
/// element is overwritten. The same paths, sums and bits as `conv2dBackward`; the scratch
/// memory (the chunks' partial sums, im2col buffers) comes from the kernels' `Workspace`.
public func conv2dBackward(
  input x: Tensor<Float>, weight w: Tensor<Float>, outputGradient dy: Tensor<Float>,
  geometry g: Conv2DGeometry, inputGradient: Bool = true,
  into grads: inout Conv2DGradients<Float>
) {
  checkConv2DBackwardOperands(x, w, dy, g)
  if inputGradient ? !g.matchesInput(grads.input) : !grads.input.hasShape(0) {
    grads.input.prepareForOverwrite(shape: inputGradient ? g.inputShape : [0])
  }
  if !g.matchesWeight(grads.weight) {
    grads.weight.prepareForOverwrite(shape: g.weightShape)
  }
  if !grads.bias.hasShape(g.outChannels) {
    grads.bias.prepareForOverwrite(shape: [g.outChannels])
  }
  grads.input.scalars.withUnsafeMutableBufferPointer { dx in
    grads.weight.scalars.withUnsafeMutableBufferPointer { dw in
      grads.bias.scalars.withUnsafeMutableBufferPointer { db in
        conv2dBackward(
          x, w, dy, g, dx: inputGradient ? dx.baseAddress! : nil, dw: dw.baseAddress!,
          db: db.baseAddress!)
      }
    }
  }
}

/// Stops with the mismatch when `x`, `w` or `dy` does not have the shape `g` says.
private func checkConv2DBackwardOperands(
  _ x: Tensor<Float>, _ w: Tensor<Float>, _ dy: Tensor<Float>, _ g: Conv2DGeometry
) {
  precondition(g.matchesInput(x), "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  precondition(g.matchesWeight(w), "weight shape \(w.shape) ≠ \(g.weightShape) for \(g)")
  precondition(
    g.matchesOutput(dy), "output gradient shape \(dy.shape) ≠ \(g.outputShape) for \(g)")
}

/// The paths of `conv2dBackward` (see its comment), writing every element of `dx: (N, C, H, W)`
/// (when not nil), `dw: (K, C/G, R, S)` and `db: (K)`.
private func conv2dBackward(
  _ x: Tensor<Float>, _ w: Tensor<Float>, _ dy: Tensor<Float>, _ g: Conv2DGeometry,
  dx: UnsafeMutablePointer<Float>?, dw: UnsafeMutablePointer<Float>,
  db: UnsafeMutablePointer<Float>
) {
  x.scalars.withUnsafeBufferPointer { x in
    w.scalars.withUnsafeBufferPointer { w in
      dy.scalars.withUnsafeBufferPointer { dy in
        conv2dBackward(
          x.baseAddress!, w.baseAddress!, dy.baseAddress!, g, dx: dx, dw: dw, db: db)
      }
    }
  }
}

/// `conv2dBackward`'s dispatch on raw buffers.
private func conv2dBackward(
  _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
  _ g: Conv2DGeometry, dx: UnsafeMutablePointer<Float>?, dw: UnsafeMutablePointer<Float>,
  db: UnsafeMutablePointer<Float>
) {
  // 3×3 at stride 1 with C ≥ 9 (padding ≤ 2), or 5×5 with C ≥ 16 (padding ≤ 4): dw and db by
  // Winograd's F(r×r, 2×2), dx by F(2×2, r×r) (Conv2DWinogradWeightGradient.swift). Both
  // overwrite every element (dx by whole tiles).
  if usesWinogradWeightGradient(g) {
    conv2dWinogradWeightGradient(x: x, dy: dy, dw: dw, db: db, geometry: g)
    if let dx {
      conv2dWinogradInputGradient(dy: dy, w: w, dx: dx, geometry: g)
    }
    return
  }
  let plan = ConvPlan(g)
  // K·C/G·R·S, without building `g.weightShape` (an array: this runs on every training step).
  let weightCount = g.outChannels * plan.rows
  // Few input channels at stride 1 (C·R·S ≤ 75): the direct path (Conv2DDirect.swift).
  let direct = usesDirectConv(g, backward: true)
  // The direct path's flat layout, made once for all chunks.
  let layout = direct ? DirectConvLayout(g) : nil
  // dw with the filters in the vector lanes (LeNet's c2), else im2col + GEMM.
  let byFiltersLayout = !direct && usesWeightGradientByFilters(g) ? DirectConvLayout(g) : nil
  let imagesPerChunk = direct ? directImagesPerChunk(g, plan) : batchedImagesPerChunk(g, plan)
  let chunks = (g.batch + imagesPerChunk - 1) / imagesPerChunk
  // Per chunk: its partial dw (K·C/G·R·S values), then its partial db (K values).
  let partialStride = weightCount + g.outChannels

  Workspace.withFloats(chunks * partialStride) { partials in
    partials.initialize(repeating: 0, count: chunks * partialStride)
    let job = ConvBackwardChunks(
      x: SharedConstPointer(x), w: SharedConstPointer(w), dy: SharedConstPointer(dy),
      dx: dx.map(SharedPointer.init), partials: SharedPointer(partials),
      partialStride: partialStride, imagesPerChunk: imagesPerChunk, geometry: g, plan: plan,
      directLayout: layout, weightGradientLayout: byFiltersLayout)
    if chunks < 4 {
      for index in 0..<chunks { job.run(index, threadedGEMM: true) }
    } else {
      Parallel.forEach(chunks: chunks, sharing: job) { job, chunk in
        job.run(chunk, threadedGEMM: false)
      }
    }
    // Sum the partials in chunk order: element by element, so any split of the elements gives
    // the same sums.
    dw.initialize(repeating: 0, count: weightCount)
    db.initialize(repeating: 0, count: g.outChannels)
    for index in 0..<chunks {
      let partial = partials + index * partialStride
      addRow(partial, into: dw, count: weightCount)
      addRow(partial + weightCount, into: db, count: g.outChannels)
    }
  }
}

/// The chunks of `conv2dBackward`'s direct and im2col paths: chunk `i` takes the images
/// `i·imagesPerChunk ..<`, writes their dx in `dx` (when not nil) and its partial dw and db at
/// `partials + i·partialStride` (which start at zero).
private struct ConvBackwardChunks: Sendable {
  let x: SharedConstPointer<Float>, w: SharedConstPointer<Float>, dy: SharedConstPointer<Float>
  let dx: SharedPointer<Float>?, partials: SharedPointer<Float>
  let partialStride: Int, imagesPerChunk: Int
  let geometry: Conv2DGeometry, plan: ConvPlan
  /// The direct path's layout (nil: the im2col path), and the layout for dw by filters.
  let directLayout: DirectConvLayout?, weightGradientLayout: DirectConvLayout?

  @inline(__always)
  func run(_ chunk: Int, threadedGEMM: Bool) {
    let g = geometry
    let images = chunk * imagesPerChunk..<min(g.batch, (chunk + 1) * imagesPerChunk)
    if let directLayout {
      conv2dBackwardDirectChunk(
        images: images, x: x.base, w: w.base, dy: dy.base, dx: dx?.base,
        partial: partials.base + chunk * partialStride, geometry: g, layout: directLayout)
      return
    }
    conv2dBackwardChunk(
      images: images, x: x.base, w: w.base, dy: dy.base, dx: dx?.base,
      partial: partials.base + chunk * partialStride, geometry: g, plan: plan,
      threadedGEMM: threadedGEMM, weightGradientLayout: weightGradientLayout)
  }
}

/// Images per chunk of the direct path: at least about 2¹⁹ multiply–adds each, and at most
/// 64 chunks so that the partial weight gradients stay small.
private func directImagesPerChunk(_ g: Conv2DGeometry, _ plan: ConvPlan) -> Int {
  let workPerImage = max(1, 2 * g.outChannels * plan.rows * plan.columns)
  return max(1, (1 << 19) / workPerImage, (g.batch + 63) / 64)
}

/// Images per chunk of the GEMM path: as many as keep a chunk's side-by-side `col`
/// (C/G·R·S × B·P·Q) within 2¹⁸ floats (1 MiB, so that `col` and `dcol` stay in a 2 MiB L2
/// cache), yet at least 8 chunks when the batch allows (work for every thread) and at most
/// 64 (small partials). At N = 128: LeNet's c2 16 images, the Keras model's c4 3, its c2 1.
private func batchedImagesPerChunk(_ g: Conv2DGeometry, _ plan: ConvPlan) -> Int {
  let perImage = max(1, plan.rows * plan.columns)
  let fitting = max(1, (1 << 18) / perImage)
  return max(min(fitting, (g.batch + 7) / 8), (g.batch + 63) / 64, 1)
}

/// The images `images`: their `dx` in full (when `dx` is not nil), and their summed `dw` and
/// `db` into `partial` (which starts at zero), group by group with the images side by side.
private func conv2dBackwardChunk(
  images: Range<Int>, x: UnsafePointer<Float>, w: UnsafePointer<Float>,
  dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>?,
  partial: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry, plan: ConvPlan,
  threadedGEMM: Bool, weightGradientLayout byFilters: DirectConvLayout?
) {
  let (rows, columns) = (plan.rows, plan.columns)
  let kg = g.outChannelsPerGroup, cg = g.inChannelsPerGroup
  let planeSize = g.height * g.width
  let dw = partial, db = partial + g.outChannels * rows
  // Row stride of the side-by-side matrices: B·P·Q.
  let ld = images.count * columns
  if let byFilters {
    // dw straight from the images (Conv2DDirectByFilters.swift): no im2col.
    weightGradientByFilters(
      images: images, x: x, dy: dy, dw: dw, geometry: g, layout: byFilters)
  }
  // col2im adds into dx: this chunk's images start at zero (each image is in one chunk).
  let imageSize = g.inChannels * planeSize
  dx?.advanced(by: images.lowerBound * imageSize)
    .initialize(repeating: 0, count: images.count * imageSize)
  let colRows = byFilters == nil ? rows : 0
  // At stride 1, dx's col2im keeps rows in registers (Col2ImStride1.swift) and reads a few
  // floats past dcol's end.
  let rowsInRegisters = usesCol2ImStride1(g)
  let scratch =
    colRows * ld + kg * ld + (dx == nil ? 0 : rows * ld + col2imStride1Slack(g))
  Workspace.withFloats(scratch) { buffer in
    let col = buffer, dyc = buffer + colRows * ld, dcol = dyc + kg * ld
    for group in 0..<g.groups {
      for (i, n) in images.enumerated() where byFilters == nil {
        im2col(
          x + (n * g.inChannels + group * cg) * planeSize, channels: cg, geometry: g,
          into: col + i * columns, rowStride: ld)
      }
      for (i, n) in images.enumerated() {
        let dyg = dy + (n * g.outChannels + group * kg) * columns
        for k in 0..<kg {
          // db[k] += Σ_{p,q} dy[n, k, p, q]; row k of dY gets image i's values.
          db[group * kg + k] += sumRow(dyg + k * columns, count: columns)
          copyRow(dyg + k * columns, dyc + k * ld + i * columns, columns)
        }
      }
      // dW_g += dY · colᵀ    (K/G × B·P·Q) · (B·P·Q × C/G·R·S)
      if byFilters == nil {
        gemmBlocked(
          m: kg, n: rows, k: ld, a: dyc, lda: ld, transposeA: false, b: col, ldb: ld,
          transposeB: true, c: dw + group * kg * rows, ldc: rows, accumulate: true,
          threaded: threadedGEMM)
      }
      guard let dx else { continue }
      // [dcol_1 … dcol_B] = W_gᵀ · dY    (C/G·R·S × K/G) · (K/G × B·P·Q)
      gemmBlocked(
        m: rows, n: ld, k: kg, a: w + group * kg * rows, lda: rows, transposeA: true, b: dyc,
        ldb: ld, transposeB: false, c: dcol, ldc: ld, accumulate: false,
        threaded: threadedGEMM)
      for (i, n) in images.enumerated() {
        let target = dx + (n * g.inChannels + group * cg) * planeSize
        if rowsInRegisters {
          col2imStride1(
            dcol + i * columns, channels: cg, geometry: g, addingInto: target, rowStride: ld)
        } else {
          col2im(dcol + i * columns, channels: cg, geometry: g, addingInto: target, rowStride: ld)
        }
      }
    }
  }
}
