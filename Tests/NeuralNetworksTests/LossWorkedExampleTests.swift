import CNNCore
import NeuralNetworks
import Testing

// The softmax cross-entropy loss, softmax and accuracy on hand-computed cases.

@Suite("Loss worked examples")
struct LossWorkedExampleTests {
  @Test func softmaxOfOneTwoThree() {
    let p = softmax(Tensor(rows: [[1, 2, 3]]))
    // e^(z − 3) = [e⁻², e⁻¹, 1] = [0.1353353, 0.3678794, 1], sum 1.5032147
    // p = [0.1353353, 0.3678794, 1] / 1.5032147 = [0.0900306, 0.2447285, 0.6652410]
    #expect(close(p.scalars, [0.0900306, 0.2447285, 0.6652410], 1e-6))
    // Adding 1000 to every logit changes nothing (the max is subtracted first): no overflow.
    let shifted = softmax(Tensor(rows: [[1001, 1002, 1003]]))
    #expect(close(shifted.scalars, [0.0900306, 0.2447285, 0.6652410], 1e-6))
  }

  @Test func crossEntropyKnownCases() {
    let loss = SoftmaxCrossEntropy()
    // Row 0: logits [1, 2, 3], label 0: ℓ = log 1.5032147 + 3 − 1 = 0.4076060 + 2 = 2.4076060
    // Row 1: logits [0, 0, 0], label 1: p = 1/3 each, ℓ = log 3 = 1.0986123
    // mean = (2.4076060 + 1.0986123)/2 = 1.7531091
    let value = loss.forward(Tensor(rows: [[1, 2, 3], [0, 0, 0]]), labels: [0, 1])
    #expect(abs(Double(value) - 1.7531091) < 1e-6)
    let dz = loss.backward()
    // (p − onehot)/N with N = 2:
    // row 0: ([0.0900306, 0.2447285, 0.6652410] − [1, 0, 0])/2 = [−0.4549847, 0.1223642, 0.3326205]
    // row 1: ([1/3, 1/3, 1/3] − [0, 1, 0])/2 = [0.1666667, −0.3333333, 0.1666667]
    #expect(
      close(
        dz.scalars,
        [
          -0.4549847, 0.1223642, 0.3326205, 0.1666667, -0.3333333, 0.1666667,
        ], 1e-6))
    // A confident right answer costs little: logits [0, 10], label 1:
    // ℓ = log(e⁻¹⁰ + 1) = 4.5398899e−5
    #expect(abs(Double(loss.forward(Tensor(rows: [[0, 10]]), labels: [1])) - 4.5398899e-5) < 1e-9)
  }

  @Test func accuracyAndPredictions() {
    let z = Tensor<Float>(rows: [[1, 3], [2, 0], [5, 5]])
    // argmax per row: 1, 0, 0 (a tie goes to the first)
    #expect(predictedClasses(logits: z) == [1, 0, 0])
    // labels [1, 1, 0]: rows 0 and 2 right → 2/3
    #expect(abs(accuracy(logits: z, labels: [1, 1, 0]) - 2.0 / 3) < 1e-12)
  }
}
