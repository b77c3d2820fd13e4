import CNNCore
import Foundation
import NeuralNetworks
import Testing

// Initializers: bounds and spreads from the fan-in/fan-out formulas, and reproducibility.

private func standardDeviation(_ values: [Float]) -> Double {
  let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
  return
    (values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count))
    .squareRoot()
}

@Suite("Initializers")
struct InitializerTests {
  @Test func glorotUniformDenseIsTheDefault() {
    let fc = Dense(inFeatures: 300, outFeatures: 100, seed: 1)
    // a = √(6/(300 + 100)) = √0.015 = 0.1224745; a uniform U(−a, a) has σ = a/√3 = 0.0707107
    let a = 0.1224745
    #expect(fc.weight.value.scalars.allSatisfy { abs(Double($0)) <= a })
    #expect(abs(standardDeviation(fc.weight.value.scalars) - a / 3.0.squareRoot()) < 0.002)
    #expect(fc.bias!.value.scalars.allSatisfy { $0 == 0 })
  }

  @Test func convFans() {
    // fan_in = C/G·R·S = 6·5·5 = 150, fan_out = K·R·S = 16·5·5 = 400
    // Glorot: a = √(6/550) = 0.1044466; He normal: σ = √(2/150) = 0.1154701
    let conv = Conv2D(inChannels: 6, outChannels: 16, kernel: 5, seed: 2)
    #expect(conv.weight.value.scalars.allSatisfy { abs(Double($0)) <= 0.1044466 })
    #expect(conv.weight.value.scalars.contains { abs(Double($0)) > 0.1 })
    let he = Conv2D(inChannels: 6, outChannels: 16, kernel: 5, initializer: .heNormal, seed: 2)
    // 2400 samples: the sample σ is within a few % of σ (standard error ≈ σ/√4800 ≈ 1.4 %)
    #expect(abs(standardDeviation(he.weight.value.scalars) / 0.1154701 - 1) < 0.05)
    // groups shrink fan_in: C/G = 6/3 = 2, so fan_in = 2·3·3 = 18; He uniform a = √(6/18) = 0.5774
    let grouped = Conv2D(
      inChannels: 6, outChannels: 6, kernel: 3, groups: 3, initializer: .heUniform, seed: 3)
    #expect(grouped.weight.value.shape == [6, 2, 3, 3])
    #expect(grouped.weight.value.scalars.allSatisfy { abs(Double($0)) <= 0.5773503 })
    #expect(grouped.weight.value.scalars.contains { abs(Double($0)) > 0.5 })
  }

  @Test func everyScheme() {
    // fan_in 200, fan_out 50 on 10 000 draws each; σ within 5 % (standard error ≈ 0.7 %)
    let cases: [(Initializer, Double)] = [
      (.glorotUniform, (6.0 / 250).squareRoot() / 3.0.squareRoot()),  // a/√3 = √(2/250)
      (.glorotNormal, (2.0 / 250).squareRoot()),
      (.heUniform, (6.0 / 200).squareRoot() / 3.0.squareRoot()),  // √(2/200)
      (.heNormal, (2.0 / 200).squareRoot()),
      (.lecunUniform, (3.0 / 200).squareRoot() / 3.0.squareRoot()),  // √(1/200)
      (.lecunNormal, (1.0 / 200).squareRoot()),
    ]
    for (scheme, sigma) in cases {
      var g = SeededGenerator(seed: 4)
      let t = scheme.tensor(shape: [100, 100], fanIn: 200, fanOut: 50, using: &g)
      #expect(abs(standardDeviation(t.scalars) / sigma - 1) < 0.05, "\(scheme)")
    }
    var g = SeededGenerator(seed: 4)
    #expect(
      Initializer.zeros.tensor(shape: [2, 2], fanIn: 2, fanOut: 2, using: &g).scalars == [
        0, 0, 0, 0,
      ])
  }

  @Test func reproducibleFromTheSeedOrGenerator() {
    #expect(
      Dense(inFeatures: 5, outFeatures: 3, seed: 7).weight.value
        == Dense(inFeatures: 5, outFeatures: 3, seed: 7).weight.value)
    #expect(
      Dense(inFeatures: 5, outFeatures: 3, seed: 7).weight.value
        != Dense(inFeatures: 5, outFeatures: 3, seed: 8).weight.value)
    // one generator for a whole model: layers draw one after another, so they differ
    var g = SeededGenerator(seed: 9)
    let first = Dense(inFeatures: 5, outFeatures: 3, generator: &g)
    let second = Dense(inFeatures: 5, outFeatures: 3, generator: &g)
    #expect(first.weight.value != second.weight.value)
    var h = SeededGenerator(seed: 9)
    #expect(Dense(inFeatures: 5, outFeatures: 3, generator: &h).weight.value == first.weight.value)
  }
}
