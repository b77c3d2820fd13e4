// Shapes: N = batch, C = channels, H/W = height/width, K = filters, R/S = kernel height/width,
// P/Q = output height/width.
//
// A second way through the direct path of `conv2d`, for layers with many filters and many
// taps (LeNet's c2: K = 16, C·R·S = 150). The first way (Conv2DDirect.swift) puts 16 flat
// positions in a vector and six filters in registers; its vectors also cover the Wp − Q
// positions past the end of every row (4 of 14 in c2) and its last block of six filters is
// a third empty when K = 16, so only 62 % of c2's lanes do useful work. Here the vector runs
// over the filters instead, and the positions are taken exactly, six at a time. (A forward
// pass with a kernel 5 wide, LeNet's c2 among them, goes one step further: F(2, 5) along the
// rows, Conv2DWinogradRows.swift, which runs this tile on transformed rows. This way keeps
// the other kernel widths and LeNet c2's weight gradient.)
//
//   acc[i][k..<k+16] = b[k..<k+16] + Σ_t  xpad[base_i + off_t] · wᵀ[t][k..<k+16]
//
// for the six output positions i of a tile (base_i = p_i·Wp + q_i, any p, q), t over the
// C·R·S taps (off_t = c·planeStride + r·Wp + s, `DirectConvLayout`). It is gemm's 6 × 16
// micro-kernel (`RegisterTile6x16`) with its A operand read straight from the padded image
// (an implicit im2col).
// Every output is still bias first, then one fused multiply–add per tap in (c, r, s) order:
// the same sums, and bits, as the first way and as `conv2dReference`'s order.

/// Whether the direct forward pass vectorizes over filters: K a multiple of 16 and enough
/// taps to keep the six-position tiles busy (C·R·S ≥ 32, so the Keras model's c1, 9 taps,
/// keeps the first way). Kernels 5 wide run forward by `conv2dWinogradRows` instead.
func usesDirectByFilters(_ g: Conv2DGeometry) -> Bool {
  g.outChannels % 16 == 0 && g.inChannels * g.kernelHeight * g.kernelWidth >= 32
}

/// `conv2dDirect` with the filters in the vector lanes: y (N, K, P, Q) from x, w and the
/// optional bias; the same values bit for bit. Chunks of images run in parallel (sized from
/// the problem alone), so the result is the same for any thread count.
func conv2dDirectByFilters(
  x: UnsafePointer<Float>, w: UnsafePointer<Float>, bias: [Float]?,
  y: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry, layout: DirectConvLayout
) {
  let (k, taps) = (g.outChannels, layout.taps)
  let panels = k / 16
  let perChunk = directConvImagesPerChunk(g)
  let chunks = (g.batch + perChunk - 1) / perChunk
  let inSize = g.inChannels * g.height * g.width, outPlane = g.outHeight * g.outWidth
  // wᵀ in panels of 16 filters: panel f, tap t holds w[16f ..< 16f + 16, t]; then the biases.
  Workspace.withFloats(k * taps + k) { packed in
    let biases = packed + k * taps
    for filter in 0..<k {
      let (panel, lane) = filter.quotientAndRemainder(dividingBy: 16)
      for t in 0..<taps { packed[(panel * taps + t) * 16 + lane] = w[filter * taps + t] }
      biases[filter] = bias?[filter] ?? 0
    }
    let sx = SharedConstPointer(x), sy = SharedPointer(y)
    let sw = SharedConstPointer(packed), sb = SharedConstPointer(biases)
    let shared = (g, layout, perChunk, sx, sy, sw, sb, panels, inSize, k, taps, outPlane)
    Parallel.forEach(chunks: chunks, sharing: shared) { shared, chunk in
      let (g, layout, perChunk, sx, sy, sw, sb, panels, inSize, k, taps, outPlane) = shared
      // The padded image, then an 8 × 16 staging tile for the transposed store (rows 6 and 7
      // are never written: what they hold lands past the tile, where the next tile writes).
      Workspace.withFloats(g.inChannels * layout.planeStride + 128) { buffer in
        let xpad = buffer, staging = buffer + g.inChannels * layout.planeStride
        layout.withTapOffsets { offsets in
          for n in chunk * perChunk..<min(g.batch, (chunk + 1) * perChunk) {
            layout.pad(sx.base + n * inSize, into: xpad, g)
            for panel in 0..<panels {
              let target = sy.base + (n * k + panel * 16) * outPlane
              var first = 0
              while first < outPlane {
                let count = min(6, outPlane - first)
                directTileByFilters(
                  xpad: xpad, positions: first, count: count, outWidth: g.outWidth,
                  rowStride: layout.wp, offsets: offsets, weights: sw.base + panel * taps * 16,
                  bias: sb.base + panel * 16, staging: staging)
                if count == 6 && first + 8 <= outPlane {
                  // Two 8 × 8 transposes: lane L's six outputs (and two that the next tile
                  // overwrites) in one store to its plane.
                  transposeEight(from: staging, stride: 16, to: target + first, outStride: outPlane)
                  transposeEight(
                    from: staging + 8, stride: 16, to: target + 8 * outPlane + first,
                    outStride: outPlane)
                } else {
                  for lane in 0..<16 {
                    for i in 0..<count {
                      target[lane * outPlane + first + i] = staging[i * 16 + lane]
                    }
                  }
                }
                first += 6
              }
            }
          }
        }
      }
    }
  }
}

