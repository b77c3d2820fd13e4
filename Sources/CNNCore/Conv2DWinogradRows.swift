// Shapes: N = batch, C = channels, H/W = height/width, K = filters, R/S = kernel height/width
// (S = 5 here), P/Q = output height/width, Pt/Pl = top/left padding, Hp = Pt + H + Pb the
// padded height, T = ⌈Q/2⌉ tiles per output row, ξ = 0 … 5 the transformed positions.
//
// A third way through the direct path of `conv2d`, for a kernel 5 wide: Winograd's F(2, 5)
// along every row, the R kernel rows and the C channels summed as in the direct path. Two
// outputs of one row, one filter, one channel and one kernel row are a 1-D convolution of 6
// inputs with 5 taps, which F(2, 5) computes with 6 products instead of 10
// (WinogradF2x2Kernel5.swift has its matrices):
//
//   y[n, k, p, 2t + i] = b[k] + (Aᵀ Σ_{c,r} (G w[k,c,r,·]) ⊙ (Bᵀ xpad[n,c,p+r, 2t ..< 2t+6]))_i
//
// so a pair of outputs costs 6·C·R multiply–adds instead of 10·C·R: 1.67× fewer (LeNet's c2,
// C·R = 30: 180 against 300). The 1-D transforms are cheap next to that: Bᵀ once per input
// row and tile, shared by all K filters and the R output rows that read it, and Aᵀ once per
// pair of outputs and filter.
//
// The sum over (c, r) is the direct path's 6 × 16 tile (`directTileBody`): for each ξ,
//
//   M_ξ[f, k ..< k+16] = Σ_{c,r} V_ξ[c, p_f + r, t_f] · U_ξ[(c, r), k ..< k+16]
//
// for six tiles f = (p_f, t_f) at once, the filters in the vector lanes. V_ξ keeps the T tiles
// of a row side by side and the rows one after another, so tile f + 1 is read one float past
// tile f, across rows too, as the direct path's positions are.
//
// Rounding: not the direct path's bits (see `conv2dWinogradRows`).

/// Whether `conv2d` takes the row-Winograd path for `g`: the direct path by filters
/// (`usesDirectByFilters`: stride 1, no dilation or groups, K a multiple of 16,
/// 32 ≤ C·R·S ≤ 150) with a kernel 5 wide. Measured on LeNet's c2 (N = 256, `cnn-bench`,
/// medians of 8 runs alternating with the direct path by filters): 1.36 → 1.10 ms on 1
/// thread (1.23×), 0.80 → 0.59 ms on 2 (1.36×).
func usesWinogradRows(_ g: Conv2DGeometry) -> Bool {
  usesDirectConv(g) && usesDirectByFilters(g) && g.kernelWidth == 5
}

