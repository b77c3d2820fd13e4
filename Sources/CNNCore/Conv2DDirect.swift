// Shapes: N = batch, C = channels, H/W = height/width, K = filters, R/S = kernel height/width,
// P/Q = output height/width, Pt/Pl = top/left padding.
//
// The direct path of `conv2d` and `conv2dBackward` for few input channels (LeNet c1, the Keras
// model's c1: C = 1; also LeNet c2, whose forward pass takes F(2, 5) along the rows,
// Conv2DWinogradRows.swift). There im2col + GEMM wastes its time: the GEMM's
// inner dimension C·R·S (25 or 9) is far too short to amortise packing. Instead, each image is
// copied once into a zero-padded buffer with row stride Wp = Pl + W + Pr, and every output
// position is indexed by its "flat" position j = p·Wp + q in that buffer. With stride 1 the
// tap (c, r, s) of output j is then simply
//
//   xpad[c][j + r·Wp + s]
//
// so a convolution is a sum of C·R·S shifted copies of one long vector: no bounds tests, and
// each vector load serves six filters. Positions with q ≥ Q (the last Wp − Q of each row) are
// computed too and thrown away.

/// Whether `conv2d` (`backward` false) or `conv2dBackward` (`backward` true) uses the direct
/// path for `g`: stride 1, no dilation, one group, and few taps per filter (C·R·S). The
/// forward pass gains up to 150 taps (LeNet's c2, 6·5·5: 1.7× faster than im2col + GEMM); the
/// backward pass, whose input gradient reads one vector per multiply–add, only up to 75
/// (at 150 it measured slower than the GEMM path).
func usesDirectConv(_ g: Conv2DGeometry, backward: Bool = false) -> Bool {
  g.groups == 1 && g.strideHeight == 1 && g.strideWidth == 1 && g.dilationHeight == 1
    && g.dilationWidth == 1
    && g.inChannels * g.kernelHeight * g.kernelWidth <= (backward ? 75 : 150)
    // The tap offsets are 32-bit (`withTapOffsets`); beyond that (an image of hundreds of
    // millions of pixels) the GEMM path takes over.
    && g.inChannels * DirectConvLayout(g).planeStride <= Int(Int32.max)
}

/// The flat layout of one image in the direct path (see the file comment).
struct DirectConvLayout: Sendable {
  /// Padded width `Wp = Pl + W + Pr`, the row stride of the flat buffers.
  let wp: Int
  /// Padded height `Hp = Pt + H + Pb`.
  let hp: Int
  /// Flat output positions `P·Wp`, rounded up to 16 (two vectors).
  let outputSpan: Int
  /// Floats per padded input channel: room for every tap read of every output vector.
  let planeStride: Int
  /// `C·R·S` taps (see `withTapOffsets`).
  let taps: Int
  /// Filter height and width `R`, `S`.
  let kernelHeight: Int, kernelWidth: Int
  /// Flat padded-input positions `Hp·Wp`, rounded up to 32 (the input gradient's block).
  let inputSpan: Int
  /// Zeros before the flat output gradient, so that `j = i − r·Wp − s` never goes below 0.
  let gradientFront: Int
  /// Floats per filter of the flat output gradient.
  let gradientStride: Int

  init(_ g: Conv2DGeometry) {
    wp = g.padding.left + g.width + g.padding.right
    hp = g.padding.top + g.height + g.padding.bottom
    outputSpan = GEMMBlocking.roundUp(g.outHeight * wp, 16)
    // The last output vector reads up to outputSpan − 1 + (R − 1)·Wp + S − 1; Hp·Wp for the
    // gradient's reads.
    planeStride = max(outputSpan + (g.kernelHeight - 1) * wp + g.kernelWidth, hp * wp) + 16
    taps = g.inChannels * g.kernelHeight * g.kernelWidth
    kernelHeight = g.kernelHeight
    kernelWidth = g.kernelWidth
    inputSpan = GEMMBlocking.roundUp(hp * wp, 32)
    gradientFront = GEMMBlocking.roundUp((g.kernelHeight - 1) * wp + g.kernelWidth - 1, 8)
    gradientStride = gradientFront + max(inputSpan, outputSpan) + 16
  }

