import CNNCore
import CrossCorrelation
import NeuralNetworks
import Pooling
import Testing

// Every vectorized layer (forward and backward, through the Layer API) against the scalar
// references in Double, on 60 random seeded configurations per layer. Agreement is checked
// as |a − e| ≤ tol·(1 + |e|) with the tolerance stated per test; a failure prints the
// configuration, the first mismatches and the max |diff|.

private let configs = 60

/// Runs `layer` forward (training) on `x` and backward on `dy`.
private func run(_ layer: Layer, _ x: Tensor<Float>, _ dy: Tensor<Float>) -> (
  y: Tensor<Float>, dx: Tensor<Float>
) {
  let y = layer.forward(x, training: true)
  return (y, layer.backward(dy))
}

@Suite("Layers against their scalar references")
struct LayerSweepTests {
  /// Tolerance 1e-5: sums of at most 20 products of values in [−1, 1].
  @Test func dense() {
    var g = SeededGenerator(seed: 101)
    for index in 0..<configs {
      let (n, f, o) = (g.nextInt(in: 1...5), g.nextInt(in: 1...20), g.nextInt(in: 1...12))
      let hasBias = g.nextInt(in: 0...1) == 1
      let layer = Dense(inFeatures: f, outFeatures: o, bias: hasBias, seed: UInt64(index))
      if let bias = layer.bias { bias.value = g.floats([o]) }
      let x = g.floats([n, f])
      let dy = g.floats([n, o])
      let (y, dx) = run(layer, x, dy)
      let config = "#\(index) Dense N \(n) F \(f) O \(o) bias \(hasBias)"
      let (xd, wd, dyd) = (
        x.converted(to: Double.self), layer.weight.value.converted(to: Double.self),
        dy.converted(to: Double.self)
      )
      let bd = layer.bias?.value.converted(to: Double.self)
      let ref = denseBackwardReference(input: xd, weight: wd, outputGradient: dyd)
      expectNone(
        mismatchReport(
          y, denseReference(input: xd, weight: wd, bias: bd), tolerance: 1e-5, config + " y"))
      expectNone(mismatchReport(dx, ref.input, tolerance: 1e-5, config + " dx"))
      expectNone(mismatchReport(layer.weight.gradient, ref.weight, tolerance: 1e-5, config + " dW"))
      if let bias = layer.bias {
        expectNone(mismatchReport(bias.gradient, ref.bias, tolerance: 1e-5, config + " db"))
      }
    }
  }

  /// Tolerance 2e-5: sums of up to a few hundred products of values in [−1, 1].
  @Test func conv2d() {
    var g = SeededGenerator(seed: 102)
    var tested = 0
    var index = 0
    while tested < configs {
      index += 1
      let groups = g.nextInt(in: 1...2)
      let c = groups * g.nextInt(in: 1...3)
      let k = groups * g.nextInt(in: 1...3)
      let kernel = g.nextInt(in: 1...3)
      let stride = g.nextInt(in: 1...2)
      let padding = g.nextInt(in: 0...1)
      let (h, w) = (g.nextInt(in: 1...7), g.nextInt(in: 1...7))
      let n = g.nextInt(in: 1...3)
      let layer = Conv2D(
        inChannels: c, outChannels: k, kernel: kernel, stride: stride, padding: padding,
        groups: groups, bias: g.nextInt(in: 0...1) == 1, rounding: .floor, seed: UInt64(index))
      guard let geo = try? layer.geometry(batch: n, sampleShape: [c, h, w]) else { continue }
      tested += 1
      if let bias = layer.bias { bias.value = g.floats([k]) }
      let x = g.floats(geo.inputShape)
      let dy = g.floats(geo.outputShape)
      let (y, dx) = run(layer, x, dy)
      let config = "#\(index) \(geo) N \(n) bias \(layer.bias != nil)"
      let (xd, wd, dyd) = (
        x.converted(to: Double.self), layer.weight.value.converted(to: Double.self),
        dy.converted(to: Double.self)
      )
      let ref = conv2dBackwardReference(input: xd, weight: wd, outputGradient: dyd, geometry: geo)
      let yRef = conv2dReference(
        input: xd, weight: wd, bias: layer.bias?.value.converted(to: Double.self), geometry: geo)
      expectNone(mismatchReport(y, yRef, tolerance: 2e-5, config + " y"))
      expectNone(mismatchReport(dx, ref.input, tolerance: 2e-5, config + " dx"))
      expectNone(mismatchReport(layer.weight.gradient, ref.weight, tolerance: 2e-5, config + " dw"))
      if let bias = layer.bias {
        expectNone(mismatchReport(bias.gradient, ref.bias, tolerance: 2e-5, config + " db"))
      }
    }
  }

