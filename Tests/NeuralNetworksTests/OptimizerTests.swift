import Foundation
import CNNCore
import Testing
@testable import NeuralNetworks

/// A parameter with the given values and gradient.
private func parameter(_ values: [Float], gradient: [Float], name: String = "p") -> Parameter {
  let p = Parameter(name: name, value: Tensor(shape: [values.count], scalars: values))
  p.gradient = Tensor(shape: [gradient.count], scalars: gradient)
  return p
}

private func nearly(_ a: [Float], _ b: [Float], _ tolerance: Float = 1e-6) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
}

@Suite("Optimizers")
struct OptimizerTests {
  /// The vectorized, chunked update gives exactly the bits of the formula applied element by
  /// element in Float (three steps, weight decay on, a length that leaves a ragged last
  /// chunk and a ragged last vector), for 1 and 2 threads.
  @Test func adamMatchesTheScalarFormulaBitForBit() {
    var g = SeededGenerator(seed: 12)
    let count = 2 * (1 << 14) + 13
    let values = (0..<count).map { _ in Float(g.nextUnit() * 2 - 1) }
    let gradients = (0..<3).map { _ in (0..<count).map { _ in Float(g.nextUnit() - 0.5) } }
    let (eta, b1, b2, eps, lambda): (Float, Float, Float, Float, Float) = (
      0.01, 0.9, 0.999, 1e-8, 0.05)
    // The formula, element by element.
    var theta = values, m = [Float](repeating: 0, count: count), v = m
    for (t, grad) in gradients.enumerated() {
      let c1 = 1 - Float(pow(Double(b1), Double(t + 1)))
      let c2 = 1 - Float(pow(Double(b2), Double(t + 1)))
      for i in 0..<count {
        let gi = grad[i] + lambda * theta[i]
        m[i] = b1 * m[i] + (1 - b1) * gi
        v[i] = b2 * v[i] + (1 - b2) * gi * gi
        theta[i] -= eta * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
      }
    }
    for threads in [1, 2] {
      let p = parameter(values, gradient: gradients[0])
      let adam = Adam(learningRate: eta, beta1: b1, beta2: b2, epsilon: eps, weightDecay: lambda)
      Parallel.withThreadCount(threads) {
        for grad in gradients {
          p.gradient = Tensor(shape: [count], scalars: grad)
          adam.step([p])
        }
      }
      let mismatches = zip(p.value.scalars, theta).filter { $0.bitPattern != $1.bitPattern }
      #expect(mismatches.isEmpty, "\(threads) threads: \(mismatches.count) of \(count) differ")
    }
  }

  @Test func sgdPlainStep() {
    let p = parameter([1, -2], gradient: [0.5, 0.25])
    SGD(learningRate: 0.1).step([p])
    // θ − η·g = [1 − 0.1·0.5, −2 − 0.1·0.25] = [0.95, −2.025]
    #expect(nearly(p.value.scalars, [0.95, -2.025]))
  }

  @Test func sgdMomentumTwoSteps() {
    let p = parameter([1], gradient: [0.5])
    let sgd = SGD(learningRate: 0.1, momentum: 0.9)
    sgd.step([p])
    // v = 0.9·0 + 0.5 = 0.5;  θ = 1 − 0.1·0.5 = 0.95
    #expect(nearly(p.value.scalars, [0.95]))
    sgd.step([p])
    // v = 0.9·0.5 + 0.5 = 0.95;  θ = 0.95 − 0.1·0.95 = 0.855
    #expect(nearly(p.value.scalars, [0.855]))
  }

  @Test func sgdNesterovTwoSteps() {
    let p = parameter([1], gradient: [0.5])
    let sgd = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
    sgd.step([p])
    // v = 0.5;  θ = 1 − 0.1·(0.5 + 0.9·0.5) = 1 − 0.095 = 0.905
    #expect(nearly(p.value.scalars, [0.905]))
    sgd.step([p])
    // v = 0.9·0.5 + 0.5 = 0.95;  θ = 0.905 − 0.1·(0.5 + 0.9·0.95) = 0.905 − 0.1355 = 0.7695
    #expect(nearly(p.value.scalars, [0.7695]))
  }

