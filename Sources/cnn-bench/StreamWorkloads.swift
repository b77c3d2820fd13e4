// The stream lines: yardsticks for the pooling lines. `stream <layer> fwd` reads a pooled
// layer's input and writes a quarter of it, `stream <layer> bwd` reads a quarter and writes
// the whole (`StreamYardstick`'s kernels). The 2×2/2 pooling lines move exactly these bytes
// (H and W are even on every pooled layer), max pooling also its argmax, so a pooling line
// with ordinary stores can be no faster than the stream line of its layer and direction.
// Both write one output array, allocated once (`ReusedOutput`).
import CNNCore
import StreamYardstick

/// The two stream lines of each pooled layer (see the file comment).
func streamWorkloads(on layers: [ConvLayer]) -> [Workload] {
  layers.flatMap { layer -> [Workload] in
    let c = layer.geometry
    let count = c.batch * c.outChannels * c.outHeight * c.outWidth
    let tensor = "\(c.batch)×\(c.outChannels)×\(c.outHeight)×\(c.outWidth)"
    return [
      streamWorkload(
        name: "stream \(layer.name) fwd", shape: "read \(tensor), write ¼", inputCount: count,
        outputCount: count / 4, kernel: streamQuarters, reference: streamQuartersReference),
      streamWorkload(
        name: "stream \(layer.name) bwd", shape: "read ¼, write \(tensor)",
        inputCount: count / 4, outputCount: count, kernel: streamSpread,
        reference: streamSpreadReference),
    ]
  }
}

/// One stream line: `kernel` from `inputCount` random floats into `outputCount` floats,
/// checked exactly against `reference` on the whole tensor.
private func streamWorkload(
  name: String, shape: String, inputCount: Int, outputCount: Int,
  kernel: @escaping (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void,
  reference: @escaping ([Float]) -> [Float]
) -> Workload {
  let bytes = 4 * Double(inputCount + outputCount)
  return Workload(name: name, shape: shape, work: bytes, unit: .gbytes) {
    var generator = SeededGenerator(seed: 11)
    let x = randomTensor([inputCount], using: &generator)
    // The output starts as NaN, so the whole-tensor check sees any element not written.
    let ys = ReusedOutput(count: outputCount, Float.nan)
    let run: () -> Outputs = {
      x.scalars.withUnsafeBufferPointer { x in Outputs(floats: [ys.fill { kernel(x, $0) }]) }
    }
    let verify: () -> Verification = {
      var expected: [Float] = []
      let seconds = secondsTaken { expected = reference(x.scalars) }
      let difference = maxDifference(run().floats[0], expected)
      return Verification(
        passed: difference == 0, maxDifference: difference, tolerance: 0,
        slice: "whole tensor", referenceSeconds: seconds)
    }
    return Prepared(run: run, verify: verify)
  }
}