  /// Random pooling windows (kernel 1–3, stride 1–3, padding ≤ ⌊kernel/2⌋, floor rounding).
  private func randomPool(_ g: inout SeededGenerator) -> (
    kernel: Int, stride: Int, padding: Int, shape: [Int], n: Int
  ) {
    let kernel = g.nextInt(in: 1...3)
    return (
      kernel, g.nextInt(in: 1...3), g.nextInt(in: 0...(kernel / 2)),
      [g.nextInt(in: 1...3), g.nextInt(in: kernel...7), g.nextInt(in: kernel...7)],
      g.nextInt(in: 1...3)
    )
  }

  /// Max pooling: the maxima are exact; the gradient within 1e-6 (overlapping windows add
  /// their shares in another order).
  @Test func maxPool2D() throws {
    var g = SeededGenerator(seed: 103)
    for index in 0..<configs {
      let p = randomPool(&g)
      let layer = MaxPool2D(
        kernel: p.kernel, stride: p.stride, padding: p.padding, rounding: .floor)
      let geo = try layer.geometry(batch: p.n, sampleShape: p.shape)
      let x = g.floats(geo.inputShape)
      let dy = g.floats(geo.outputShape)
      let (y, dx) = run(layer, x, dy)
      let config = "#\(index) \(geo)"
      let ref = maxPool2DReference(input: x.converted(to: Double.self), geometry: geo)
      expectNone(mismatchReport(y, ref.output, tolerance: 0, config + " y"))
      let dxRef = maxPool2DBackwardReference(
        gradOutput: dy.converted(to: Double.self), argmax: ref.argmax, geometry: geo)
      expectNone(mismatchReport(dx, dxRef, tolerance: 1e-6, config + " dx"))
    }
  }

  /// Average pooling, both divisor rules: tolerance 1e-6.
  @Test func avgPool2D() throws {
    var g = SeededGenerator(seed: 104)
    for index in 0..<configs {
      let p = randomPool(&g)
      let include = g.nextInt(in: 0...1) == 1
      let layer = AvgPool2D(
        kernel: p.kernel, stride: p.stride, padding: p.padding, rounding: .floor,
        countIncludePad: include)
      let geo = try layer.geometry(batch: p.n, sampleShape: p.shape)
      let x = g.floats(geo.inputShape)
      let dy = g.floats(geo.outputShape)
      let (y, dx) = run(layer, x, dy)
      let config = "#\(index) \(geo) countIncludePad \(include)"
      let yRef = avgPool2DReference(
        input: x.converted(to: Double.self), geometry: geo, countIncludePad: include)
      let dxRef = avgPool2DBackwardReference(
        gradOutput: dy.converted(to: Double.self), geometry: geo, countIncludePad: include)
      expectNone(mismatchReport(y, yRef, tolerance: 1e-6, config + " y"))
      expectNone(mismatchReport(dx, dxRef, tolerance: 1e-6, config + " dx"))
    }
  }