/// Six output positions (`first ..< first + count`, in P·Q order; a short last tile repeats
/// its last position) times 16 filters, into `staging[i·16 + lane]`.
@inline(__always)
private func directTileByFilters(
  xpad: UnsafePointer<Float>, positions first: Int, count: Int, outWidth: Int, rowStride: Int,
  offsets: UnsafeBufferPointer<Int32>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
  staging: UnsafeMutablePointer<Float>
) {
  // base_i: where output position i's window starts in the padded image.
  func base(_ i: Int) -> UnsafePointer<Float> {
    let (p, q) = (first + min(i, count - 1)).quotientAndRemainder(dividingBy: outWidth)
    return xpad + p * rowStride + q
  }
  if count == 6 && first % outWidth + 6 <= outWidth {
    // Six neighbours in one row: x_i = x_0 + i, so the loop addresses them from one register
    // (the general loop keeps six pointers and spills two of them).
    let x0 = base(0)
    directTileBody(
      x0, x0 + 1, x0 + 2, x0 + 3, x0 + 4, x0 + 5, offsets: offsets, weights: weights,
      bias: bias, staging: staging)
  } else {
    directTileBody(
      base(0), base(1), base(2), base(3), base(4), base(5), offsets: offsets,
      weights: weights, bias: bias, staging: staging)
  }
}

/// The body of `directTileByFilters`: 6 positions (windows at `x0` … `x5`) × 16 filters,
///
///     staging[i·16 + lane] = bias[lane] + Σ_t x_i[offsets[t]] · weights[16·t + lane]
///
/// in t order. The row-Winograd path (Conv2DWinogradRows.swift) runs it on transformed rows.
@inline(__always)
func directTileBody(
  _ x0: UnsafePointer<Float>, _ x1: UnsafePointer<Float>, _ x2: UnsafePointer<Float>,
  _ x3: UnsafePointer<Float>, _ x4: UnsafePointer<Float>, _ x5: UnsafePointer<Float>,
  offsets: UnsafeBufferPointer<Int32>, weights: UnsafePointer<Float>,
  bias: UnsafePointer<Float>, staging: UnsafeMutablePointer<Float>
) {
  var tile = RegisterTile6x16(everyRow: load8(bias), load8(bias + 8))
  var pw = weights
  for offset32 in offsets {
    let o = Int(offset32)
    tile.add(x0[o], x1[o], x2[o], x3[o], x4[o], x5[o], times: load8(pw), load8(pw + 8))
    pw += 16
  }
  tile.store(to: staging, rowStride: 16)
}

// MARK: - Weight gradient