  /// Runs `body` with the taps' offsets in the flat padded input:
  ///
  /// ```
  ///   offsets[t] = c·planeStride + r·Wp + s   for tap t = (c·R + r)·S + s
  /// ```
  /// The table lives on the stack for the call, so a training step makes no heap allocation
  /// for it: the direct paths have at most 150 taps, and 32-bit offsets keep that within the
  /// 1 KiB that `withUnsafeTemporaryAllocation` always places on the stack.
  func withTapOffsets<R>(_ body: (UnsafeBufferPointer<Int32>) -> R) -> R {
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: taps) { offsets in
      var t = 0
      for c in 0..<taps / (kernelHeight * kernelWidth) {
        for row in 0..<kernelHeight {
          for column in 0..<kernelWidth {
            offsets[t] = Int32(c * planeStride + row * wp + column)
            t += 1
          }
        }
      }
      return body(UnsafeBufferPointer(offsets))
    }
  }

  /// Copies image `x` (C, H, W) into the zero-padded flat buffer `xpad` (C planes).
  func pad(_ x: UnsafePointer<Float>, into xpad: UnsafeMutablePointer<Float>, _ g: Conv2DGeometry) {
    xpad.initialize(repeating: 0, count: g.inChannels * planeStride)
    for c in 0..<g.inChannels {
      for h in 0..<g.height {
        copyRow(
          x + (c * g.height + h) * g.width,
          xpad + c * planeStride + (h + g.padding.top) * wp + g.padding.left, g.width)
      }
    }
  }
}

/// Images per parallel chunk of the direct path: about 2¹⁸ multiply–adds at least.
func directConvImagesPerChunk(_ g: Conv2DGeometry) -> Int {
  let perImage = max(1, g.multiplyAdds / g.batch)
  return max(1, min(g.batch, (1 << 18) / perImage))
}

// MARK: - Forward

/// `conv2d` by the direct path: y (N, K, P, Q) from x, w and the optional bias.
///
/// Each output starts from its bias and adds its taps in `(c, r, s)` order by fused
/// multiply–adds, exactly as the im2col + GEMM path does, so both paths give the same bits.
func conv2dDirect(
  x: UnsafePointer<Float>, w: UnsafePointer<Float>, bias: [Float]?,
  y: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry
) {
  if usesWinogradRows(g) {
    // A kernel 5 wide: F(2, 5) along the rows (Conv2DWinogradRows.swift).
    conv2dWinogradRows(x: x, w: w, bias: bias, y: y, geometry: g)
    return
  }
  let layout = DirectConvLayout(g)
  if usesDirectByFilters(g) {
    // Many filters and taps: vectors over the filters (Conv2DDirectByFilters.swift).
    conv2dDirectByFilters(x: x, w: w, bias: bias, y: y, geometry: g, layout: layout)
    return
  }
  let (k, taps) = (g.outChannels, layout.taps)
  // Weights packed in blocks of 6 filters: block b, tap t holds w[6b ..< 6b + 6, t] (zeros
  // past K); the biases likewise.
  let blocks = (k + 5) / 6
  let perChunk = directConvImagesPerChunk(g)
  let chunks = (g.batch + perChunk - 1) / perChunk
  let inSize = g.inChannels * g.height * g.width, outPlane = g.outHeight * g.outWidth
  Workspace.withFloats(blocks * (taps + 1) * 6) { packed in
    let biases = packed + blocks * taps * 6
    packed.initialize(repeating: 0, count: blocks * (taps + 1) * 6)
    for filter in 0..<k {
      let (block, lane) = filter.quotientAndRemainder(dividingBy: 6)
      for t in 0..<taps { packed[(block * taps + t) * 6 + lane] = w[filter * taps + t] }
      biases[filter] = bias?[filter] ?? 0
    }
    let sx = SharedConstPointer(x), sy = SharedPointer(y)
    let spw = SharedConstPointer(packed), spb = SharedConstPointer(biases)
    let shared = (g, layout, perChunk, sx, sy, spw, spb, blocks, inSize, k, taps, outPlane)
    Parallel.forEach(chunks: chunks, sharing: shared) { shared, chunk in
      let (g, layout, perChunk, sx, sy, spw, spb, blocks, inSize, k, taps, outPlane) = shared
      let scratch = g.inChannels * layout.planeStride + 6 * layout.outputSpan
      Workspace.withFloats(scratch) { buffer in
        let xpad = buffer, out = buffer + g.inChannels * layout.planeStride
        for n in chunk * perChunk..<min(g.batch, (chunk + 1) * perChunk) {
          layout.pad(sx.base + n * inSize, into: xpad, g)
          for block in 0..<blocks {
            directForwardBlock(
              xpad: xpad, weights: spw.base + block * taps * 6, bias: spb.base + block * 6,
              out: out, layout: layout)
            // Keep the first Q of every Wp flat positions.
            for lane in 0..<min(6, k - block * 6) {
              let target = sy.base + (n * k + block * 6 + lane) * outPlane
              let source = out + lane * layout.outputSpan
              for p in 0..<g.outHeight {
                copyRow(source + p * layout.wp, target + p * g.outWidth, g.outWidth)
              }
            }
          }
        }
      }
    }
  }
}

