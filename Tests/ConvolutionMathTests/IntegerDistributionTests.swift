import ConvolutionMath
import Testing

@Suite struct IntegerDistributionTests {
  let die = IntegerDistribution.uniform(1...6)

  @Test func twoDice() {
    let sum = die.sum(with: die)
    // 6 + 6 − 1 = 11 values, 2 … 12
    #expect(sum.values == 2...12)
    // P(4) = P(1)P(3) + P(2)P(2) + P(3)P(1) = 3 · (1/6)(1/6) = 3/36
    #expect(abs(sum.probability(of: 4) - 3.0 / 36) < 1e-15)
    // P(s) = (6 − |s − 7|)/36: 1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1 (in 36ths)
    for s in 2...12 {
      #expect(abs(sum.probability(of: s) - Double(6 - abs(s - 7)) / 36) < 1e-15, "P(\(s))")
    }
    #expect(sum.probability(of: 1) == 0 && sum.probability(of: 13) == 0)
    // the probabilities add up to 1 and the mean is 3.5 + 3.5 = 7
    #expect(abs(sum.probabilities.reduce(0, +) - 1) < 1e-15)
    #expect(abs(sum.mean - 7) < 1e-14)
  }

  @Test func threeDice() {
    let sum = die.sum(with: die).sum(with: die)
    #expect(sum.values == 3...18)
    // P(10) = 27/216: the ordered triples adding to 10 number 27
    #expect(abs(sum.probability(of: 10) - 27.0 / 216) < 1e-15)
    // P(3) = 1/216 (only 1 + 1 + 1)
    #expect(abs(sum.probability(of: 3) - 1.0 / 216) < 1e-15)
  }

  @Test func dieAndTetrahedron() {
    // a fair d6 plus a fair d4: P(5) = #{(1, 4), (2, 3), (3, 2), (4, 1)}/24 = 4/24
    let sum = die.sum(with: .uniform(1...4))
    #expect(sum.values == 2...10)
    #expect(abs(sum.probability(of: 5) - 4.0 / 24) < 1e-15)
    // every total from 5 to 7 has four ways: the flat top of a trapezoid
    #expect((5...7).allSatisfy { abs(sum.probability(of: $0) - 4.0 / 24) < 1e-15 })
  }
}

@Suite struct ConvolutionCostTests {
  @Test func counts() {
    // direct: 1024 · 1024 = 1 048 576
    #expect(ConvolutionCost.directMultiplications(1024, 1024) == 1_048_576)
    // P = 2048 ≥ 2047; 3 · 1024 · 11 + 2048 = 33 792 + 2048 = 35 840
    #expect(ConvolutionCost.fftLength(1024, 1024) == 2048)
    #expect(ConvolutionCost.fftMultiplications(1024, 1024) == 35_840)
    // tiny case: M = N = 1 → P = 1, log₂ 1 = 0: 3·0·0 + 1 = 1
    #expect(ConvolutionCost.fftMultiplications(1, 1) == 1)
    // M = 5, N = 3 → 7 → P = 8: 3 · 4 · 3 + 8 = 44
    #expect(ConvolutionCost.fftMultiplications(5, 3) == 44)
  }
}
