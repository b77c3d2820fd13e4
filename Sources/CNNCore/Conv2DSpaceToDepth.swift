// Shapes: N batch, C input channels, H/W input height/width, K filters, R×S kernel,
// P/Q output height/width, σ the stride (the same both ways), Pt/Pl top/left padding.
//
// A strided convolution is a stride-1 convolution of a rearranged input ("space to depth").
// Pad x (x′[c, h, v] = x[c, h − Pt, v − Pl], zero outside) and cut every σ×σ block of x′ into
// σ² channels:
//
//   z[(c·σ + u)·σ + v, i, j] = x′[c, σ·i + u, σ·j + v]          u, v in 0 ..< σ
//
// Writing each tap as r = σ·a + u and s = σ·b + v,
//
//   y[k, p, q] = Σ_{c,r,s} w[k, c, r, s] · x′[c, σ·p + r, σ·q + s]
//              = Σ_{c,u,v,a,b} w′[k, (c·σ + u)·σ + v, a, b] · z[(c·σ + u)·σ + v, p + a, q + b]
//
//   with w′[k, (c·σ + u)·σ + v, a, b] = w[k, c, σ·a + u, σ·b + v]   (0 when σ·a + u ≥ R or
//                                                                     σ·b + v ≥ S)
//
// a stride-1 convolution without padding of z (C·σ² channels, P + ⌈R/σ⌉ − 1 rows) by
// ⌈R/σ⌉ × ⌈S/σ⌉ filters. AlexNet's first layer (3 channels, 11×11 at stride 4) becomes a 3×3
// convolution of 48 channels, 56×56 → 54×54: 48·9 = 432 taps per output instead of 363
// (the 69 more multiply the zeros of w′), but a 3×3 stride-1 layer with many channels takes
// Winograd's F(2×2, 3×3), 2.25× fewer multiplications: 1.9× fewer than im2col + GEMM.
//
// Example (1 channel, 2×2 kernel at stride 2, no padding): x = [[1, 2, 3, 4], [5, 6, 7, 8]]
// gives z of 4 channels, 1×2 each: z[u·2 + v] = [x[u, v], x[u, 2 + v]] = [1, 3], [2, 4],
// [5, 7], [6, 8], and w = [[w00, w01], [w10, w11]] gives w′ = [w00, w01, w10, w11] (1×1
// filters): y[0, q] = w00·z0[q] + w01·z1[q] + w10·z2[q] + w11·z3[q], e.g.
// y[0, 0] = 1·w00 + 2·w01 + 5·w10 + 6·w11, the first 2×2 window.

/// The stride-1 geometry of `g` after space to depth, when `conv2d` computes `g` that way: the
/// rearranged layer takes Winograd's minimal filtering (`usesWinogradConv`). Otherwise nil.
func spaceToDepthGeometry(_ g: Conv2DGeometry) -> Conv2DGeometry? {
  guard let rearranged = spaceToDepthRearrangement(g), usesWinogradConv(rearranged) else {
    return nil
  }
  return rearranged
}

/// The stride-1 layer that computes `g` by space to depth, for a stride σ ≥ 2 the same both
/// ways, no dilation and one group (else nil): `N, C·σ², (P + R′ − 1) × (Q + S′ − 1) → K`,
/// kernel `R′ × S′ = ⌈R/σ⌉ × ⌈S/σ⌉`, no padding.
func spaceToDepthRearrangement(_ g: Conv2DGeometry) -> Conv2DGeometry? {
  let stride = g.strideHeight
  guard stride >= 2 && g.strideWidth == stride && g.dilationHeight == 1
    && g.dilationWidth == 1 && g.groups == 1
  else { return nil }
  let kernel = (
    height: (g.kernelHeight + stride - 1) / stride, width: (g.kernelWidth + stride - 1) / stride
  )
  return try? Conv2DGeometry(
    batch: g.batch, inChannels: g.inChannels * stride * stride,
    height: g.outHeight + kernel.height - 1, width: g.outWidth + kernel.width - 1,
    outChannels: g.outChannels, kernel: kernel)
}

