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
/// with `col_g = im2col(x_g)`. A 1×1 kernel at stride 1 without padding needs no im2col: the
/// image itself is `col_g`. Few input channels at stride 1 (C·R·S ≤ 150, e.g. LeNet's c1 and
/// c2) take a direct path instead (`Conv2DDirect.swift`) that sums in the same order. A 3×3
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
  var y = Tensor<Float>.empty
  conv2d(input: x, weight: w, bias: b, geometry: g, into: &y)
  return y
}

/// `conv2d` into an output tensor kept by the caller: `y` takes the shape `(N, K, P, Q)`,
/// its storage is reused when the element count matches (`Tensor.prepareForOverwrite`), and
/// every element is overwritten. The same paths, sums and bits as `conv2d`.
public func conv2d(
  input x: Tensor<Float>, weight w: Tensor<Float>, bias b: Tensor<Float>?,
  geometry g: Conv2DGeometry, into y: inout Tensor<Float>
) {
  precondition(x.shape == g.inputShape, "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  precondition(w.shape == g.weightShape, "weight shape \(w.shape) ≠ \(g.weightShape) for \(g)")
  if let b {
    precondition(b.shape == [g.outChannels], "bias shape \(b.shape) ≠ [\(g.outChannels)]")
  }
  if !y.hasShape(g.batch, g.outChannels, g.outHeight, g.outWidth) {
    y.prepareForOverwrite(shape: g.outputShape)
  }
  if usesDirectConv(g) {
    // Few input channels (C·R·S ≤ 150, stride 1): the direct path, same sums and bits.
    x.scalars.withUnsafeBufferPointer { px in
      w.scalars.withUnsafeBufferPointer { pw in
        y.scalars.withUnsafeMutableBufferPointer { py in
          conv2dDirect(
            x: px.baseAddress!, w: pw.baseAddress!, bias: b?.scalars, y: py.baseAddress!,
            geometry: g)
        }
      }
    }
    return
  }
  if usesWinogradConv(g) {
    // 3×3 at stride 1 with C ≥ 17: Winograd (Conv2DWinograd.swift).
    x.scalars.withUnsafeBufferPointer { px in
      w.scalars.withUnsafeBufferPointer { pw in
        y.scalars.withUnsafeMutableBufferPointer { py in
          conv2dWinograd(
            x: px.baseAddress!, filters: WinogradFilters(forward: pw.baseAddress!, g),
            bias: b?.scalars, y: py.baseAddress!, geometry: g)
        }
      }
    }
    return
  }
  let plan = ConvPlan(g)
  let biasValues = b?.scalars
  x.scalars.withUnsafeBufferPointer { px in
    w.scalars.withUnsafeBufferPointer { pw in
      y.scalars.withUnsafeMutableBufferPointer { py in
        let sx = SharedConstPointer(px.baseAddress!), sw = SharedConstPointer(pw.baseAddress!)
        let sy = SharedPointer(py.baseAddress!)
        plan.run { items, threadedGEMM in
          plan.withPackedColumnBuffer { col in
            for item in items {
              let (n, group) = item.quotientAndRemainder(dividingBy: g.groups)
              conv2dForwardItem(
                n: n, group: group, x: sx.base, w: sw.base, bias: biasValues, y: sy.base,
                col: col, geometry: g, plan: plan, threadedGEMM: threadedGEMM)
            }
          }
        }
      }
    }
  }
}

/// One image `n`, one group: `Y_g = W_g · im2col(x_g)` (+ bias).
private func conv2dForwardItem(
  n: Int, group: Int, x: UnsafePointer<Float>, w: UnsafePointer<Float>, bias: [Float]?,
  y: UnsafeMutablePointer<Float>, col: UnsafeMutablePointer<Float>?, geometry g: Conv2DGeometry,
  plan: ConvPlan, threadedGEMM: Bool
) {
  let kg = g.outChannelsPerGroup
  let xg = x + (n * g.inChannels + group * g.inChannelsPerGroup) * g.height * g.width
  let yg = y + (n * g.outChannels + group * kg) * plan.columns
  if let bias {
    // The bias is the first term of every sum, as in the reference.
    for k in 0..<kg {
      (yg + k * plan.columns).initialize(repeating: bias[group * kg + k], count: plan.columns)
    }
  }
  if let col {
    // im2col straight into gemm's packed B panels: one pass over the columns, not two.
    im2colPacked(xg, channels: g.inChannelsPerGroup, geometry: g, into: col)
    gemmBlockedPackedB(
      m: kg, n: plan.columns, k: plan.rows, a: w + group * kg * plan.rows, lda: plan.rows,
      transposeA: false, packedB: col, c: yg, ldc: plan.columns, accumulate: bias != nil,
      threaded: threadedGEMM)
    return
  }
  let matrix = xg  // 1×1, stride 1, no padding: the image is already (C/G, H·W).
  gemmBlocked(
    m: kg, n: plan.columns, k: plan.rows, a: w + group * kg * plan.rows, lda: plan.rows,
    transposeA: false, b: matrix, ldb: plan.columns, transposeB: false, c: yg,
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

  init(_ g: Conv2DGeometry) {
    rows = g.inChannelsPerGroup * g.kernelHeight * g.kernelWidth
    columns = g.outHeight * g.outWidth
    items = g.batch * g.groups
    // About 2¹⁸ multiply–adds per chunk at least, so small pairs are not scheduled singly.
    let work = max(1, g.outChannelsPerGroup * rows * columns)
    itemsPerChunk = max(1, min(items, (1 << 18) / work))
    needsColumns = !(g.kernelHeight == 1 && g.kernelWidth == 1 && g.strideHeight == 1
      && g.strideWidth == 1 && g.padding == Padding2D(0))
  }

  /// Chunks of pairs, or (with fewer than four pairs) one pair after another with the
  /// matrix products shared between threads.
  func run(_ body: @Sendable (_ items: Range<Int>, _ threadedGEMM: Bool) -> Void) {
    if items < 4 {
      for item in 0..<items { body(item..<item + 1, true) }
      return
    }
    let chunks = (items + itemsPerChunk - 1) / itemsPerChunk
    let (items, size) = (items, itemsPerChunk)
    Parallel.forEach(chunks: chunks) { chunk in
      body(chunk * size..<min(items, (chunk + 1) * size), false)
    }
  }

  /// Runs `body` with a buffer for `col` packed as gemm's B (`rows × columns` rounded up to
  /// 16 columns; nil when no im2col is needed).
  func withPackedColumnBuffer(_ body: (UnsafeMutablePointer<Float>?) -> Void) {
    guard needsColumns else { return body(nil) }
    Workspace.withFloats(rows * GEMMBlocking.roundUp(columns, GEMMBlocking.nr)) { body($0) }
  }
}
