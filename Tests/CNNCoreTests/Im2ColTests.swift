import CNNCore
import Testing

@Suite struct Im2ColTests {
  @Test func handComputed3x3With2x2Kernel() throws {
    // x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], 2×2 kernel: row (r, s) lists x[p + r, q + s]
    // for the four windows (p, q) = (0,0), (0,1), (1,0), (1,1).
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 3, width: 3, outChannels: 1, kernel: 2)
    let x: [Float] = (1...9).map(Float.init)
    var col = [Float](repeating: -1, count: 16)
    im2col(x, channels: 1, geometry: g, into: &col)
    #expect(col == [1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9])
    // col2im of all ones counts the windows covering each pixel: corners 1, edges 2, centre 4.
    var dx = [Float](repeating: 0, count: 9)
    col2im([Float](repeating: 1, count: 16), channels: 1, geometry: g, addingInto: &dx)
    #expect(dx == [1, 2, 1, 2, 4, 2, 1, 2, 1])
  }

  /// Two images side by side (row stride 2·P·Q = 8): each row of `col` holds image 1's four
  /// windows, then image 2's; col2im with the same stride reads each image's half back.
  @Test func rowStrideSetsImagesSideBySide() throws {
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 3, width: 3, outChannels: 1, kernel: 2)
    let first: [Float] = (1...9).map(Float.init), second: [Float] = (11...19).map(Float.init)
    var col = [Float](repeating: -1, count: 32)
    col.withUnsafeMutableBufferPointer { c in
      im2col(first, channels: 1, geometry: g, into: c.baseAddress!, rowStride: 8)
      im2col(second, channels: 1, geometry: g, into: c.baseAddress! + 4, rowStride: 8)
    }
    // Row (0, 0): windows of image 1 start at 1, 2, 4, 5; of image 2 at 11, 12, 14, 15.
    #expect(Array(col[0..<8]) == [1, 2, 4, 5, 11, 12, 14, 15])
    // Row (1, 1): x[p + 1, q + 1] = 5, 6, 8, 9 and 15, 16, 18, 19.
    #expect(Array(col[24..<32]) == [5, 6, 8, 9, 15, 16, 18, 19])
    // col2im of ones from image 2's half: the window counts again, 1 2 1 / 2 4 2 / 1 2 1.
    var dx = [Float](repeating: 0, count: 9)
    let ones = [Float](repeating: 1, count: 32)
    ones.withUnsafeBufferPointer { o in
      col2im(o.baseAddress! + 4, channels: 1, geometry: g, addingInto: &dx, rowStride: 8)
    }
    #expect(dx == [1, 2, 1, 2, 4, 2, 1, 2, 1])
  }

  @Test func paddingAndStrideGiveZeros() throws {
    // x = [[1, 2], [3, 4]], 2×2 kernel, stride 2, padding 1 on every side: P = Q = (2 − 2 + 2)/2
    // + 1 = 2. Window (0,0) covers rows/cols −1…0, so only its (r, s) = (1, 1) tap sees x[0,0] = 1.
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 2, width: 2, outChannels: 1, kernel: 2, stride: 2,
      padding: 1)
    var col = [Float](repeating: -1, count: 16)
    im2col([1, 2, 3, 4], channels: 1, geometry: g, into: &col)
    // Rows (r, s): (0,0) sees x[−1 + 2p, −1 + 2q] → only (p, q) = (1, 1) is inside: x[1, 1] = 4.
    #expect(col == [0, 0, 0, 4, 0, 0, 3, 0, 0, 2, 0, 0, 1, 0, 0, 0])
  }

  /// col2im is the adjoint (transpose) of im2col: `⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩` for any x
  /// and c. Checked on 200 random geometries, in Double sums of Float products, within
  /// `1e-5 · Σ|terms|`.
  @Test func col2imIsTheAdjointOfIm2col() {
    var g = SeededGenerator(seed: 0x12C)
    var checked = 0
    while checked < 200 {
      guard let geometry = randomConvGeometry(using: &g) else { continue }
      checked += 1
      let channels = geometry.inChannelsPerGroup
      let rows = channels * geometry.kernelHeight * geometry.kernelWidth
      let columns = geometry.outHeight * geometry.outWidth
      let x = g.floats(channels * geometry.height * geometry.width)
      let c = g.floats(rows * columns)
      var col = [Float](repeating: .nan, count: rows * columns)
      im2col(x, channels: channels, geometry: geometry, into: &col)
      var back = [Float](repeating: 0, count: x.count)
      col2im(c, channels: channels, geometry: geometry, addingInto: &back)
      let left = zip(col, c).reduce(0.0) { $0 + Double($1.0 * $1.1) }
      let right = zip(x, back).reduce(0.0) { $0 + Double($1.0 * $1.1) }
      let magnitude = zip(col, c).reduce(0.0) { $0 + Double(abs($1.0 * $1.1)) }
      #expect(!col.contains { $0.isNaN }, "im2col left entries unwritten: \(geometry)")
      #expect(
        abs(left - right) <= 1e-5 * max(magnitude, 1e-30),
        "\(geometry): ⟨im2col x, c⟩ = \(left) but ⟨x, col2im c⟩ = \(right)")
    }
  }
}