/// `conv2d` of a strided layer as the stride-1 convolution of its input rearranged by space to
/// depth (see the file comment); `s` is `spaceToDepthGeometry(g)`. Raw buffers: `x: (N, C, H,
/// W)`, `w: (K, C, R, S)`, `y: (N, K, P, Q)`, every element of `y` written. The rearranged
/// filters live in the kernels' `Workspace`; the rearranged input is never stored: the Winograd
/// input transform reads its rows from `x` as it needs them (`SpaceToDepthInputRows`). (A
/// first pass that stored it took a tenth of AlexNet c1's time, writing 4.8 MB and reading it
/// back.)
func conv2dSpaceToDepth(
  x: UnsafePointer<Float>, w: UnsafePointer<Float>, bias: [Float]?,
  y: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry, rearranged s: Conv2DGeometry
) {
  let filterCount = s.outChannels * s.inChannels * s.kernelHeight * s.kernelWidth
  Workspace.withFloats(filterCount) { filters in
    spaceToDepthFilters(w, geometry: g, rearranged: s, into: filters)
    conv2dWinograd(
      input: SpaceToDepthInputRows(x: SharedConstPointer(x), geometry: g, rearranged: s),
      filters: WinogradFilters(forward: filters, s), bias: bias, y: y, geometry: s)
  }
}

/// The rows of a strided layer's input `x` rearranged by space to depth (`spaceToDepthRow`),
/// for the Winograd path of the rearranged layer `rearranged`.
struct SpaceToDepthInputRows: WinogradInputSource {
  let x: SharedConstPointer<Float>
  let geometry: Conv2DGeometry, rearranged: Conv2DGeometry

  @inline(__always)
  func readRow(image n: Int, channel c: Int, row h: Int, into row: UnsafeMutablePointer<Float>) {
    spaceToDepthRow(
      x.base, image: n, channel: c, row: h, geometry: geometry, rearranged: rearranged,
      into: row)
  }
}

/// Row `i` of channel `(c·σ + u)·σ + v` of image `n` of the rearranged input: the `W′`
/// floats `z[n, (c·σ + u)·σ + v, i, j] = x[n, c, σ·i + u − Pt, σ·j + v − Pl]` (0 outside
/// `x`), `j` in `0 ..< W′`. Copies, so it agrees exactly with
/// `CrossCorrelation.spaceToDepthReference`.
@inline(__always)
func spaceToDepthRow(
  _ x: UnsafePointer<Float>, image n: Int, channel: Int, row i: Int,
  geometry g: Conv2DGeometry, rearranged s: Conv2DGeometry, into row: UnsafeMutablePointer<Float>
) {
  let stride = g.strideHeight
  let (cu, v) = channel.quotientAndRemainder(dividingBy: stride)
  let (c, u) = cu.quotientAndRemainder(dividingBy: stride)
  let h = stride * i + u - g.padding.top
  guard h >= 0 && h < g.height else {
    row.update(repeating: 0, count: s.width)
    return
  }
  let offset = v - g.padding.left
  let columns = insideRange(count: s.width, stride: stride, offset: offset, extent: g.width)
  let source = x + ((n * g.inChannels + c) * g.height + h) * g.width + offset
  row.update(repeating: 0, count: columns.lowerBound)
  copyStridedRow(
    source + stride * columns.lowerBound, stride: stride, row + columns.lowerBound,
    columns.count)
  (row + columns.upperBound).update(repeating: 0, count: s.width - columns.upperBound)
}

/// `w′[k, (c·σ + u)·σ + v, a, b] = w[k, c, σ·a + u, σ·b + v]`, 0 past the kernel.
func spaceToDepthFilters(
  _ w: UnsafePointer<Float>, geometry g: Conv2DGeometry, rearranged s: Conv2DGeometry,
  into filters: UnsafeMutablePointer<Float>
) {
  let stride = g.strideHeight
  let (r, sw) = (g.kernelHeight, g.kernelWidth)
  let (ra, sb) = (s.kernelHeight, s.kernelWidth)
  for k in 0..<g.outChannels {
    for c in 0..<g.inChannels {
      let source = w + (k * g.inChannels + c) * r * sw
      for u in 0..<stride {
        for v in 0..<stride {
          let channel = (c * stride + u) * stride + v
          let out = filters + (k * s.inChannels + channel) * ra * sb
          for a in 0..<ra {
            for b in 0..<sb {
              let (row, column) = (stride * a + u, stride * b + v)
              out[a * sb + b] = row < r && column < sw ? source[row * sw + column] : 0
            }
          }
        }
      }
    }
  }
}
