import CNNCore
import Pooling

/// Max pooling 2×2/2 and 3×3/2 and average pooling 2×2/2 (PyTorch's floor rounding), forward
/// and backward, on the output of each named convolution layer.
///
/// The timed runs call the allocation-free kernels (`maxPool2D(input:geometry:output:argmax:)`
/// and the like) on output buffers allocated once, as a training loop reuses its buffers.
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
        // Outputs start as NaN and −1, so the whole-tensor check sees any element not written.
        let ys = ReusedOutput(count: g.planes * g.outHeight * g.outWidth, Float.nan)
        let argmaxes = ReusedOutput(count: ys.count, Int32(-1))
        let run: () -> Outputs = {
          x.scalars.withUnsafeBufferPointer { x in
            if kind.isMax {
              var y: [Float] = []
              let argmax = argmaxes.fill { argmax in
                y = ys.fill { y in maxPool2D(input: x, geometry: g, output: y, argmax: argmax) }
              }
              return Outputs(floats: [y], indices: [argmax])
            }
            return Outputs(floats: [ys.fill { y in avgPool2D(input: x, geometry: g, output: y) }])
          }
        }
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
          let outputs = run()
          if let reference {
            difference = maxDifference(outputs.floats[0], reference.output.scalars)
            if outputs.indices[0].map(Int.init) != reference.argmax { difference = .infinity }
          } else {
            difference = maxDifference(outputs.floats[0], average.scalars)
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
        // dx starts as NaN: the kernels must overwrite it entirely, not add to zeros.
        let dxs = ReusedOutput(count: g.planes * g.height * g.width, Float.nan)
        let run: () -> Outputs = {
          dy.scalars.withUnsafeBufferPointer { dy in
            argmax.withUnsafeBufferPointer { argmax in
              Outputs(floats: [
                dxs.fill { dx in
                  if kind.isMax {
                    maxPool2DBackward(gradOutput: dy, argmax: argmax, geometry: g, into: dx)
                  } else {
                    avgPool2DBackward(gradOutput: dy, geometry: g, into: dx)
                  }
                }
              ])
            }
          }
        }
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

/// The one output array a workload's timed runs write, allocated once, as a layer keeps its
/// output and input gradient from step to step in training.
///
/// The bench drops the previous run's outputs before the next run (`main.swift`) and keeps
/// only detached copies for comparing thread counts (`Outputs.detached`), so the array is
/// uniquely referenced when a run writes it: a run neither allocates nor copies. Until
/// 2026-11-24 two arrays were written in turn; that doubled the output's share of the working
/// set, and where the two no longer fitted the 32 MB L3 cache with the input the backward
/// lines paid for it (medians of 4 alternating runs, 2 threads: the Keras model's c2 average
/// backward 0.59 → 0.39 ms, its stream line 0.47 → 0.25 ms; AlexNet's c1 3×3/2 max backward
/// 0.36 → 0.29 ms).
final class ReusedOutput<Element> {
  private var storage: [Element]

  /// An array of `count` copies of `value` (a value the kernels never write, so that the
  /// whole-tensor checks see any element left unwritten).
  init(count: Int, _ value: Element) {
    storage = Array(repeating: value, count: count)
  }

  /// The number of elements.
  var count: Int { storage.count }

  /// Lets `body` overwrite the array and returns it.
  func fill(_ body: (UnsafeMutableBufferPointer<Element>) -> Void) -> [Element] {
    storage.withUnsafeMutableBufferPointer { body($0) }
    return storage
  }
}