  /// Global average pooling and flatten: tolerance 1e-6 (flatten is exact).
  @Test func globalAvgPoolAndFlatten() {
    var g = SeededGenerator(seed: 105)
    for index in 0..<configs {
      let shape = [
        g.nextInt(in: 1...3), g.nextInt(in: 1...4), g.nextInt(in: 1...6), g.nextInt(in: 1...6),
      ]
      let x = g.floats(shape)
      let pool = GlobalAvgPool2D()
      let flat = Flatten()
      let dyPool = g.floats([shape[0], shape[1], 1, 1])
      let (yp, dxp) = run(pool, x, dyPool)
      let config = "#\(index) shape \(shape)"
      expectNone(
        mismatchReport(
          yp, globalAvgPool2DReference(input: x.converted(to: Double.self)), tolerance: 1e-6,
          config + " gap y"))
      expectNone(
        mismatchReport(
          dxp,
          globalAvgPool2DBackwardReference(
            gradOutput: dyPool.converted(to: Double.self), inputShape: shape),
          tolerance: 1e-6, config + " gap dx"))
      let dyFlat = g.floats([shape[0], shape.dropFirst().reduce(1, *)])
      let (yf, dxf) = run(flat, x, dyFlat)
      expectNone(
        mismatchReport(
          yf, flattenReference(x.converted(to: Double.self)), tolerance: 0, config + " flatten y"))
      expectNone(
        mismatchReport(
          dxf, dyFlat.reshaped(shape).converted(to: Double.self), tolerance: 0,
          config + " flatten dx"))
    }
  }

  /// ReLU exactly; sigmoid and tanh within 1e-6 (Float library functions vs Double).
  @Test func activations() {
    var g = SeededGenerator(seed: 106)
    for index in 0..<configs {
      let shape = (0..<g.nextInt(in: 1...4)).map { _ in g.nextInt(in: 1...9) }
      let x = g.floats(shape, in: -4...4)
      let dy = g.floats(shape)
      let (xd, dyd) = (x.converted(to: Double.self), dy.converted(to: Double.self))
      let config = "#\(index) shape \(shape)"
      let (yr, dxr) = run(ReLU(), x, dy)
      expectNone(mismatchReport(yr, reluReference(xd), tolerance: 0, config + " relu y"))
      expectNone(
        mismatchReport(
          dxr, reluBackwardReference(input: xd, outputGradient: dyd), tolerance: 0,
          config + " relu dx"))
      let (ys, dxs) = run(Sigmoid(), x, dy)
      let ysRef = sigmoidReference(xd)
      expectNone(mismatchReport(ys, ysRef, tolerance: 1e-6, config + " sigmoid y"))
      expectNone(
        mismatchReport(
          dxs, sigmoidBackwardReference(output: ysRef, outputGradient: dyd), tolerance: 1e-6,
          config + " sigmoid dx"))
      let (yt, dxt) = run(Tanh(), x, dy)
      let ytRef = tanhReference(xd)
      expectNone(mismatchReport(yt, ytRef, tolerance: 1e-6, config + " tanh y"))
      expectNone(
        mismatchReport(
          dxt, tanhBackwardReference(output: ytRef, outputGradient: dyd), tolerance: 1e-6,
          config + " tanh dx"))
    }
  }

  /// Dropout against the reference with the layer's own mask: tolerance 1e-6.
  @Test func dropout() {
    var g = SeededGenerator(seed: 107)
    for index in 0..<configs {
      let shape = [g.nextInt(in: 1...4), g.nextInt(in: 1...20)]
      let rate = Float(g.nextInt(in: 0...8)) / 10
      let layer = Dropout(rate: rate, seed: UInt64(index))
      let x = g.floats(shape)
      let dy = g.floats(shape)
      let (y, dx) = run(layer, x, dy)
      let mask =
        layer.lastMask.map { m in
          Tensor<Double>(shape: shape, scalars: m.scalars.map { $0 == 0 ? 0 : 1 })
        } ?? Tensor(shape: shape, repeating: 1)
      let config = "#\(index) shape \(shape) rate \(rate)"
      expectNone(
        mismatchReport(
          y, dropoutReference(input: x.converted(to: Double.self), mask: mask, rate: Double(rate)),
          tolerance: 1e-6, config + " y"))
      expectNone(
        mismatchReport(
          dx,
          dropoutBackwardReference(
            outputGradient: dy.converted(to: Double.self), mask: mask, rate: Double(rate)),
          tolerance: 1e-6, config + " dx"))
    }
  }