/// Six filters over every flat output position: `out[lane][j] = bias + Σ_t w[t] · xpad[j + off_t]`.
private func directForwardBlock(
  xpad: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
  out: UnsafeMutablePointer<Float>, layout: DirectConvLayout
) {
  let span = layout.outputSpan
  layout.withTapOffsets { offsets in
    var j = 0
    while j < span {
      var tile = RegisterTile6x16(broadcastingRows: bias)
      let base = xpad + j
      var pw = weights
      for offset32 in offsets {
        let x = base + Int(offset32)
        tile.add(sixFrom: pw, times: load8(x), load8(x + 8))
        pw += 6
      }
      tile.store(to: out + j, rowStride: span)
      j += 16
    }
  }
}

// MARK: - Backward

/// The direct path's backward pass for `images`: their `dx` in full (unless `dx` is nil),
/// their summed `dw` and `db` added into `partial` (dw: K·C·R·S values, then db: K values).
///
/// ```
///   dw[k, t]   += Σ_j dyflat[k][j] · xpad[j + off_t]           (j over the flat outputs)
///   dxpad[c][i] = Σ_k Σ_{r,s} w[k, c, r, s] · dyflat[k][i − r·Wp − s]
/// ```
/// `dyflat` is dy laid out with row stride Wp, zero in the thrown-away columns q ≥ Q and
/// outside the outputs, so both sums need no bounds tests. Each `dw` sum runs over eight
/// lanes, then adds the lanes in a fixed order; the order depends on the geometry only.
func conv2dBackwardDirectChunk(
  images: Range<Int>, x: UnsafePointer<Float>, w: UnsafePointer<Float>,
  dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>?,
  partial: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry, layout: DirectConvLayout
) {
  let (k, taps) = (g.outChannels, layout.taps)
  let outPlane = g.outHeight * g.outWidth, inPlane = g.height * g.width
  let dw = partial, db = partial + k * taps
  let scratch = g.inChannels * layout.planeStride + k * layout.gradientStride + layout.inputSpan
  Workspace.withFloats(scratch) { buffer in
    let xpad = buffer, dyflat = buffer + g.inChannels * layout.planeStride
    let dxpad = dyflat + k * layout.gradientStride
    for n in images {
      layout.pad(x + n * g.inChannels * inPlane, into: xpad, g)
      // Zeros before and after the rows, and in the wp − Q thrown-away columns of each row.
      let rowsEnd = layout.gradientFront + g.outHeight * layout.wp
      let gap = layout.wp - g.outWidth
      for filter in 0..<k {
        let source = dy + (n * k + filter) * outPlane
        db[filter] += sumRow(source, count: outPlane)
        let flat = dyflat + filter * layout.gradientStride
        flat.initialize(repeating: 0, count: layout.gradientFront)
        (flat + rowsEnd).initialize(repeating: 0, count: layout.gradientStride - rowsEnd)
        let row = flat + layout.gradientFront
        for p in 0..<g.outHeight {
          copyRow(source + p * g.outWidth, row + p * layout.wp, g.outWidth)
          for i in 0..<gap { row[p * layout.wp + g.outWidth + i] = 0 }
        }
      }
      directWeightGradient(xpad: xpad, dyflat: dyflat, dw: dw, layout: layout, filters: k)
      guard let dx else { continue }
      for c in 0..<g.inChannels {
        directInputGradient(
          dyflat: dyflat, w: w, channel: c, dxpad: dxpad, layout: layout, geometry: g)
        let target = dx + (n * g.inChannels + c) * inPlane
        for h in 0..<g.height {
          copyRow(
            dxpad + (h + g.padding.top) * layout.wp + g.padding.left, target + h * g.width,
            g.width)
        }
      }
    }
  }
}

