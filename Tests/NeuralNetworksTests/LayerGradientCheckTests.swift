import CNNCore
import CrossCorrelation
import NeuralNetworks
import Pooling
import Testing

// Every layer's and the loss's scalar reference backward pass against central differences in
// Double. The loss used is L = Σ y·R with a fixed random R, so the backward pass is fed R.
// Tolerance: Pooling.gradientError (|a − n| / max(1, |a|, |n|)) below 1e-6, step 1e-5.

@Suite("Layer gradient checks (Double, scalar references)")
struct LayerGradientCheckTests {
  @Test func dense() {
    var g = SeededGenerator(seed: 11)
    let x = g.doubles([3, 4])
    let w = g.doubles([2, 4])
    let b = g.doubles([2])
    let r = g.doubles([3, 2])
    let grads = denseBackwardReference(input: x, weight: w, outputGradient: r)
    expectGradient(
      grads.input, of: { weightedSum(denseReference(input: $0, weight: w, bias: b), r) }, at: x,
      "dense dx")
    expectGradient(
      grads.weight, of: { weightedSum(denseReference(input: x, weight: $0, bias: b), r) }, at: w,
      "dense dW")
    expectGradient(
      grads.bias, of: { weightedSum(denseReference(input: x, weight: w, bias: $0), r) }, at: b,
      "dense db")
  }

  @Test func reluAwayFromZero() {
    var g = SeededGenerator(seed: 12)
    let x = g.awayFromZero([2, 3, 4])
    let r = g.doubles([2, 3, 4])
    expectGradient(
      reluBackwardReference(input: x, outputGradient: r),
      of: { weightedSum(reluReference($0), r) }, at: x, "relu dx")
  }

  @Test func sigmoidAndTanh() {
    var g = SeededGenerator(seed: 13)
    let x = g.doubles([2, 5], in: -3...3)
    let r = g.doubles([2, 5])
    expectGradient(
      sigmoidBackwardReference(output: sigmoidReference(x), outputGradient: r),
      of: { weightedSum(sigmoidReference($0), r) }, at: x, "sigmoid dx")
    expectGradient(
      tanhBackwardReference(output: tanhReference(x), outputGradient: r),
      of: { weightedSum(tanhReference($0), r) }, at: x, "tanh dx")
  }

  @Test func dropoutWithFixedMask() {
    var g = SeededGenerator(seed: 14)
    let x = g.doubles([3, 4])
    let r = g.doubles([3, 4])
    let mask = Tensor<Double>(
      shape: [3, 4], scalars: (0..<12).map { _ in Double(g.nextInt(in: 0...1)) })
    expectGradient(
      dropoutBackwardReference(outputGradient: r, mask: mask, rate: 0.3),
      of: { weightedSum(dropoutReference(input: $0, mask: mask, rate: 0.3), r) }, at: x,
      "dropout dx")
  }

  @Test(arguments: [[4, 3], [2, 3, 2, 2], [3, 2, 1, 3]])
  func batchNormTraining(shape: [Int]) {
    var g = SeededGenerator(seed: 15 + UInt64(shape.count))
    let channels = shape[1]
    let x = g.doubles(shape, in: -2...2)
    let r = g.doubles(shape)
    let gamma = g.doubles([channels], in: 0.5...1.5)
    let beta = g.doubles([channels])
    let eps = 1e-5
    func loss(_ x: Tensor<Double>, _ gamma: Tensor<Double>, _ beta: Tensor<Double>) -> Double {
      weightedSum(
        batchNormTrainingReference(input: x, gamma: gamma, beta: beta, epsilon: eps).output, r)
    }
    let grads = batchNormBackwardReference(input: x, gamma: gamma, epsilon: eps, outputGradient: r)
    expectGradient(grads.input, of: { loss($0, gamma, beta) }, at: x, "batch norm \(shape) dx")
    expectGradient(grads.gamma, of: { loss(x, $0, beta) }, at: gamma, "batch norm \(shape) dγ")
    expectGradient(grads.beta, of: { loss(x, gamma, $0) }, at: beta, "batch norm \(shape) dβ")
  }

  @Test func softmaxCrossEntropy() {
    var g = SeededGenerator(seed: 16)
    let z = g.doubles([4, 5], in: -3...3)
    let labels = g.labels(4, classes: 5)
    expectGradient(
      softmaxCrossEntropyBackwardReference(logits: z, labels: labels),
      of: { softmaxCrossEntropyReference(logits: $0, labels: labels) }, at: z, "softmax CE dz")
  }

  @Test func conv2dWithStridePaddingGroups() throws {
    var g = SeededGenerator(seed: 17)
    let geo = try Conv2DGeometry(
      batch: 2, inChannels: 4, height: 5, width: 5, outChannels: 2, kernel: 3, stride: 2,
      padding: 1, groups: 2)
    let x = g.doubles(geo.inputShape)
    let w = g.doubles(geo.weightShape)
    let b = g.doubles([2])
    let r = g.doubles(geo.outputShape)
    let grads = conv2dBackwardReference(input: x, weight: w, outputGradient: r, geometry: geo)
    func loss(_ x: Tensor<Double>, _ w: Tensor<Double>, _ b: Tensor<Double>) -> Double {
      weightedSum(conv2dReference(input: x, weight: w, bias: b, geometry: geo), r)
    }
    expectGradient(grads.input, of: { loss($0, w, b) }, at: x, "conv dx")
    expectGradient(grads.weight, of: { loss(x, $0, b) }, at: w, "conv dw")
    expectGradient(grads.bias, of: { loss(x, w, $0) }, at: b, "conv db")
  }

  @Test func pooling() throws {
    var g = SeededGenerator(seed: 18)
    let geo = try Pool2DGeometry(batch: 2, channels: 2, height: 5, width: 5, kernel: 3, stride: 2)
    let x = g.distinct(geo.inputShape)
    let r = g.doubles(geo.outputShape)
    let argmax = maxPool2DReference(input: x, geometry: geo).argmax
    expectGradient(
      maxPool2DBackwardReference(gradOutput: r, argmax: argmax, geometry: geo),
      of: { weightedSum(maxPool2DReference(input: $0, geometry: geo).output, r) }, at: x,
      "max pool dx", step: 1e-4)
    for include in [true, false] {
      let padded = try Pool2DGeometry(
        batch: 1, channels: 2, height: 4, width: 4, kernel: 3, stride: 1, padding: 1)
      let xa = g.doubles(padded.inputShape)
      let ra = g.doubles(padded.outputShape)
      expectGradient(
        avgPool2DBackwardReference(gradOutput: ra, geometry: padded, countIncludePad: include),
        of: {
          weightedSum(avgPool2DReference(input: $0, geometry: padded, countIncludePad: include), ra)
        },
        at: xa, "avg pool dx (countIncludePad \(include))")
    }
    let xg = g.doubles([2, 3, 2, 3])
    let rg = g.doubles([2, 3, 1, 1])
    expectGradient(
      globalAvgPool2DBackwardReference(gradOutput: rg, inputShape: xg.shape),
      of: { weightedSum(globalAvgPool2DReference(input: $0), rg) }, at: xg, "global avg pool dx")
    let rf = g.doubles([2, 18])
    expectGradient(
      flattenBackward(gradOutput: rf, inputShape: xg.shape),
      of: { weightedSum(flattenReference($0), rf) }, at: xg, "flatten dx")
  }
}
