import Testing

@testable import LeNet

@Suite struct PicturesTests {
  @Test func grayGridStretchesEachMap() {
    let grid = Pictures.grid(
      maps: [[0, 1, 2, 3], [5, 5, 5, 5]], height: 2, width: 2, columns: 2, scale: 1, gap: 1)
    // width = 2·(2 + 1) + 1 = 7, height = 1·(2 + 1) + 1 = 4
    #expect(grid.width == 7 && grid.height == 4 && grid.color == .gray)
    // map 0 at (1, 1): 255·v/3 = 0, 85, 170, 255; map 1 (constant) at (1, 4): 128
    #expect(Array(grid.pixels[8..<10]) == [0, 85])  // row 1, columns 1–2
    #expect(Array(grid.pixels[15..<17]) == [170, 255])  // row 2
    #expect(grid.pixels[11] == 128)
    #expect(grid.pixels[0] == 96)  // background
  }

  @Test func divergingKernelColours() {
    let grid = Pictures.grid(
      maps: [[-2, 0, 1, 2]], height: 2, width: 2, columns: 1, scale: 1, gap: 0, diverging: true)
    #expect(grid.color == .rgb && grid.pixels.count == 12)
    #expect(Array(grid.pixels[0..<3]) == [0, 0, 255])  // −2/2 = −1: pure blue
    #expect(Array(grid.pixels[3..<6]) == [255, 255, 255])  // 0: white
    #expect(Array(grid.pixels[6..<9]) == [255, 128, 128])  // 1/2: 255·(1 − 0.5) = 127.5 → 128
    #expect(Array(grid.pixels[9..<12]) == [255, 0, 0])  // pure red
  }

  @Test func shadeBlocks() {
    // levels ⌊v·5/256⌋: 0 → " ", 51 → 0 (51·5 = 255 < 256) " ", 52 → "░", 255 → "█"
    #expect(Pictures.shadeBlocks([0, 255, 128, 0], height: 2, width: 2) == "▒█")
    #expect(Pictures.shadeBlocks([0, 51, 52, 255], height: 1, width: 4) == "  ░█")
  }

  @Test func confusionMatrix() {
    let m = ConfusionMatrix(labels: [0, 1, 1, 2, 2, 2], predictions: [0, 1, 0, 2, 2, 1], classes: 3)
    #expect(m.counts == [[1, 0, 0], [1, 1, 0], [0, 1, 2]])
    #expect(m.total == 6)
    #expect(abs(m.accuracy - 4.0 / 6.0) < 1e-12)  // diagonal 1 + 1 + 2 = 4 of 6
    #expect(abs(m.recall(2) - 2.0 / 3.0) < 1e-12)
    let lines = m.table.split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines[3].hasSuffix("3  66.67%"))
  }
}
