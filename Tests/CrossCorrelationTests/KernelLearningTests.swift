import CNNCore
import CrossCorrelation
import Testing

@Suite struct KernelLearningTests {
  let x = EdgeDetection.stripeImage(Double.self)
  var y: Tensor<Double> { try! corr2d(x, EdgeDetection.differenceKernel(Double.self)) }

  @Test func squaredErrorByHand() {
    // (1 − 0)² + (2 − 4)² = 1 + 4 = 5
    #expect(squaredError(Tensor<Double>(rows: [[1, 2]]), Tensor(rows: [[0, 4]])) == 5)
  }

  @Test func firstStepFromZeroByHand() throws {
    // k = [0, 0] predicts 0 everywhere; L = Σ y² = 6 rows · (1² + (−1)²) = 12.
    // ∂L/∂k = corr2d(X, 2·(0 − Y)) = corr2d(X, −2Y):
    //   ∂L/∂k₀ = Σ −2·y[i, j]·x[i, j]     per row: −2·(1·x[1] − 1·x[5]) = −2·(1 − 0) = −2 → −12
    //   ∂L/∂k₁ = Σ −2·y[i, j]·x[i, j + 1] per row: −2·(1·x[2] − 1·x[6]) = −2·(0 − 1) = 2 → 12
    // One step with η = 0.01: k = [0, 0] − 0.01·[−12, 12] = [0.12, −0.12].
    let zero = Tensor<Double>(zeros: [1, 2])
    #expect(squaredError(try corr2d(x, zero), y) == 12)
    let outputGradient = Tensor(shape: y.shape, scalars: y.scalars.map { -2 * $0 })
    let gradient = try corr2dKernelGradient(input: x, outputGradient: outputGradient)
    #expect(gradient.scalars == [-12, 12])
    let stepped = zip(zero.scalars, gradient.scalars).map { $0 - 0.01 * $1 }
    #expect(abs(stepped[0] - 0.12) < 1e-15 && abs(stepped[1] + 0.12) < 1e-15)
  }

  @Test func gradientMatchesFiniteDifferences() throws {
    // Central differences of L(k) = Σ (corr2d(x, k) − t)², in Double; tolerance 1e-6 relative.
    var generator = SeededGenerator(seed: 51)
    for trial in 0..<6 {
      let (h, w) = (generator.nextInt(in: 3...6), generator.nextInt(in: 3...6))
      let (r, s) = (generator.nextInt(in: 1...3), generator.nextInt(in: 1...3))
      let input = Tensor<Double>(shape: [h, w], uniformIn: -1...1, using: &generator)
      let k = Tensor<Double>(shape: [r, s], uniformIn: -1...1, using: &generator)
      let target = Tensor<Double>(
        shape: [h - r + 1, w - s + 1], uniformIn: -1...1, using: &generator)
      let prediction = try corr2d(input, k)
      let dy = Tensor(
        shape: target.shape, scalars: zip(prediction.scalars, target.scalars).map { 2 * ($0 - $1) })
      let analytic = try corr2dKernelGradient(input: input, outputGradient: dy)
      for index in k.scalars.indices {
        var plus = k
        var minus = k
        plus.scalars[index] += 1e-5
        minus.scalars[index] -= 1e-5
        let numeric =
          (squaredError(try corr2d(input, plus), target)
            - squaredError(try corr2d(input, minus), target)) / 2e-5
        let got = analytic.scalars[index]
        #expect(
          abs(numeric - got) <= 1e-6 * max(1, abs(numeric)),
          "trial \(trial), k \(r)×\(s), entry \(index): numeric \(numeric), analytic \(got)")
      }
    }
  }

  @Test func gradientDescentFindsTheDifferenceKernel() throws {
    // η = 0.03 < 2/λ_max = 2/60 (Hessian 2·[[18, 12], [12, 18]], eigenvalues 60 and 12), so
    // every step shrinks the error; 30 steps bring it below 0.01 from any start in [−1, 1].
    for seed: UInt64 in [1, 7, 99] {
      let fit = try learnKernel(
        input: x, target: y, kernelSize: (1, 2), learningRate: 0.03, steps: 30, seed: seed)
      #expect(fit.losses.count == 31)
      #expect(zip(fit.losses, fit.losses.dropFirst()).allSatisfy { $1 <= $0 }, "seed \(seed)")
      #expect(
        abs(fit.kernel[0, 0] - 1) < 0.01 && abs(fit.kernel[0, 1] + 1) < 0.01,
        "seed \(seed): learned \(fit.kernel.scalars)")
    }
  }

  @Test func aStepSizeAboveTheLimitDiverges() throws {
    // η = 0.05 > 1/30: the error along the eigenvector (1, 1) grows by |1 − 0.05·60| = 2 per step.
    let fit = try learnKernel(
      input: x, target: y, kernelSize: (1, 2), learningRate: 0.05, steps: 20, seed: 7)
    #expect(fit.losses.last! > fit.losses.first!)
  }

  @Test func mismatchedTargetIsExplained() {
    #expect(throws: GeometryError.self) {
      _ = try learnKernel(
        input: x, target: Tensor(zeros: [6, 6]), kernelSize: (1, 2), learningRate: 0.03,
        steps: 1, seed: 1)
    }
  }
}