  /// Batch norm, 1-D and 2-D, training (output and all gradients) and inference: tolerance
  /// 1e-5 (the input gradient subtracts sums of similar size).
  @Test func batchNorm() {
    var g = SeededGenerator(seed: 108)
    for index in 0..<configs {
      let twoD = index % 2 == 0
      let c = g.nextInt(in: 1...4)
      let shape =
        twoD
        ? [g.nextInt(in: 1...3), c, g.nextInt(in: 1...4), g.nextInt(in: 1...4)]
        : [g.nextInt(in: 2...6), c]
      guard shape[0] * shape.dropFirst(2).reduce(1, *) >= 2 else { continue }
      let layer: Layer = twoD ? BatchNorm2D(channels: c) : BatchNorm1D(features: c)
      layer.parameters[0].value = g.floats([c], in: 0.5...1.5)
      layer.parameters[1].value = g.floats([c])
      let (gamma, beta) = (layer.parameters[0].value, layer.parameters[1].value)
      let x = g.floats(shape, in: -2...2)
      let dy = g.floats(shape)
      let (y, dx) = run(layer, x, dy)
      let config = "#\(index) \(layer.kind) shape \(shape)"
      let (xd, gd, bd) = (
        x.converted(to: Double.self), gamma.converted(to: Double.self),
        beta.converted(to: Double.self)
      )
      let eps = 1e-5
      let ref = batchNormTrainingReference(input: xd, gamma: gd, beta: bd, epsilon: eps)
      let grads = batchNormBackwardReference(
        input: xd, gamma: gd, epsilon: eps, outputGradient: dy.converted(to: Double.self))
      expectNone(mismatchReport(y, ref.output, tolerance: 1e-5, config + " y"))
      expectNone(mismatchReport(dx, grads.input, tolerance: 1e-5, config + " dx"))
      expectNone(
        mismatchReport(layer.parameters[0].gradient, grads.gamma, tolerance: 1e-5, config + " dγ"))
      expectNone(
        mismatchReport(layer.parameters[1].gradient, grads.beta, tolerance: 1e-5, config + " dβ"))
      let (rm, rv) = (layer.buffers[0].value, layer.buffers[1].value)
      let yInfer = layer.forward(x, training: false)
      let inferRef = batchNormInferenceReference(
        input: xd, gamma: gd, beta: bd, runningMean: rm.converted(to: Double.self),
        runningVariance: rv.converted(to: Double.self), epsilon: eps)
      expectNone(mismatchReport(yInfer, inferRef, tolerance: 1e-5, config + " inference y"))
    }
  }

  /// Softmax cross-entropy: loss and gradient within 1e-6.
  @Test func softmaxCrossEntropy() {
    var g = SeededGenerator(seed: 109)
    for index in 0..<configs {
      let (n, k) = (g.nextInt(in: 1...6), g.nextInt(in: 1...10))
      let z = g.floats([n, k], in: -5...5)
      let labels = g.labels(n, classes: k)
      let loss = SoftmaxCrossEntropy()
      let value = loss.forward(z, labels: labels)
      let dz = loss.backward()
      let zd = z.converted(to: Double.self)
      let config = "#\(index) N \(n) K \(k) labels \(labels)"
      let expected = softmaxCrossEntropyReference(logits: zd, labels: labels)
      #expect(
        abs(Double(value) - expected) <= 1e-6 * (1 + abs(expected)),
        "\(config): \(value) vs \(expected)")
      expectNone(
        mismatchReport(
          dz, softmaxCrossEntropyBackwardReference(logits: zd, labels: labels), tolerance: 1e-6,
          config + " dz"))
      expectNone(
        mismatchReport(softmax(z), softmaxReference(zd), tolerance: 1e-6, config + " softmax"))
    }
  }
}