  @Test func sgdWeightDecay() {
    let p = parameter([2], gradient: [0.5])
    SGD(learningRate: 0.1, weightDecay: 0.1).step([p])
    // g = 0.5 + 0.1·2 = 0.7;  θ = 2 − 0.1·0.7 = 1.93
    #expect(nearly(p.value.scalars, [1.93]))
  }

  @Test func adamTwoSteps() {
    let p = parameter([1], gradient: [0.5])
    let adam = Adam(learningRate: 0.1)
    adam.step([p])
    // m = 0.1·0.5 = 0.05, v = 0.001·0.25 = 0.00025, m̂ = 0.05/0.1 = 0.5,
    // v̂ = 0.00025/0.001 = 0.25;  θ = 1 − 0.1·0.5/(√0.25 + 1e-8) = 0.900000002
    #expect(nearly(p.value.scalars, [0.9]))
    p.gradient = Tensor(shape: [1], scalars: [0.25])
    adam.step([p])
    // m = 0.9·0.05 + 0.1·0.25 = 0.07, v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225,
    // m̂ = 0.07/(1 − 0.81) = 0.3684211, v̂ = 0.00031225/(1 − 0.998001) = 0.1562031,
    // θ = 0.9 − 0.1·0.3684211/(0.3952254 + 1e-8) = 0.9 − 0.0932180 = 0.8067820
    #expect(nearly(p.value.scalars, [0.806782]))
  }

  @Test func adamWeightDecayAndEpsilon() {
    let p = parameter([2, 0], gradient: [0.5, 0])
    Adam(learningRate: 0.1, epsilon: 1e-8, weightDecay: 0.1).step([p])
    // θ₀: g = 0.5 + 0.1·2 = 0.7; m̂ = 0.7, √v̂ = 0.7; θ = 2 − 0.1·0.7/(0.7 + 1e-8) ≈ 1.9
    // θ₁: g = 0 + 0.1·0 = 0, so m̂ = 0 and θ stays 0 (ε keeps 0/0 away)
    #expect(nearly(p.value.scalars, [1.9, 0]))
  }

  @Test func stateIsPerParameterIdentity() {
    // Two parameters with the same name keep separate momentum.
    let a = parameter([1], gradient: [1], name: "same")
    let b = parameter([1], gradient: [-1], name: "same")
    let sgd = SGD(learningRate: 0.1, momentum: 0.5)
    sgd.step([a, b])
    sgd.step([a, b])
    // a: v = 1, θ = 0.9; v = 1.5, θ = 0.75.   b: mirror image, θ = 1.1, 1.25
    #expect(nearly(a.value.scalars, [0.75]))
    #expect(nearly(b.value.scalars, [1.25]))
  }

  @Test(arguments: ["SGD", "Adam"])
  func stateRoundTrip(kind: String) {
    func make() -> any Optimizer {
      kind == "SGD" ? SGD(learningRate: 0.1, momentum: 0.9) : Adam(learningRate: 0.1)
    }
    let p = parameter([1, 2, 3], gradient: [0.5, -0.25, 1], name: "w")
    let q = parameter([1, 2, 3], gradient: [0.5, -0.25, 1], name: "w")
    let first = make()
    first.step([p])
    first.step([p])
    // Copy p's values and the optimizer state into q and a second optimizer.
    q.value = p.value
    let second = make()
    var state: [String: Tensor<Float>] = [:]
    for entry in first.state(for: [p]) { state[entry.name] = entry.tensor }
    second.loadState(state, for: [q])
    first.step([p])
    second.step([q])
    #expect(bits(p.value.scalars) == bits(q.value.scalars))
  }
}