/// `conv2d` by F(2, 5) along the rows: y (N, K, P, Q) from x, w (K, C, R, 5) and the optional
/// bias, for a geometry `usesWinogradRows` accepts.
///
/// ```
///   y[n, k, p, 2t + i] = b[k] + Σ_ξ Aᵀ[i, ξ] · Σ_{c,r} U[ξ; k, c, r] · V[ξ; n, c, p + r, t]
///   U[·; k, c, r] = G · w[k, c, r, 0 ..< 5]           (6 values, in Double, rounded once)
///   V[·; n, c, h, t] = Bᵀ · xpad[n, c, h, 2t ..< 2t + 6]
/// ```
/// Chunks of images run in parallel (sized from the problem alone) and every sum runs in a
/// fixed order, so the result is bit-identical for any thread count.
///
/// Rounding: the tests allow `1e-6 · S` against the Double reference, with
/// `S = |b| + Σ_{c,r} (Σ |xpad| over the 6 inputs of the output's tile)·(Σ_s |w[k, c, r, s]|)`.
///
///     // x = 1×6×14×14 all ones, w = 16×6×5×5 all ones, b = 0: each of the 16×10×10 outputs
///     // is 6·5·5 = 150 (to a few ulps: G's thirds and fifteenths are rounded)
func conv2dWinogradRows(
  x: UnsafePointer<Float>, w: UnsafePointer<Float>, bias: [Float]?,
  y: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry
) {
  let k = g.outChannels, steps = g.inChannels * g.kernelHeight
  let panels = k / 16
  let perChunk = directConvImagesPerChunk(g)
  let chunks = (g.batch + perChunk - 1) / perChunk
  // U: panel f, position ξ, step (c, r) holds U[ξ; 16f ..< 16f + 16, c, r]; then the biases.
  let uCount = panels * 6 * steps * 16
  Workspace.withFloats(uCount + k) { packed in
    let biases = packed + uCount
    for filter in 0..<k {
      let (panel, lane) = filter.quotientAndRemainder(dividingBy: 16)
      for step in 0..<steps {
        let taps = w + (filter * steps + step) * 5
        let u = WinogradF2x2Kernel5.transformFilterRow(
          Double(taps[0]), Double(taps[1]), Double(taps[2]), Double(taps[3]), Double(taps[4]))
        for xi in 0..<6 {
          packed[((panel * 6 + xi) * steps + step) * 16 + lane] = Float(u[xi])
        }
      }
      biases[filter] = bias?[filter] ?? 0
    }
    let rows = WinogradRowsLayout(g)
    let sx = SharedConstPointer(x), sy = SharedPointer(y)
    let su = SharedConstPointer(packed), sb = SharedConstPointer(biases)
    let shared = (g, rows, perChunk, sx, sy, su, sb, panels, steps)
    Parallel.forEach(chunks: chunks, sharing: shared) { shared, chunk in
      let (g, rows, perChunk, sx, sy, su, sb, panels, steps) = shared
      Workspace.withFloats(rows.scratchCount) { buffer in
        let xpad = buffer, v = buffer + rows.paddedCount
        let m = v + 6 * rows.vPlane
        let pairs = m + 6 * 96, zeros = pairs + 12 * 16
        xpad.initialize(repeating: 0, count: rows.paddedCount)
        zeros.initialize(repeating: 0, count: 16)
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: steps) { offsets in
          // Step (c, r) reads row p + r of channel c: V_ξ + (c·Hp + r)·T + (p·T + t).
          for step in 0..<steps {
            let (channel, row) = step.quotientAndRemainder(dividingBy: g.kernelHeight)
            offsets[step] = Int32((channel * rows.paddedHeight + row) * rows.tiles)
          }
          let offsetTable = UnsafeBufferPointer(offsets)
          for n in chunk * perChunk..<min(g.batch, (chunk + 1) * perChunk) {
            rows.transformImage(sx.base + n * g.inChannels * g.height * g.width, xpad, v, g)
            for panel in 0..<panels {
              let target = sy.base + (n * g.outChannels + panel * 16) * rows.outPlane
              let weights = su.base + panel * 6 * steps * 16
              var first = 0
              while first < rows.tileCount {
                let count = min(6, rows.tileCount - first), last = count - 1
                for xi in 0..<6 {
                  let x0 = UnsafePointer(v + xi * rows.vPlane + first)
                  directTileBody(
                    x0, x0 + min(1, last), x0 + min(2, last), x0 + min(3, last),
                    x0 + min(4, last), x0 + min(5, last), offsets: offsetTable,
                    weights: weights + xi * steps * 16, bias: zeros, staging: m + xi * 96)
                }
                rows.finishTiles(
                  first: first, count: count, m: m, bias: sb.base + panel * 16, pairs: pairs,
                  target: target)
                first += 6
              }
            }
          }
        }
      }
    }
  }
}

/// Where `conv2dWinogradRows` keeps one image's padded rows and their transforms, and the two
/// steps around the products: the input transform, and the output transform with its store.
struct WinogradRowsLayout: Sendable {
  /// T = ⌈Q/2⌉ tiles per output row, P·T tiles per plane, Hp padded rows.
  let tiles: Int, tileCount: Int, paddedHeight: Int
  /// Floats per padded input row: 16 per group of 8 tiles, and 4 more for the last tile's
  /// window (the transform reads 20 floats from a group's first column).
  let rowStride: Int
  /// The padded image: C·Hp rows.
  let paddedCount: Int
  /// Floats per ξ plane of V: C·Hp rows of T tiles, and 8 past the end for the last group's
  /// unused lanes.
  let vPlane: Int
  /// Q and P·Q, the outputs per row and per filter.
  let outWidth: Int, outPlane: Int
  /// The padded image, V, M (6 positions × 6 tiles × 16 filters), the pairs of outputs
  /// (12 × 16) and 16 zeros.
  let scratchCount: Int

