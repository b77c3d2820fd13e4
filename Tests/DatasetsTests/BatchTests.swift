import CNNCore
import Testing
@testable import Datasets

@Suite("Batches, shuffling and validation split")
struct BatchTests {
  /// `count` 1×1×2 images whose two pixels are (i, 100 + i), with label i % 10.
  private func numbered(_ count: Int) -> (x: ImageSet, y: [Int]) {
    let pixels = (0..<count).flatMap { [UInt8($0), UInt8(100 + $0)] }
    return (ImageSet(pixels: pixels, shape: [1, 1, 2]), (0..<count).map { $0 % 10 })
  }

  @Test func bytesBecomeFloatsDividedBy255() {
    let x = ImageSet(pixels: [0, 255, 51, 102], shape: [1, 2, 2])
    let batch = x.batch([0])
    #expect(batch.shape == [1, 1, 2, 2])
    // 0/255 = 0, 255/255 = 1, 51/255 = 0.2, 102/255 = 0.4 (each correctly rounded to Float)
    #expect(batch.scalars == [0, 1, 0.2, 0.4])
  }

  @Test func batchesFollowTheOrderAndShrinkAtTheEnd() {
    let (x, y) = numbered(100)
    let order = Array((0..<100).reversed())
    let batches = Batches(images: x, labels: y, size: 32, order: order)
    // ⌈100 / 32⌉ = 4 batches: 32 + 32 + 32 + 4
    #expect(batches.count == 4)
    #expect(batches.map(\.labels.count) == [32, 32, 32, 4])
    let last = batches.batch(3)
    #expect(Array(last.indices) == [3, 2, 1, 0])
    #expect(last.labels == [3, 2, 1, 0])
    #expect(last.images.shape == [4, 1, 1, 2])
    // image 3 has pixels (3, 103) → (3/255, 103/255)
    #expect(Array(last.images.scalars[0..<2]) == [Float(3) / 255, Float(103) / 255])
  }

  @Test func subsetKeepsImagesWhole() {
    let (x, _) = numbered(5)
    #expect(x.subset([4, 0]).pixels == [4, 104, 0, 100])
    #expect(x.count == 5 && x.imageSize == 2)
  }

  @Test func fisherYatesIsASeededPermutation() {
    for count in [0, 1, 2, 10, 257] {
      var g1 = SeededGenerator(seed: 99)
      var g2 = SeededGenerator(seed: 99)
      let a = shuffledIndices(count: count, using: &g1)
      #expect(a.sorted() == Array(0..<count))
      #expect(shuffledIndices(count: count, using: &g2) == a)
    }
    var g3 = SeededGenerator(seed: 1)
    var g4 = SeededGenerator(seed: 2)
    #expect(shuffledIndices(count: 50, using: &g3) != shuffledIndices(count: 50, using: &g4))
  }

  @Test func fisherYatesFirstSwap() {
    // With two elements the only draw is j ∈ 0…1 for i = 1: swap iff j == 0.
    var g = SeededGenerator(seed: 7)
    var reference = SeededGenerator(seed: 7)
    let j = reference.nextInt(in: 0...1)
    #expect(shuffledIndices(count: 2, using: &g) == (j == 0 ? [1, 0] : [0, 1]))
  }

  @Test func validationIsTheLastFraction() {
    // ⌊10 · 0.75⌋ = 7
    #expect(validationSplit(count: 10, fraction: 0.25) == (0..<7, 7..<10))
    #expect(validationSplit(count: 10, fraction: 0) == (0..<10, 10..<10))
    // ⌊7 · 0.9⌋ = ⌊6.3⌋ = 6
    #expect(validationSplit(count: 7, fraction: 0.1) == (0..<6, 6..<7))
  }

  @Test func splitKeepsImagesWithTheirLabels() {
    let (x, y) = numbered(20)
    let plain = x.split(labels: y, validationFraction: 0.25)
    #expect(plain.validation.x.pixels == [15, 115, 16, 116, 17, 117, 18, 118, 19, 119])
    #expect(plain.validation.y == [5, 6, 7, 8, 9])
    let shuffled = x.split(labels: y, validationFraction: 0.25, shuffleSeed: 3)
    #expect(shuffled.training.x.count == 15 && shuffled.validation.x.count == 5)
    for part in [shuffled.training, shuffled.validation] {
      for i in 0..<part.x.count {
        #expect(Int(part.x.pixels[2 * i]) % 10 == part.y[i])  // pixel i belongs to label i % 10
      }
    }
    let all = (shuffled.training.x.pixels + shuffled.validation.x.pixels).enumerated()
      .filter { $0.offset % 2 == 0 }.map(\.element)
    #expect(all.sorted() == (0..<20).map(UInt8.init))
  }
}
