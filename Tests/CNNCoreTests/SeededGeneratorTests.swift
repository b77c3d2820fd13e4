import CNNCore
import Testing

@Suite struct SeededGeneratorTests {
  @Test func splitMix64ReferenceValues() {
    // The first outputs of SplitMix64 seeded with 0, as published with the algorithm
    // (Vigna's splitmix64.c): 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F.
    var g = SeededGenerator(seed: 0)
    #expect(g.next() == 0xE220_A839_7B1D_CDAF)
    #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
    #expect(g.next() == 0x06C4_5D18_8009_454F)
  }

  @Test func uniformAndIntegerRanges() {
    var g = SeededGenerator(seed: 7)
    for _ in 0..<1000 {
      let u = g.nextUnit()
      #expect(u >= 0 && u < 1)
      let i = g.nextInt(in: -3...4)
      #expect(i >= -3 && i <= 4)
    }
  }

  @Test func sameSeedSameTensor() {
    var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
    let x = Tensor<Float>(shape: [2, 3], uniformIn: -1...1, using: &a)
    let y = Tensor<Float>(shape: [2, 3], uniformIn: -1...1, using: &b)
    #expect(x == y)
  }

  @Test func normalMomentsAreClose() {
    var g = SeededGenerator(seed: 1)
    let n = 20_000
    let xs = (0..<n).map { _ in g.nextNormal() }
    let mean = xs.reduce(0, +) / Double(n)
    let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
    // standard error of the mean is 1/√20000 ≈ 0.007; allow 4 of them
    #expect(abs(mean) < 0.03)
    #expect(abs(variance - 1) < 0.05)
  }
}