  init(_ g: Conv2DGeometry) {
    tiles = (g.outWidth + 1) / 2
    tileCount = g.outHeight * tiles
    paddedHeight = g.padding.top + g.height + g.padding.bottom
    rowStride = 16 * ((tiles + 7) / 8) + 4
    paddedCount = g.inChannels * paddedHeight * rowStride
    vPlane = g.inChannels * paddedHeight * tiles + 8
    outWidth = g.outWidth
    outPlane = g.outHeight * g.outWidth
    scratchCount = paddedCount + 6 * vPlane + 6 * 96 + 12 * 16 + 16
  }

  /// Copies image `x` (C, H, W) into the padded rows (whose padding is already zero) and
  /// writes `V_ξ[c, h, t] = (Bᵀ xpad[c, h, 2t ..< 2t + 6])_ξ` for every row h and tile t,
  /// eight tiles per call of the transform.
  @inline(__always)
  func transformImage(
    _ x: UnsafePointer<Float>, _ xpad: UnsafeMutablePointer<Float>,
    _ v: UnsafeMutablePointer<Float>, _ g: Conv2DGeometry
  ) {
    for channel in 0..<g.inChannels {
      for h in 0..<g.height {
        copyRow(
          x + (channel * g.height + h) * g.width,
          xpad + (channel * paddedHeight + h + g.padding.top) * rowStride + g.padding.left,
          g.width)
      }
    }
    // Rows in order, groups in order: a group's lanes past T land on the next row's first
    // tiles, which that row's own transform then overwrites (the last row's, in the 8 spare).
    for row in 0..<g.inChannels * paddedHeight {
      var group = 0
      while group * 8 < tiles {
        WinogradF2x2Kernel5.transformInputRows(
          xpad + row * rowStride + 16 * group, spanStride: 2,
          into: v + row * tiles + 8 * group, stride: vPlane)
        group += 1
      }
    }
  }

  /// The output transform of tiles `first ..< first + count` for one panel of 16 filters,
  /// `y[p, 2t + i] = (Aᵀ M_f)_i + b` from `m[ξ·96 + j·16 + lane]` (tile f = first + j), written
  /// to the 16 planes at `target` (with Q odd, each row's last tile keeps one output).
  @inline(__always)
  func finishTiles(
    first: Int, count: Int, m: UnsafePointer<Float>, bias: UnsafePointer<Float>,
    pairs: UnsafeMutablePointer<Float>, target: UnsafeMutablePointer<Float>
  ) {
    // pairs[(2j + i)·16 + lane]: output i of tile first + j.
    for j in 0..<count {
      for half in 0..<2 {
        let p = m + j * 16 + half * 8, b = load8(bias + half * 8)
        let (y0, y1) = WinogradF2x2Kernel5.reduce(
          load8(p), load8(p + 96), load8(p + 2 * 96), load8(p + 3 * 96), load8(p + 4 * 96),
          load8(p + 5 * 96))
        store8(y0 + b, pairs + 2 * j * 16 + half * 8)
        store8(y1 + b, pairs + (2 * j + 1) * 16 + half * 8)
      }
    }
    guard outWidth % 2 == 0 else {
      for j in 0..<count {
        let (p, t) = (first + j).quotientAndRemainder(dividingBy: tiles)
        for i in 0..<2 where 2 * t + i < outWidth {
          for lane in 0..<16 {
            target[lane * outPlane + p * outWidth + 2 * t + i] = pairs[(2 * j + i) * 16 + lane]
          }
        }
      }
      return
    }
    // Q even: the tiles' outputs are consecutive in the plane, across rows too.
    let start = 2 * first
    if count == 6 && start + 12 <= outPlane {
      // Outputs 0 ..< 8 and 4 ..< 12, each through two 8×8 transposes (the four in the
      // middle are written twice, with the same values).
      transposeEight(from: pairs, stride: 16, to: target + start, outStride: outPlane)
      transposeEight(
        from: pairs + 8, stride: 16, to: target + 8 * outPlane + start, outStride: outPlane)
      transposeEight(
        from: pairs + 64, stride: 16, to: target + start + 4, outStride: outPlane)
      transposeEight(
        from: pairs + 72, stride: 16, to: target + 8 * outPlane + start + 4,
        outStride: outPlane)
    } else {
      for lane in 0..<16 {
        for i in 0..<2 * count { target[lane * outPlane + start + i] = pairs[i * 16 + lane] }
      }
    }
  }
}
