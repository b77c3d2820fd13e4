// Shapes: N = batch, C = channels, H/W = height/width, K = filters, R/S = kernel height/width,
// P/Q = output height/width.
//
// A second way through the direct path of `conv2d`, for layers with many filters and many
// taps (LeNet's c2: K = 16, C·R·S = 150). The first way (Conv2DDirect.swift) puts 16 flat
// positions in a vector and six filters in registers; its vectors also cover the Wp − Q
// positions past the end of every row (4 of 14 in c2) and its last block of six filters is
// a third empty when K = 16, so only 62 % of c2's lanes do useful work. Here the vector runs
// over the filters instead, and the positions are taken exactly, six at a time:
//
//   acc[i][k..<k+16] = b[k..<k+16] + Σ_t  xpad[base_i + off_t] · wᵀ[t][k..<k+16]
//
// for the six output positions i of a tile (base_i = p_i·Wp + q_i, any p, q), t over the
// C·R·S taps (off_t = c·planeStride + r·Wp + s, `DirectConvLayout`). It is gemm's 6 × 16
// micro-kernel with its A operand read straight from the padded image (an implicit im2col).
// Every output is still bias first, then one fused multiply–add per tap in (c, r, s) order:
// the same sums, and bits, as the first way and as `conv2dReference`'s order.

/// Whether the direct forward pass vectorizes over filters: K a multiple of 16 and enough
/// taps to keep the six-position tiles busy (C·R·S ≥ 32, so the Keras model's c1, 9 taps,
/// keeps the first way). Measured on LeNet's c2: see `conv2dDirectByFilters`.
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
    Parallel.forEach(chunks: chunks) { chunk in
      // The padded image, then a 6 × 16 staging tile for the transposed store.
      Workspace.withFloats(g.inChannels * layout.planeStride + 96) { buffer in
        let xpad = buffer, staging = buffer + g.inChannels * layout.planeStride
        layout.tapOffsets.withUnsafeBufferPointer { offsets in
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
                for lane in 0..<16 {
                  for i in 0..<count {
                    target[lane * outPlane + first + i] = staging[i * 16 + lane]
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
  offsets: UnsafeBufferPointer<Int>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
  staging: UnsafeMutablePointer<Float>
) {
  // base_i: where output position i's window starts in the padded image.
  func base(_ i: Int) -> UnsafePointer<Float> {
    let (p, q) = (first + min(i, count - 1)).quotientAndRemainder(dividingBy: outWidth)
    return xpad + p * rowStride + q
  }
  let (x0, x1, x2, x3, x4, x5) = (base(0), base(1), base(2), base(3), base(4), base(5))
  let lo = load8(bias), hi = load8(bias + 8)
  var a0 = lo, b0 = hi, a1 = lo, b1 = hi, a2 = lo, b2 = hi
  var a3 = lo, b3 = hi, a4 = lo, b4 = hi, a5 = lo, b5 = hi
  var pw = weights
  for offset in offsets {
    let wl = load8(pw), wh = load8(pw + 8)
    var v = SIMD8<Float>(repeating: x0[offset])
    a0 = a0.addingProduct(v, wl); b0 = b0.addingProduct(v, wh)
    v = SIMD8<Float>(repeating: x1[offset])
    a1 = a1.addingProduct(v, wl); b1 = b1.addingProduct(v, wh)
    v = SIMD8<Float>(repeating: x2[offset])
    a2 = a2.addingProduct(v, wl); b2 = b2.addingProduct(v, wh)
    v = SIMD8<Float>(repeating: x3[offset])
    a3 = a3.addingProduct(v, wl); b3 = b3.addingProduct(v, wh)
    v = SIMD8<Float>(repeating: x4[offset])
    a4 = a4.addingProduct(v, wl); b4 = b4.addingProduct(v, wh)
    v = SIMD8<Float>(repeating: x5[offset])
    a5 = a5.addingProduct(v, wl); b5 = b5.addingProduct(v, wh)
    pw += 16
  }
  store8(a0, staging); store8(b0, staging + 8)
  store8(a1, staging + 16); store8(b1, staging + 24)
  store8(a2, staging + 32); store8(b2, staging + 40)
  store8(a3, staging + 48); store8(b3, staging + 56)
  store8(a4, staging + 64); store8(b4, staging + 72)
  store8(a5, staging + 80); store8(b5, staging + 88)
}
