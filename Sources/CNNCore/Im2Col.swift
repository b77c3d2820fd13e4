/// Unfolds the receptive fields of one image and one group into the columns of a matrix,
/// so that convolution becomes a matrix product (`W_row · X_col`).
///
/// ```
///   col[(c·R + r)·S + s, p·Q + q] = x[c, p·Sh + r·Dh − Pt, q·Sw + s·Dw − Pl]   (0 outside)
///
///   x:   (C/G, H, W) — the channels of one group of one image
///   col: (C/G·R·S, P·Q)
/// ```
/// Example: the 227×227×3 input of AlexNet's first layer with 11×11 filters at stride 4
/// gives `col` of shape (3·11·11, 55·55) = (363, 3025). A 1-channel 3×3 input
/// `[[1, 2, 3], [4, 5, 6], [7, 8, 9]]` with a 2×2 kernel gives 4 rows of 4 columns:
///
///     // col = [[1, 2, 4, 5],    (r, s) = (0, 0)
///     //        [2, 3, 5, 6],    (0, 1)
///     //        [4, 5, 7, 8],    (1, 0)
///     //        [5, 6, 8, 9]]    (1, 1)
///
/// How: for each row `(c, r, s)` the output positions whose input lies inside the image form
/// one range of `p` and one of `q` (computed once), so the inner loop has no bounds test;
/// with stride 1 each output row is one contiguous copy.
///
/// `rowStride` (default P·Q) is the distance between rows of `col`; a larger one lets the
/// columns of several images sit side by side (the batched backward pass).
public func im2col(
  _ x: UnsafePointer<Float>, channels: Int, geometry g: Conv2DGeometry,
  into col: UnsafeMutablePointer<Float>, rowStride: Int? = nil
) {
  let columns = rowStride ?? g.outHeight * g.outWidth
  precondition(columns >= g.outHeight * g.outWidth, "rowStride \(columns) is less than P·Q")
  for c in 0..<channels {
    for r in 0..<g.kernelHeight {
      for s in 0..<g.kernelWidth {
        let row = col + ((c * g.kernelHeight + r) * g.kernelWidth + s) * columns
        im2colRow(x + c * g.height * g.width, r: r, s: s, geometry: g, into: row)
      }
    }
  }
}

/// `im2col` of the columns `columns` only, written straight into the packed panels that
/// `gemm` reads for its B operand, so the convolution's product needs no separate copy of
/// `col`.
///
/// ```
///   packed[p0·Npad + (j / 16)·16·kb + (row − p0)·16 + j % 16] = col[row, columns.lowerBound + j]
///   (j in 0 ..< columns.count; p0 = the K block of `row`, kb its length; Npad = columns.count
///    rounded up to 16; columns past the range are zeros)
/// ```
/// Building a block of columns at a time (`ConvPlan.columnBlock`) keeps the panels in the
/// caches while the product reads them: AlexNet's first layer has a 363 × 2916 `col` per image
/// (4 MB), written and read back from memory when built whole. Each row of the block is built
/// in a small scratch row and then copied into its panels; the values are exactly `im2col`'s.
/// With `phases` (the image split by `Im2ColPhases.fill`, for a stride above 1) the rows are
/// copied from the split image instead of gathered from `x`.
func im2colPacked(
  _ x: UnsafePointer<Float>, channels: Int, geometry g: Conv2DGeometry, columns: Range<Int>,
  phases: (layout: Im2ColPhases, values: UnsafePointer<Float>)? = nil,
  into packed: UnsafeMutablePointer<Float>
) {
  let nr = GEMMBlocking.nr, kc = GEMMBlocking.kc
  let width = columns.count
  let nPadded = GEMMBlocking.roundUp(width, nr)
  let rows = channels * g.kernelHeight * g.kernelWidth
  withUnsafeTemporaryAllocation(of: Float.self, capacity: nPadded) { buffer in
    let row = buffer.baseAddress!
    (row + width).initialize(repeating: 0, count: nPadded - width)
    for c in 0..<channels {
      for r in 0..<g.kernelHeight {
        for s in 0..<g.kernelWidth {
          if let phases {
            phases.layout.im2colRow(
              phases.values, c: c, r: r, s: s, geometry: g, columns: columns, into: row)
          } else {
            im2colRow(
              x + c * g.height * g.width, r: r, s: s, geometry: g, columns: columns, into: row)
          }
          let index = (c * g.kernelHeight + r) * g.kernelWidth + s
          let p0 = index / kc * kc, kb = min(kc, rows - p0)
          var target = packed + p0 * nPadded + (index - p0) * nr
          var j = 0
          while j < nPadded {
            store8(load8(row + j), target)
            store8(load8(row + j + 8), target + 8)
            target += nr * kb
            j += nr
          }
        }
      }
    }
  }
}

/// Row `(c, r, s)` of `im2col` for one channel `plane`: `row[p·Q + q]` (P·Q values).
@inline(__always)
func im2colRow(
  _ plane: UnsafePointer<Float>, r: Int, s: Int, geometry g: Conv2DGeometry,
  into row: UnsafeMutablePointer<Float>
) {
  im2colRow(
    plane, r: r, s: s, geometry: g, columns: 0..<g.outHeight * g.outWidth, into: row)
}