/// `dw[k, t] += Σ_j dyflat[k][j] · xpad[j + off_t]` for every filter and tap, in blocks of two
/// filters by four taps (a block past the end repeats the last filter or tap and is dropped).
private func directWeightGradient(
  xpad: UnsafePointer<Float>, dyflat: UnsafePointer<Float>, dw: UnsafeMutablePointer<Float>,
  layout: DirectConvLayout, filters k: Int
) {
  let taps = layout.taps, span = GEMMBlocking.roundUp(layout.outputSpan, 8)
  layout.withTapOffsets { offsets in
    var k0 = 0
    while k0 < k {
      let k1 = min(k0 + 1, k - 1)
      let d0 = dyflat + k0 * layout.gradientStride + layout.gradientFront
      let d1 = dyflat + k1 * layout.gradientStride + layout.gradientFront
      var t0 = 0
      while t0 < taps {
        let o0 = Int(offsets[t0]), o1 = Int(offsets[min(t0 + 1, taps - 1)])
        let o2 = Int(offsets[min(t0 + 2, taps - 1)]), o3 = Int(offsets[min(t0 + 3, taps - 1)])
        var s00 = SIMD8<Float>(), s01 = SIMD8<Float>(), s02 = SIMD8<Float>()
        var s03 = SIMD8<Float>(), s10 = SIMD8<Float>(), s11 = SIMD8<Float>()
        var s12 = SIMD8<Float>(), s13 = SIMD8<Float>()
        var j = 0
        while j < span {
          let g0 = load8(d0 + j), g1 = load8(d1 + j)
          let x0 = load8(xpad + o0 + j), x1 = load8(xpad + o1 + j)
          let x2 = load8(xpad + o2 + j), x3 = load8(xpad + o3 + j)
          s00 = s00.addingProduct(g0, x0); s01 = s01.addingProduct(g0, x1)
          s02 = s02.addingProduct(g0, x2); s03 = s03.addingProduct(g0, x3)
          s10 = s10.addingProduct(g1, x0); s11 = s11.addingProduct(g1, x1)
          s12 = s12.addingProduct(g1, x2); s13 = s13.addingProduct(g1, x3)
          j += 8
        }
        let valid = min(4, taps - t0)
        @inline(__always) func add(_ lanes: SIMD8<Float>, filter: Int, tap: Int) {
          if tap < valid { dw[filter * taps + t0 + tap] += lanes.sum() }
        }
        add(s00, filter: k0, tap: 0); add(s01, filter: k0, tap: 1)
        add(s02, filter: k0, tap: 2); add(s03, filter: k0, tap: 3)
        if k1 > k0 {
          add(s10, filter: k1, tap: 0); add(s11, filter: k1, tap: 1)
          add(s12, filter: k1, tap: 2); add(s13, filter: k1, tap: 3)
        }
        t0 += 4
      }
      k0 += 2
    }
  }
}

/// `dxpad[i] = Σ_k Σ_{r,s} w[k, c, r, s] · dyflat[k][i − r·Wp − s]` for one channel `c`, over
/// every flat padded-input position `i`, 32 at a time.
private func directInputGradient(
  dyflat: UnsafePointer<Float>, w: UnsafePointer<Float>, channel c: Int,
  dxpad: UnsafeMutablePointer<Float>, layout: DirectConvLayout, geometry g: Conv2DGeometry
) {
  let (rr, ss) = (g.kernelHeight, g.kernelWidth)
  let taps = layout.taps
  var i = 0
  while i < layout.inputSpan {
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
    for filter in 0..<g.outChannels {
      let weights = w + filter * taps + c * rr * ss
      let row = dyflat + filter * layout.gradientStride + layout.gradientFront + i
      for r in 0..<rr {
        for s in 0..<ss {
          let v = SIMD8<Float>(repeating: weights[r * ss + s])
          let d = row - r * layout.wp - s
          a0 = a0.addingProduct(v, load8(d)); a1 = a1.addingProduct(v, load8(d + 8))
          a2 = a2.addingProduct(v, load8(d + 16)); a3 = a3.addingProduct(v, load8(d + 24))
        }
      }
    }
    store8(a0, dxpad + i); store8(a1, dxpad + i + 8)
    store8(a2, dxpad + i + 16); store8(a3, dxpad + i + 24)
    i += 32
  }
}
