import CNNCore
import CrossCorrelation
import Testing

/// `CNNCore.conv2dBackward` and `CrossCorrelation.conv2dBackwardReference` against
/// PyTorch's autograd for `conv2d`: the gradients of L = Σ y·g with respect to the input,
/// the weight and the bias, for the recorded g (`gradOutput`).
///
/// Tolerance: `|ours − torch| ≤ 1e-5 · max(1, max |torch|)` per tensor, as for the forward
/// pass (Conv2DFixtureTests): each gradient entry is a sum of at most a few hundred float32
/// products here, so summation order moves it by ~1e-7 of the scale, while a misplaced
/// window or a missing term moves it by ≳ 1e-2.
@Suite struct Conv2DBackwardFixtureTests {
  static let tolerance = 1e-5

  @Test func vectorizedBackwardMatchesTorch() throws {
    for c in try FixtureFile.load(Conv2DFixtureFile.self, from: "conv2d").cases {
      let (x, w, _) = c.tensors(Float.self)
      let g = Tensor<Float>(shape: c.outputShape, scalars: c.gradOutput.values)
      let grads = conv2dBackward(
        input: x, weight: w, outputGradient: g, geometry: try c.geometry())
      let label = "conv2dBackward/\(c.name)"
      check(grads.input.scalars.map(Double.init), c.gradInput, c.inputShape, "\(label) input")
      check(grads.weight.scalars.map(Double.init), c.gradWeight, c.weightShape, "\(label) weight")
      if let gradBias = c.gradBias {
        check(grads.bias.scalars.map(Double.init), gradBias, [c.outputShape[1]], "\(label) bias")
      }
    }
  }

  @Test func scalarReferenceBackwardInDoubleMatchesTorch() throws {
    for c in try FixtureFile.load(Conv2DFixtureFile.self, from: "conv2d").cases {
      let (x, w, _) = c.tensors(Double.self)
      let g = Tensor<Double>(
        shape: c.outputShape, scalars: c.gradOutput.converted(to: Double.self))
      let grads = conv2dBackwardReference(
        input: x, weight: w, outputGradient: g, geometry: try c.geometry())
      let label = "conv2dBackwardReference/\(c.name)"
      check(grads.input.scalars, c.gradInput, c.inputShape, "\(label) input")
      check(grads.weight.scalars, c.gradWeight, c.weightShape, "\(label) weight")
      if let gradBias = c.gradBias {
        check(grads.bias.scalars, gradBias, [c.outputShape[1]], "\(label) bias")
      }
    }
  }

  private func check(
    _ actual: [Double], _ expected: Float32Array, _ shape: [Int], _ label: String
  ) {
    let comparison = FixtureComparison(
      actual: actual, expected: expected.converted(), tolerance: Self.tolerance)
    let report = comparison.report(label, shape: shape)
    print(report)
    let passed = comparison.passed
    #expect(passed, "\(report)")
  }
}
