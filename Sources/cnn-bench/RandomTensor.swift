import CNNCore

/// A tensor of uniform values in [−1, 1) from `generator`, drawn straight from its 64-bit
/// outputs (24 bits each): `Tensor(shape:uniformIn:using:)` goes through generic Double
/// conversions, which made the setup of the large workloads take longer than their timing.
func randomTensor(_ shape: [Int], using generator: inout SeededGenerator) -> Tensor<Float> {
  let count = shape.reduce(1, *)
  let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
    for i in 0..<count {
      // The top 24 bits as an integer in [0, 2²⁴), scaled to [−1, 1).
      buffer[i] = Float(Int32(truncatingIfNeeded: generator.next() >> 40)) * 0x1p-23 - 1
    }
    initialized = count
  }
  return Tensor(shape: shape, scalars: values)
}
