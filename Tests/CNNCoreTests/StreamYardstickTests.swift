import CNNCore
import StreamYardstick
import Testing

/// The stream kernels against their scalar definitions, bit for bit: random lengths from one
/// block of 32 floats to several chunks of 2¹⁵ with a partial last chunk, on 1 and 2 threads.
@Suite struct StreamYardstickTests {
  @Test func quartersAndSpreadMatchTheirDefinitions() {
    var g = SeededGenerator(seed: 0x57AE)
    // 32 floats (one block), 2¹⁵ (one whole chunk), 2¹⁵ + 32 (a second chunk of one block),
    // then random multiples of 32 up to about 3.5 chunks.
    var blocks = [1, 1 << 10, (1 << 10) + 1]
    for _ in 0..<12 { blocks.append(Int.random(in: 1...3_600, using: &g)) }
    for count in blocks.map({ 32 * $0 }) {
      let x = g.tensor([count]).scalars, dy = g.tensor([count / 4]).scalars
      let quarters = streamQuartersReference(x), spread = streamSpreadReference(dy)
      for threads in [1, 2] {
        Parallel.withThreadCount(threads) {
          let y = [Float](unsafeUninitializedCapacity: count / 4) { y, written in
            x.withUnsafeBufferPointer { streamQuarters($0, y) }
            written = count / 4
          }
          let dx = [Float](unsafeUninitializedCapacity: count) { dx, written in
            dy.withUnsafeBufferPointer { streamSpread($0, dx) }
            written = count
          }
          #expect(y.map(\.bitPattern) == quarters.map(\.bitPattern), "y, \(count) floats")
          #expect(dx.map(\.bitPattern) == spread.map(\.bitPattern), "dx, \(count) floats")
        }
      }
    }
  }

  /// The definitions on one block, by hand.
  @Test func oneBlockByHand() {
    // x = 0, 1, …, 31: y[l] = (l + (8 + l)) + ((16 + l) + (24 + l)) = 48 + 4l.
    let y = streamQuartersReference((0..<32).map(Float.init))
    #expect(y == (0..<8).map { 48 + 4 * Float($0) })
    // dy = 4, 8, …, 32: each value / 4 = 1 … 8, written four times in a row of eight.
    let dx = streamSpreadReference((1...8).map { 4 * Float($0) })
    #expect(dx == Array(repeating: (1...8).map(Float.init), count: 4).flatMap { $0 })
  }
}
