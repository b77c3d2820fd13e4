/// `col2im` for stride 1 and dilation 1, with rows of `dx` held in vector registers.
///
/// ```
///   dx[c, h, w] += Σ_r Σ_s col[(c·R + r)·S + s][(h + Pt − r)·Q + (w + Pl − s)]
/// ```
/// over the `(r, s)` whose column position falls inside the `P × Q` output. `col2im` adds each
/// shifted row of `col` into `dx` in memory, so every store is soon read back one element to
/// the side, which stalls the store-to-load forwarding (a fifth of LeNet c2's forward+backward
/// time went there). Here 16 elements of a `dx` row (of two rows at a time) stay in registers
/// while every `(r, s)` adds its term, lanes without a term keep their value (a select, not
/// `+ 0`, so even a −0 stays −0), and the row is stored once.
///
/// Each element receives the same terms in the same order as in `col2im` (increasing `r`,
/// then `s`), so the result is the same bits.
///
/// Rows of `col` are `rowStride` apart (at least `P·Q`). The vectors read up to
/// `col2imStride1Slack(g)` floats past the last row's `P·Q` values, and up to `s` before the
/// start of a row with s > 0 (never before `col` itself); the lanes that fall there are
/// discarded, but the caller's buffer must extend that far.
func col2imStride1(
  _ col: UnsafePointer<Float>, channels: Int, geometry g: Conv2DGeometry,
  addingInto dx: UnsafeMutablePointer<Float>, rowStride columns: Int
) {
  precondition(
    usesCol2ImStride1(g), "col2imStride1 needs stride 1, dilation 1 and S ≤ 16, got \(g)")
  let (outHeight, outWidth) = (g.outHeight, g.outWidth)
  precondition(columns >= outHeight * outWidth, "rowStride \(columns) is less than P·Q")
  let (height, width) = (g.height, g.width)
  let (kernelHeight, kernelWidth) = (g.kernelHeight, g.kernelWidth)
  let (top, left) = (g.padding.top, g.padding.left)
  // Per block of 16 columns and per s: which lanes have a term, as all-ones or all-zeros bit
  // masks (the same for every channel, row and r). At most 16 values of s (`usesCol2ImStride1`).
  withUnsafeTemporaryAllocation(of: SIMD8<UInt32>.self, capacity: 2 * kernelWidth) { masks in
    var w0 = 0
    while w0 < width {
      // Lanes i < 16 hold dx[c, h, w0 + i]; those at or past the row's end are not stored.
      let count = min(16, width - w0)
      for s in 0..<kernelWidth {
        // Lane i reads column q = w0 + Pl − s + i of an output row; it has a term iff
        // 0 ≤ q < Q and i < count.
        var low = SIMD8<UInt32>(), high = SIMD8<UInt32>()
        for i in 0..<count {
          let q = w0 + left - s + i
          if q >= 0 && q < outWidth {
            if i < 8 { low[i] = .max } else { high[i - 8] = .max }
          }
        }
        masks[2 * s] = low
        masks[2 * s + 1] = high
      }
      for c in 0..<channels {
        let channelRows = col + c * kernelHeight * kernelWidth * columns
        // Two rows of dx at a time: four independent chains of adds hide their latency.
        var h = 0
        while h < height {
          let two = h + 1 < height
          let target0 = dx + (c * height + h) * width + w0, target1 = target0 + width
          var (a0, b0) = loadRow(target0, count)
          var (a1, b1) = two ? loadRow(target1, count) : (a0, b0)
          for r in 0..<kernelHeight {
            let p0 = h + top - r, p1 = p0 + 1
            let has0 = p0 >= 0 && p0 < outHeight, has1 = two && p1 >= 0 && p1 < outHeight
            // Output row p0 of (c, r, s = 0), shifted so that lane 0 reads column w0 + Pl.
            let source0 = channelRows + r * kernelWidth * columns + p0 * outWidth + w0 + left
            let source1 = source0 + outWidth
            if has0 && has1 {
              for s in 0..<kernelWidth {
                let (low, high) = (masks[2 * s], masks[2 * s + 1])
                let offset = s * columns - s
                a0 = blend(a0 + load8(source0 + offset), a0, low)
                b0 = blend(b0 + load8(source0 + offset + 8), b0, high)
                a1 = blend(a1 + load8(source1 + offset), a1, low)
                b1 = blend(b1 + load8(source1 + offset + 8), b1, high)
              }
            } else if has0 || has1 {
              let source = has0 ? source0 : source1
              var (a, b) = has0 ? (a0, b0) : (a1, b1)
              for s in 0..<kernelWidth {
                let offset = s * columns - s
                a = blend(a + load8(source + offset), a, masks[2 * s])
                b = blend(b + load8(source + offset + 8), b, masks[2 * s + 1])
              }
              if has0 { (a0, b0) = (a, b) } else { (a1, b1) = (a, b) }
            }
          }
          storeRow(a0, b0, target0, count)
          if two { storeRow(a1, b1, target1, count) }
          h += 2
        }
      }
      w0 += 16
    }
  }
}

/// The first `count` (≤ 16) floats at `p` in two vectors, the lanes past `count` zero.
@inline(__always)
private func loadRow(_ p: UnsafePointer<Float>, _ count: Int) -> (SIMD8<Float>, SIMD8<Float>) {
  if count == 16 { return (load8(p), load8(p + 8)) }
  var low = SIMD8<Float>(), high = SIMD8<Float>()
  if count >= 8 { low = load8(p) }
  for i in (count >= 8 ? 8 : 0)..<count {
    if i < 8 { low[i] = p[i] } else { high[i - 8] = p[i] }
  }
  return (low, high)
}

/// Stores the first `count` (≤ 16) lanes of `(low, high)` at `p`.
@inline(__always)
private func storeRow(
  _ low: SIMD8<Float>, _ high: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ count: Int
) {
  if count >= 8 {
    store8(low, p)
    if count == 16 { store8(high, p + 8) } else { storePrefix(high, count - 8, p + 8) }
  } else {
    storePrefix(low, count, p)
  }
}

/// `a` in the lanes where `mask` is all ones, `b` where it is all zeros (bit operations, so
/// every value, −0 and NaN included, passes unchanged).
@inline(__always)
private func blend(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ mask: SIMD8<UInt32>) -> SIMD8<Float> {
  let (x, y) = (unsafeBitCast(a, to: SIMD8<UInt32>.self), unsafeBitCast(b, to: SIMD8<UInt32>.self))
  return unsafeBitCast((x & mask) | (y & ~mask), to: SIMD8<Float>.self)
}

/// Whether `col2imStride1` takes `g`: stride 1, dilation 1, filters at most 16 wide (its masks
/// stay on the stack).
func usesCol2ImStride1(_ g: Conv2DGeometry) -> Bool {
  g.strideHeight == 1 && g.strideWidth == 1 && g.dilationHeight == 1 && g.dilationWidth == 1
    && g.kernelWidth <= 16
}

/// Room to leave after the last row's `P·Q` values of `col`, for `col2imStride1`: `S + 16`.
/// (A block of 16 lanes starting at column w0 ≤ W − 1 of dx reads output columns up to
/// w0 + Pl − s + 15, at most W + Pl + 14 = Q + S + 13 − Pr since W + Pl + Pr = Q + S − 1: so
/// at most S + 14 floats past the last output row.)
func col2imStride1Slack(_ g: Conv2DGeometry) -> Int { g.kernelWidth + 16 }
