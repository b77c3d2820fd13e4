@testable import CNNCore
import Testing

/// `col2imStride1` (rows of dx in registers) against `col2im` (shifted rows added in memory).
@Suite struct Col2ImStride1Tests {
  /// A stride-1 geometry: 1–4 channels, 1×1 to 7×9 kernels, any padding below the kernel, and
  /// images 1–40 wide, so rows take one or several blocks of 16 columns with every remainder.
  static func randomStride1Geometry(using g: inout SeededGenerator) -> Conv2DGeometry? {
    let kernel = (g.nextInt(in: 1...7), g.nextInt(in: 1...9))
    let padding = Padding2D(
      top: g.nextInt(in: 0...(kernel.0 - 1)), bottom: g.nextInt(in: 0...(kernel.0 - 1)),
      left: g.nextInt(in: 0...(kernel.1 - 1)), right: g.nextInt(in: 0...(kernel.1 - 1)))
    return try? Conv2DGeometry(
      batch: 1, inChannels: g.nextInt(in: 1...4), height: g.nextInt(in: 1...12),
      width: g.nextInt(in: 1...40), outChannels: 1, kernel: kernel, stride: (1, 1),
      padding: padding)
  }

  /// The same bits as `col2im` on 300 random stride-1 geometries: every element gets the same
  /// terms in the same order. `col` has room for two images side by side (row stride 2·P·Q,
  /// the second image read) and the slack the function may read past its end; dx starts from
  /// random values, −0 among them, since both add into it.
  @Test func sameBitsAsCol2im() {
    sweepGeometries(seed: 0xC012, draw: Self.randomStride1Geometry) { geometry, g in
      #expect(usesCol2ImStride1(geometry))
      let channels = geometry.inChannels
      let rows = channels * geometry.kernelHeight * geometry.kernelWidth
      let planeColumns = geometry.outHeight * geometry.outWidth
      let col = g.floats(rows * 2 * planeColumns + col2imStride1Slack(geometry))
      var start = g.floats(channels * geometry.height * geometry.width)
      start[0] = -0.0
      var expected = start, actual = start
      col.withUnsafeBufferPointer { c in
        col2im(
          c.baseAddress! + planeColumns, channels: channels, geometry: geometry,
          addingInto: &expected, rowStride: 2 * planeColumns)
        actual.withUnsafeMutableBufferPointer { dx in
          col2imStride1(
            c.baseAddress! + planeColumns, channels: channels, geometry: geometry,
            addingInto: dx.baseAddress!, rowStride: 2 * planeColumns)
        }
      }
      return expectNoMismatch(
        bitMismatchReport(actual, expected, config: "\(geometry)"))
    }
  }

  /// Hand-worked: x is 1×3, a 1×2 kernel, no padding, so Q = 2 and `col` has rows (s = 0) and
  /// (s = 1) of two columns each: dx[w] = Σ_s col[s][w − s] where 0 ≤ w − s < 2.
  ///   col = [[1, 2], [10, 20]], dx starting at [100, 100, 100]
  ///   dx[0] = 100 + col[0][0] = 101; dx[1] = 100 + col[0][1] + col[1][0] = 100 + 2 + 10 = 112;
  ///   dx[2] = 100 + col[1][1] = 120.
  @Test func handWorkedRow() throws {
    let geometry = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 1, width: 3, outChannels: 1, kernel: (1, 2))
    let col: [Float] = [1, 2, 10, 20] + [Float](repeating: .nan, count: col2imStride1Slack(geometry))
    var dx: [Float] = [100, 100, 100]
    col.withUnsafeBufferPointer { c in
      dx.withUnsafeMutableBufferPointer { d in
        col2imStride1(
          c.baseAddress!, channels: 1, geometry: geometry, addingInto: d.baseAddress!,
          rowStride: 2)
      }
    }
    #expect(dx == [101, 112, 120])
  }
}