/// Whether `conv2dBackward` takes the weight gradient this way (instead of im2col + GEMM):
/// where the forward pass does (stride 1, no dilation, one group, C·R·S from 32 to 150, K a
/// multiple of 16) and the backward pass does not take its own direct path (C·R·S ≤ 75).
func usesWeightGradientByFilters(_ g: Conv2DGeometry) -> Bool {
  usesDirectConv(g) && !usesDirectConv(g, backward: true) && usesDirectByFilters(g)
}

/// The weight gradient of `images`, six taps × 16 filters per tile with the images' output
/// positions as the inner loop, written into `dw` (K × C·R·S, which must hold zeros):
///
/// ```
///   dw[k, t] = Σ_{n in images} Σ_{p,q} dy[n, k, p, q] · xpad_n[p·Wp + q + off_t]
/// ```
/// gemm's 6 × 16 micro-kernel again, with A read straight from the padded images (six taps
/// at each output position) and B the output gradient turned to (positions × 16 filters). The
/// sums run over the images in order, then the positions in order: fixed by the problem.
func weightGradientByFilters(
  images: Range<Int>, x: UnsafePointer<Float>, dy: UnsafePointer<Float>,
  dw: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry, layout: DirectConvLayout
) {
  let (k, taps, count) = (g.outChannels, layout.taps, images.count)
  let outPlane = g.outHeight * g.outWidth, inSize = g.inChannels * g.height * g.width
  let imageStride = g.inChannels * layout.planeStride
  Workspace.withFloats(count * imageStride + count * outPlane * 16 + 96) { buffer in
    let xpad = buffer, dyT = buffer + count * imageStride
    let staging = dyT + count * outPlane * 16
    for (b, n) in images.enumerated() {
      layout.pad(x + n * inSize, into: xpad + b * imageStride, g)
    }
    layout.withTapOffsets { offsets in
      for panel in 0..<k / 16 {
        // dyT[b][position][lane] = dy[n, 16·panel + lane, position]
        for (b, n) in images.enumerated() {
          let source = dy + (n * k + panel * 16) * outPlane, target = dyT + b * outPlane * 16
          for lane in 0..<16 {
            for position in 0..<outPlane {
              target[position * 16 + lane] = source[lane * outPlane + position]
            }
          }
        }
        var first = 0
        while first < taps {
          let tile = min(6, taps - first)
          weightGradientTile(
            xpad: xpad, imageStride: imageStride, images: count, dyT: dyT,
            offsets: offsets, firstTap: first, tapCount: tile, outHeight: g.outHeight,
            outWidth: g.outWidth, rowStride: layout.wp, staging: staging)
          for lane in 0..<16 {
            for i in 0..<tile {
              dw[(panel * 16 + lane) * taps + first + i] = staging[i * 16 + lane]
            }
          }
          first += 6
        }
      }
    }
  }
}

/// Six taps (`firstTap ..< firstTap + tapCount`; a short last tile repeats its last tap)
/// times 16 filters, summed over every output position of every image, into
/// `staging[i·16 + lane]`.
@inline(__always)
private func weightGradientTile(
  xpad: UnsafePointer<Float>, imageStride: Int, images: Int, dyT: UnsafePointer<Float>,
  offsets: UnsafeBufferPointer<Int32>, firstTap: Int, tapCount: Int, outHeight: Int,
  outWidth: Int, rowStride: Int, staging: UnsafeMutablePointer<Float>
) {
  var tile = RegisterTile6x16(everyRow: SIMD8(), SIMD8())
  func tap(_ i: Int) -> Int { Int(offsets[firstTap + min(i, tapCount - 1)]) }
  let (t0, t1, t2, t3, t4, t5) = (tap(0), tap(1), tap(2), tap(3), tap(4), tap(5))
  var pd = dyT
  for image in 0..<images {
    let xi = xpad + image * imageStride
    let (x0, x1, x2, x3, x4, x5) = (xi + t0, xi + t1, xi + t2, xi + t3, xi + t4, xi + t5)
    for p in 0..<outHeight {
      let row = p * rowStride
      for o in row..<row + outWidth {
        tile.add(x0[o], x1[o], x2[o], x3[o], x4[o], x5[o], times: load8(pd), load8(pd + 8))
        pd += 16
      }
    }
  }
  tile.store(to: staging, rowStride: 16)
}
