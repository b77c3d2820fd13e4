import CNNCore
import Testing

// The kernels' `into:` variants rewrite a tensor the caller keeps from one batch to the next
// (a training loop's steady state). Their Tensor-returning forms start from fresh storage
// (zeroed, or for `conv2d` and `conv2dBackward` uninitialized), so only these tests show that
// every element is written: the kept tensor starts full of NaN (and, for a reused buffer,
// with a different shape of the same size), and the result must equal the fresh one bit for
// bit.

/// A tensor of `count` NaNs shaped `[count]`: the same storage size as the result, another
/// shape, every value poisoned.
private func poisoned(_ count: Int) -> Tensor<Float> {
  Tensor(shape: [count], repeating: .nan)
}

/// The bit patterns of a tensor (NaN payloads and signed zeros compare exactly).
private func bits(_ t: Tensor<Float>) -> [UInt32] { t.scalars.map(\.bitPattern) }

@Suite struct IntoVariantTests {
  /// One geometry per path of conv2d and conv2dBackward: direct (C·R·S ≤ 75), direct with
  /// the filters in the lanes (K = 16, C·R·S = 150), Winograd (3×3, C ≥ 17 forward, C ≥ 9
  /// backward), im2col + GEMM (stride 2, and 5×5 with many channels), space to depth (11×11
  /// at stride 4, forward); every one with and without the input gradient.
  @Test func convolutionPathsOverwriteEveryElement() throws {
    let geometries = [
      try Conv2DGeometry(
        batch: 3, inChannels: 1, height: 12, width: 12, outChannels: 6, kernel: 5, padding: 2),
      try Conv2DGeometry(
        batch: 3, inChannels: 6, height: 14, width: 14, outChannels: 16, kernel: 5),
      try Conv2DGeometry(
        batch: 2, inChannels: 20, height: 9, width: 9, outChannels: 12, kernel: 3, padding: 1),
      try Conv2DGeometry(
        batch: 2, inChannels: 4, height: 11, width: 11, outChannels: 5, kernel: 3, stride: 2),
      try Conv2DGeometry(
        batch: 2, inChannels: 8, height: 8, width: 8, outChannels: 7, kernel: 5, padding: 2),
      try Conv2DGeometry(
        batch: 2, inChannels: 3, height: 27, width: 27, outChannels: 5, kernel: 11, stride: 4,
        padding: 1, rounding: .floor),
    ]
    var g = SeededGenerator(seed: 0x1A70)
    for geometry in geometries {
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let b = g.tensor([geometry.outChannels]), dy = g.tensor(geometry.outputShape)
      let fresh = conv2d(input: x, weight: w, bias: b, geometry: geometry)
      var y = poisoned(fresh.count)
      conv2d(input: x, weight: w, bias: b, geometry: geometry, into: &y)
      #expect(y.shape == fresh.shape && bits(y) == bits(fresh), "y of \(geometry)")
      for inputGradient in [true, false] {
        let expected = conv2dBackward(
          input: x, weight: w, outputGradient: dy, geometry: geometry,
          inputGradient: inputGradient)
        var grads = Conv2DGradients<Float>(
          input: poisoned(expected.input.count), weight: poisoned(expected.weight.count),
          bias: poisoned(expected.bias.count))
        conv2dBackward(
          input: x, weight: w, outputGradient: dy, geometry: geometry,
          inputGradient: inputGradient, into: &grads)
        let config = "\(geometry), inputGradient \(inputGradient)"
        #expect(grads.input.shape == expected.input.shape, "dx shape of \(config)")
        #expect(bits(grads.input) == bits(expected.input), "dx of \(config)")
        #expect(bits(grads.weight) == bits(expected.weight), "dw of \(config)")
        #expect(bits(grads.bias) == bits(expected.bias), "db of \(config)")
      }
    }
  }

  /// dense and its backward pass, with and without a bias.
  @Test func denseOverwritesEveryElement() {
    var g = SeededGenerator(seed: 0x1A71)
    let x = g.tensor([5, 7]), w = g.tensor([3, 7]), b = g.tensor([3]), dy = g.tensor([5, 3])
    for bias in [b, nil] {
      let fresh = dense(input: x, weight: w, bias: bias)
      var y = poisoned(fresh.count)
      dense(input: x, weight: w, bias: bias, into: &y)
      #expect(y.shape == fresh.shape && bits(y) == bits(fresh))
    }
    let expected = denseBackward(input: x, weight: w, outputGradient: dy)
    var grads = DenseGradients<Float>(
      input: poisoned(35), weight: poisoned(21), bias: poisoned(3))
    denseBackward(input: x, weight: w, outputGradient: dy, into: &grads)
    #expect(bits(grads.input) == bits(expected.input) && grads.input.shape == [5, 7])
    #expect(bits(grads.weight) == bits(expected.weight) && grads.weight.shape == [3, 7])
    #expect(bits(grads.bias) == bits(expected.bias) && grads.bias.shape == [3])
  }

  /// The element-wise product, the activations, their backward passes, the softmax cross-entropy and
  /// global average pooling (sizes that leave ragged SIMD tails and several chunks).
  @Test func elementwiseAndLossOverwriteEveryElement() {
    var g = SeededGenerator(seed: 0x1A72)
    let x = g.tensor([3, 5, 67, 67]), dy = g.tensor([3, 5, 67, 67])
    func check(
      _ name: String, _ fresh: Tensor<Float>, _ write: (inout Tensor<Float>) -> Void
    ) {
      var out = poisoned(fresh.count)
      write(&out)
      #expect(out.shape == fresh.shape && bits(out) == bits(fresh), "\(name)")
    }
    check("relu", relu(x)) { relu(x, into: &$0) }
    check("multiply", multiply(x, dy)) { multiply(x, dy, into: &$0) }
    check("reluBackward", reluBackward(input: x, outputGradient: dy)) {
      reluBackward(input: x, outputGradient: dy, into: &$0)
    }
    check("sigmoid", sigmoid(x)) { sigmoid(x, into: &$0) }
    check("sigmoidBackward", sigmoidBackward(output: x, outputGradient: dy)) {
      sigmoidBackward(output: x, outputGradient: dy, into: &$0)
    }
    check("tanh", tanh(x)) { tanh(x, into: &$0) }
    check("tanhBackward", tanhBackward(output: x, outputGradient: dy)) {
      tanhBackward(output: x, outputGradient: dy, into: &$0)
    }
    check("globalAvgPool2D", globalAvgPool2D(input: x)) { globalAvgPool2D(input: x, into: &$0) }
    let pooledGradient = g.tensor([3, 5, 1, 1])
    check(
      "globalAvgPool2DBackward",
      globalAvgPool2DBackward(gradOutput: pooledGradient, inputShape: x.shape)
    ) { globalAvgPool2DBackward(gradOutput: pooledGradient, inputShape: x.shape, into: &$0) }
    let logits = g.tensor([9, 10]), labels = [0, 3, 9, 1, 1, 5, 7, 2, 8]
    let fresh = softmaxCrossEntropy(logits: logits, labels: labels)
    var p = poisoned(90)
    let loss = softmaxCrossEntropy(logits: logits, labels: labels, probabilities: &p)
    #expect(loss.bitPattern == fresh.loss.bitPattern && bits(p) == bits(fresh.probabilities))
    check(
      "softmaxCrossEntropyBackward",
      softmaxCrossEntropyBackward(probabilities: p, labels: labels)
    ) { softmaxCrossEntropyBackward(probabilities: p, labels: labels, into: &$0) }
  }
}