/// The columns `columns` of row `(c, r, s)` of `im2col` for one channel `plane`:
/// `row[j − columns.lowerBound] = col[(c, r, s), j]`, output position `j = p·Q + q`.
///
/// The block is walked one output row `p` at a time; in each, the positions whose input lies
/// inside the image (`insideRange`, computed once) are copied, the others zeroed.
@inline(__always)
func im2colRow(
  _ plane: UnsafePointer<Float>, r: Int, s: Int, geometry g: Conv2DGeometry,
  columns: Range<Int>, into row: UnsafeMutablePointer<Float>
) {
  let (outHeight, outWidth) = (g.outHeight, g.outWidth)
  let strideWidth = g.strideWidth
  let hOffset = r * g.dilationHeight - g.padding.top
  let ps = insideRange(count: outHeight, stride: g.strideHeight, offset: hOffset, extent: g.height)
  let vOffset = s * g.dilationWidth - g.padding.left
  let qs = insideRange(count: outWidth, stride: strideWidth, offset: vOffset, extent: g.width)
  var j = columns.lowerBound
  while j < columns.upperBound {
    let (p, first) = j.quotientAndRemainder(dividingBy: outWidth)
    let end = min(outWidth, first + columns.upperBound - j)
    // `out[q]` is column p·Q + q.
    let out = row + (j - columns.lowerBound) - first
    let low = min(max(first, qs.lowerBound), end), high = max(low, min(end, qs.upperBound))
    if ps.contains(p) && low < high {
      let source = plane + (p * g.strideHeight + hOffset) * g.width + vOffset
      (out + first).initialize(repeating: 0, count: low - first)
      if strideWidth == 1 {
        copyRow(source + low, out + low, high - low)
      } else {
        for q in low..<high { out[q] = source[q * strideWidth] }
      }
      (out + high).initialize(repeating: 0, count: end - high)
    } else {
      (out + first).initialize(repeating: 0, count: end - first)
    }
    j += end - first
  }
}

/// The adjoint of `im2col`: adds every column entry back to the input position it came
/// from (positions read by several windows receive the sum). Used by the input gradient.
///
/// ```
///   dx[c, p·Sh + r·Dh − Pt, q·Sw + s·Dw − Pl] += col[(c·R + r)·S + s, p·Q + q]
///
///   col: (C/G·R·S, P·Q)   dx: (C/G, H, W), added into
/// ```
/// With the 3×3 input and 2×2 kernel of `im2col`'s example and `col` all ones, the centre
/// pixel is read by all 4 windows and the corners by 1: `dx = [[1, 2, 1], [2, 4, 2], [1, 2, 1]]`.
///
/// Entries that came from padding are dropped. Each `dx` element receives its terms in a
/// fixed order (increasing `c`, `r`, `s`, `p`, `q`), so the result is deterministic.
/// `rowStride` (default P·Q) is the distance between rows of `col`, as in `im2col`.
public func col2im(
  _ col: UnsafePointer<Float>, channels: Int, geometry g: Conv2DGeometry,
  addingInto dx: UnsafeMutablePointer<Float>, rowStride: Int? = nil
) {
  let (outHeight, outWidth) = (g.outHeight, g.outWidth)
  let columns = rowStride ?? outHeight * outWidth
  precondition(columns >= outHeight * outWidth, "rowStride \(columns) is less than P·Q")
  let strideWidth = g.strideWidth
  for c in 0..<channels {
    let plane = dx + c * g.height * g.width
    for r in 0..<g.kernelHeight {
      let hOffset = r * g.dilationHeight - g.padding.top
      let ps = insideRange(
        count: outHeight, stride: g.strideHeight, offset: hOffset, extent: g.height)
      for s in 0..<g.kernelWidth {
        let row = col + ((c * g.kernelHeight + r) * g.kernelWidth + s) * columns
        let vOffset = s * g.dilationWidth - g.padding.left
        let qs = insideRange(count: outWidth, stride: strideWidth, offset: vOffset, extent: g.width)
        for p in ps {
          let source = row + p * outWidth
          let target = plane + (p * g.strideHeight + hOffset) * g.width + vOffset
          if strideWidth == 1 {
            addRow(source + qs.lowerBound, into: target + qs.lowerBound, count: qs.count)
          } else {
            for q in qs { target[q * strideWidth] += source[q] }
          }
        }
      }
    }
  }
}

/// The outputs `o` in `0..<count` whose input position `o·stride + offset` lies in
/// `0..<extent`: one contiguous range, since the position grows with `o`.
@inline(__always)
func insideRange(count: Int, stride: Int, offset: Int, extent: Int) -> Range<Int> {
  // o·stride + offset ≥ 0  ⇔  o ≥ ⌈−offset / stride⌉;  o·stride + offset ≤ extent − 1.
  let low = offset >= 0 ? 0 : (-offset + stride - 1) / stride
  let last = extent - 1 - offset
  let high = last < 0 ? 0 : min(count, last / stride + 1)
  return min(low, high)..<high
}
