/// The rows of one image split by column phase, so that a strided im2col copies contiguous
/// runs instead of gathering every `Sw`-th value.
///
/// ```
///   phases[((c·H + h)·Sw + φ)·L + M + i] = x[c, h, i·Sw + φ]      (0 where i·Sw + φ ∉ 0..<W)
///
///   i in −M ..< L − M;   M = the margin, L = the length of a phase row
/// ```
/// Row `(c, r, s)` of `col` then reads, for output row `p`, the `Q` consecutive values
///
/// ```
///   col[(c, r, s), p·Q + q] = phases[((c·H + h)·Sw + φ)·L + M + a + q]
///   with h = p·Sh + r·Dh − Pt   and   s·Dw − Pl = a·Sw + φ  (0 ≤ φ < Sw)
/// ```
/// because the input column is `q·Sw + s·Dw − Pl = (q + a)·Sw + φ`.
///
/// Example: AlexNet's first layer (W = 224, 11×11 taps at stride 4, padding 1): tap `s = 0`
/// reads columns −1, 3, 7, … = phase 3 from `a = −1`; tap `s = 5` reads 4, 8, 12, … = phase 0
/// from `a = 1`. Each (channel, input row) is split once; the 11 taps of a kernel row, and the
/// kernel rows that meet the same input row, then copy from it.
struct Im2ColPhases: Sendable {
  /// `M`: phase-row entries before `i = 0` (padding on the left).
  let margin: Int
  /// `L`: entries per phase row.
  let length: Int
  /// Floats of the whole split image, `C/G·H·Sw·L`.
  let count: Int

  init(_ g: Conv2DGeometry) {
    let sw = g.strideWidth
    // a = ⌊(s·Dw − Pl) / Sw⌋ runs from ⌊−Pl / Sw⌋ (s = 0) to ⌊((S − 1)·Dw − Pl) / Sw⌋.
    let lowest = Self.floorDivision(-g.padding.left, sw)
    let highest = Self.floorDivision((g.kernelWidth - 1) * g.dilationWidth - g.padding.left, sw)
    margin = max(0, -lowest)
    length = margin + max(0, highest) + g.outWidth
    count = g.inChannelsPerGroup * g.height * sw * length
  }

  /// ⌊a / b⌋ for b > 0.
  static func floorDivision(_ a: Int, _ b: Int) -> Int {
    a >= 0 ? a / b : -((-a + b - 1) / b)
  }

  /// Writes the split of `channels` channels of `x: (C/G, H, W)` into `phases`.
  func fill(
    _ x: UnsafePointer<Float>, channels: Int, geometry g: Conv2DGeometry,
    into phases: UnsafeMutablePointer<Float>
  ) {
    let (sw, width, length) = (g.strideWidth, g.width, length)
    for phase in 0..<sw {
      // Entry o = M + i of the phase row holds column o·Sw + (φ − M·Sw).
      let offset = phase - margin * sw
      let inside = insideRange(count: length, stride: sw, offset: offset, extent: width)
      for row in 0..<channels * g.height {
        let source = x + row * width + offset
        let out = phases + (row * sw + phase) * length
        out.initialize(repeating: 0, count: inside.lowerBound)
        for o in inside { out[o] = source[o * sw] }
        (out + inside.upperBound).initialize(repeating: 0, count: length - inside.upperBound)
      }
    }
  }

  /// The columns `columns` of row `(c, r, s)` of `im2col`, read from the split image:
  /// `row[j − columns.lowerBound] = col[(c, r, s), j]`, output position `j = p·Q + q`.
  @inline(__always)
  func im2colRow(
    _ phases: UnsafePointer<Float>, c: Int, r: Int, s: Int, geometry g: Conv2DGeometry,
    columns: Range<Int>, into row: UnsafeMutablePointer<Float>
  ) {
    let (outHeight, outWidth, sw) = (g.outHeight, g.outWidth, g.strideWidth)
    let hOffset = r * g.dilationHeight - g.padding.top
    let ps = insideRange(
      count: outHeight, stride: g.strideHeight, offset: hOffset, extent: g.height)
    let a = Self.floorDivision(s * g.dilationWidth - g.padding.left, sw)
    let phase = s * g.dilationWidth - g.padding.left - a * sw
    var j = columns.lowerBound
    while j < columns.upperBound {
      let (p, first) = j.quotientAndRemainder(dividingBy: outWidth)
      let end = min(outWidth, first + columns.upperBound - j)
      let out = row + (j - columns.lowerBound)
      if ps.contains(p) {
        let h = p * g.strideHeight + hOffset
        let source = phases + ((c * g.height + h) * sw + phase) * length + margin + a
        copyRow(source + first, out, end - first)
      } else {
        out.initialize(repeating: 0, count: end - first)
      }
      j += end - first
    }
  }
}
