import CNNCore
import NeuralNetworks
import Testing

@Suite("Dropout")
struct LayerDropoutTests {
  @Test func sameSeedSameMask() {
    let x = Tensor<Float>(shape: [4, 50], repeating: 1)
    let a = Dropout(rate: 0.5, seed: 3)
    let b = Dropout(rate: 0.5, seed: 3)
    let c = Dropout(rate: 0.5, seed: 4)
    let ya = a.forward(x, training: true)
    let yb = b.forward(x, training: true)
    #expect(ya == yb)
    #expect(ya != c.forward(x, training: true))
    // the generator moves on: the next batch gets a new mask, the same for both layers
    let ya2 = a.forward(x, training: true)
    #expect(ya2 != ya && ya2 == b.forward(x, training: true))
  }

  @Test func rateZeroAndInferenceAreIdentity() {
    var g = SeededGenerator(seed: 5)
    let x = g.floats([3, 7])
    #expect(Dropout(rate: 0, seed: 1).forward(x, training: true) == x)
    let drop = Dropout(rate: 0.7, seed: 1)
    #expect(drop.forward(x, training: false) == x)
    #expect(drop.backward(x) == x)
  }

  @Test func survivorsScaledByOneOverKeepProbability() {
    let rate: Float = 0.25
    let drop = Dropout(rate: rate, seed: 9)
    let count = 40_000
    let y = drop.forward(Tensor(shape: [1, count], repeating: 1), training: true)
    // every survivor is 1/(1 − 0.25) = 4/3, every other value 0
    #expect(y.scalars.allSatisfy { $0 == 0 || $0 == Float(1) / Float(0.75) })
    // kept fraction ≈ 0.75: its standard error is √(0.75·0.25/40000) ≈ 0.0022; allow 5σ
    let kept = Double(y.scalars.filter { $0 != 0 }.count) / Double(count)
    #expect(abs(kept - 0.75) < 0.011)
    // so the mean output ≈ 0.75·4/3 = 1 = the input's mean (within 0.011·4/3 ≈ 0.015)
    let mean = y.scalars.reduce(0.0) { $0 + Double($1) } / Double(count)
    #expect(abs(mean - 1) < 0.015)
    // the backward pass uses the same mask: dx = dy·m/(1 − p)
    #expect(
      drop.backward(Tensor(shape: [1, count], repeating: 2)).scalars == y.scalars.map { 2 * $0 })
  }
}
