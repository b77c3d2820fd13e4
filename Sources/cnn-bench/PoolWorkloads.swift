import CNNCore
import Pooling

/// Max pooling 2×2/2 and 3×3/2 and average pooling 2×2/2 (PyTorch's floor rounding), forward
/// and backward, on the output of each named convolution layer.
///
/// Rates are memory traffic: forward reads x and writes y (and the Int32 argmax for max
/// pooling), backward reads dy (and argmax) and writes dx, 4 bytes per element. Pooling is
/// cheap enough to verify on the whole tensor, exactly for max pooling and the average's
/// forward pass, within rounding for the average's backward pass.
func poolWorkloads(on layers: [ConvLayer]) -> [Workload] {
  let kinds: [(name: String, kernel: Int, isMax: Bool)] = [
    ("maxpool2/2", 2, true), ("maxpool3/2", 3, true), ("avgpool2/2", 2, false),
  ]
  return layers.flatMap { layer in
    kinds.flatMap { kind -> [Workload] in
      let c = layer.geometry
      let g = try! Pool2DGeometry(
        batch: c.batch, channels: c.outChannels, height: c.outHeight, width: c.outWidth,
        kernel: kind.kernel, stride: 2, rounding: .floor)
      let shape = "\(g.batch)×\(g.channels)×\(g.height)×\(g.width) → \(g.outHeight)×\(g.outWidth)"
      let (inCount, outCount) = (Double(g.planes * g.height * g.width),
        Double(g.planes * g.outHeight * g.outWidth))
      let bytes = 4 * (inCount + outCount * (kind.isMax ? 2 : 1))
      let inputs: () -> (Tensor<Float>, Tensor<Float>) = {
        var generator = SeededGenerator(seed: 7)
        return (
          randomTensor(g.inputShape, using: &generator),
          randomTensor(g.outputShape, using: &generator))
      }
      let base = "\(kind.name) \(layer.name)"
      let forward = Workload(name: base + " fwd", shape: shape, work: bytes, unit: .gbytes) {
        let (x, _) = inputs()
        let run: () -> Outputs = kind.isMax
          ? {
            let r = maxPool2D(input: x, geometry: g)
            return Outputs(floats: [r.output.scalars], indices: [r.argmax])
          }
          : { Outputs(floats: [avgPool2D(input: x, geometry: g).scalars]) }
        let verify: () -> Verification = {
          var difference = 0.0
          var reference: (output: Tensor<Float>, argmax: [Int])? = nil
          var average = Tensor<Float>(zeros: [1])
          let seconds = secondsTaken {
            if kind.isMax {
              reference = maxPool2DReference(input: x, geometry: g)
            } else {
              average = avgPool2DReference(input: x, geometry: g)
            }
          }
          if let reference {
            let r = maxPool2D(input: x, geometry: g)
            difference = maxDifference(r.output.scalars, reference.output.scalars)
            if r.argmax.map(Int.init) != reference.argmax { difference = .infinity }
          } else {
            difference = maxDifference(avgPool2D(input: x, geometry: g).scalars, average.scalars)
          }
          return Verification(
            passed: difference == 0, maxDifference: difference, tolerance: 0,
            slice: "whole tensor", referenceSeconds: seconds)
        }
        return Prepared(run: run, verify: verify)
      }
      let backward = Workload(name: base + " bwd", shape: shape, work: bytes, unit: .gbytes) {
        let (x, dy) = inputs()
        let argmax = maxPool2D(input: x, geometry: g).argmax
        let run: () -> Outputs = kind.isMax
          ? {
            Outputs(
              floats: [maxPool2DBackward(gradOutput: dy, argmax: argmax, geometry: g).scalars])
          }
          : { Outputs(floats: [avgPool2DBackward(gradOutput: dy, geometry: g).scalars]) }
        let verify: () -> Verification = {
          var reference = Tensor<Float>(zeros: [1])
          let wideArgmax = argmax.map(Int.init)
          let seconds = secondsTaken {
            reference = kind.isMax
              ? maxPool2DBackwardReference(gradOutput: dy, argmax: wideArgmax, geometry: g)
              : avgPool2DBackwardReference(gradOutput: dy, geometry: g)
          }
          let difference = maxDifference(run().floats[0], reference.scalars)
          // An element collects at most ⌈R/S⌉² shares of magnitude ≤ 1 (exact for max with
          // non-overlapping windows; the order of additions may differ otherwise).
          let tolerance = sumTolerance(terms: 4)
          return Verification(
            passed: difference <= tolerance, maxDifference: difference, tolerance: tolerance,
            slice: "whole tensor", referenceSeconds: seconds)
        }
        return Prepared(run: run, verify: verify)
      }
      return [forward, backward]
    }
  }
}

/// The layers whose outputs are pooled: the 128×64×24×24 (Keras c2) among them.
func pooledLayers(_ layers: [ConvLayer]) -> [ConvLayer] {
  let names: Set = [
    "lenet-c1", "lenet-c2", "keras-c2", "keras-c4", "alexnet-c1", "alexnet-c2", "alexnet-c5",
  ]
  return layers.filter { names.contains($0.name) }
}
