import CNNCore
import CrossCorrelation

/// A convolution layer of the benchmark: its name and geometry.
struct ConvLayer {
  let name: String
  let geometry: Conv2DGeometry

  /// `N=128 64→64 26×26 k3 s1 p0`
  var shape: String {
    let g = geometry
    return "N=\(g.batch) \(g.inChannels)→\(g.outChannels) \(g.height)×\(g.width) "
      + "k\(g.kernelHeight) s\(g.strideHeight) p\(g.padding.top)"
  }
}

/// The layers of the issue: LeNet c1–c2, the Keras model's c1–c4, AlexNet c1–c5.
func convLayers() -> [ConvLayer] {
  func layer(
    _ name: String, _ n: Int, _ c: Int, _ k: Int, _ hw: Int, kernel: Int, stride: Int = 1,
    padding: Int = 0
  ) -> ConvLayer {
    // AlexNet c1 (224 − 11 + 2·1 = 215, not divisible by 4) needs PyTorch's floor rounding.
    let g = try! Conv2DGeometry(
      batch: n, inChannels: c, height: hw, width: hw, outChannels: k, kernel: kernel,
      stride: stride, padding: padding, rounding: .floor)
    return ConvLayer(name: name, geometry: g)
  }
  return [
    layer("lenet-c1", 256, 1, 6, 28, kernel: 5, padding: 2),
    layer("lenet-c2", 256, 6, 16, 14, kernel: 5),
    layer("keras-c1", 128, 1, 64, 28, kernel: 3),
    layer("keras-c2", 128, 64, 64, 26, kernel: 3),
    layer("keras-c3", 128, 64, 128, 12, kernel: 3),
    layer("keras-c4", 128, 128, 128, 10, kernel: 3),
    layer("alexnet-c1", 8, 3, 96, 224, kernel: 11, stride: 4, padding: 1),
    layer("alexnet-c2", 8, 96, 256, 26, kernel: 5, padding: 2),
    layer("alexnet-c3", 8, 256, 384, 12, kernel: 3, padding: 1),
    layer("alexnet-c4", 8, 384, 384, 12, kernel: 3, padding: 1),
    layer("alexnet-c5", 8, 384, 256, 12, kernel: 3, padding: 1),
  ]
}

/// The geometry of the first `images` images of `g`.
func sliced(_ g: Conv2DGeometry, images: Int) -> Conv2DGeometry {
  try! Conv2DGeometry(
    batch: images, inChannels: g.inChannels, height: g.height, width: g.width,
    outChannels: g.outChannels, kernel: (g.kernelHeight, g.kernelWidth),
    stride: (g.strideHeight, g.strideWidth), padding: g.padding,
    dilation: (g.dilationHeight, g.dilationWidth), groups: g.groups, rounding: .floor)
}

/// The first `images` images of an NCHW tensor.
func firstImages(_ t: Tensor<Float>, _ images: Int) -> Tensor<Float> {
  let perImage = t.count / t.shape[0]
  return Tensor(
    shape: [images] + t.shape.dropFirst(), scalars: Array(t.scalars[0..<images * perImage]))
}

/// Images for the scalar reference: as many as fit in about 5·10⁷ multiply–adds (at least
/// one, at most two), so that verifying a layer takes well under a second.
func referenceImages(_ g: Conv2DGeometry, quick: Bool) -> Int {
  let perImage = g.multiplyAdds / g.batch
  return quick ? 1 : min(g.batch, 2, max(1, 50_000_000 / max(1, perImage)))
}

/// Forward (`conv2d`, 2·MACs flops) and forward + backward (`conv2d` then `conv2dBackward`
/// for dx, dw and db, 6·MACs flops) for every layer.
func convWorkloads(_ layers: [ConvLayer], quick: Bool) -> [Workload] {
  layers.flatMap { layer -> [Workload] in
    let g = layer.geometry
    let macs = Double(g.multiplyAdds)
    let inputs: () -> (Tensor<Float>, Tensor<Float>, Tensor<Float>, Tensor<Float>) = {
      var generator = SeededGenerator(seed: 5)
      let x = randomTensor(g.inputShape, using: &generator)
      let w = randomTensor(g.weightShape, using: &generator)
      let b = randomTensor([g.outChannels], using: &generator)
      let dy = randomTensor(g.outputShape, using: &generator)
      return (x, w, b, dy)
    }
    let terms = g.inChannelsPerGroup * g.kernelHeight * g.kernelWidth + 1
    let forward = Workload(
      name: "conv \(layer.name) fwd", shape: layer.shape, work: 2 * macs, unit: .gflops
    ) {
      let (x, w, b, _) = inputs()
      let run: () -> Outputs = {
        Outputs(floats: [conv2d(input: x, weight: w, bias: b, geometry: g).scalars])
      }
      let verify: () -> Verification = {
        // The full-batch kernel output, first images, against the reference on those images.
        let images = referenceImages(g, quick: quick)
        let y = conv2d(input: x, weight: w, bias: b, geometry: g)
        let small = sliced(g, images: images)
        let xs = firstImages(x, images)
        var reference = Tensor<Float>(zeros: [1])
        let seconds = secondsTaken {
          reference = conv2dReference(input: xs, weight: w, bias: b, geometry: small)
        }
        let difference = maxDifference(firstImages(y, images).scalars, reference.scalars)
        let tolerance = sumTolerance(terms: terms)
        return Verification(
          passed: difference <= tolerance, maxDifference: difference, tolerance: tolerance,
          slice: "images 0..<\(images) of \(g.batch)",
          referenceSeconds: seconds * Double(g.batch) / Double(images))
      }
      return Prepared(run: run, verify: verify)
    }
    let training = Workload(
      name: "conv \(layer.name) fwd+bwd", shape: layer.shape, work: 6 * macs, unit: .gflops
    ) {
      let (x, w, b, dy) = inputs()
      let run: () -> Outputs = {
        let y = conv2d(input: x, weight: w, bias: b, geometry: g)
        let grads = conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: g)
        return Outputs(
          floats: [y.scalars, grads.input.scalars, grads.weight.scalars, grads.bias.scalars])
      }
      let verify: () -> Verification = {
        // dw and db sum over the batch, so kernel and reference both run on the slice.
        let images = referenceImages(g, quick: quick)
        let small = sliced(g, images: images)
        let (xs, dys) = (firstImages(x, images), firstImages(dy, images))
        let grads = conv2dBackward(input: xs, weight: w, outputGradient: dys, geometry: small)
        var reference = Conv2DGradients<Float>(input: xs, weight: w, bias: b)
        let seconds = secondsTaken {
          _ = conv2dReference(input: xs, weight: w, bias: b, geometry: small)
          reference = conv2dBackwardReference(
            input: xs, weight: w, outputGradient: dys, geometry: small)
        }
        let difference = max(
          maxDifference(grads.input.scalars, reference.input.scalars),
          maxDifference(grads.weight.scalars, reference.weight.scalars),
          maxDifference(grads.bias.scalars, reference.bias.scalars))
        // dx sums K·R·S terms, dw and db sum N·P·Q terms over the slice.
        let backwardTerms = max(
          g.outChannelsPerGroup * g.kernelHeight * g.kernelWidth,
          images * g.outHeight * g.outWidth)
        let tolerance = sumTolerance(terms: backwardTerms)
        return Verification(
          passed: difference <= tolerance, maxDifference: difference, tolerance: tolerance,
          slice: "images 0..<\(images) of \(g.batch) (backward)",
          referenceSeconds: seconds * Double(g.batch) / Double(images))
      }
      return Prepared(run: run, verify: verify)
    }
    return [forward, training]
  }
}
