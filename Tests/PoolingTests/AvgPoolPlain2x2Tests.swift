import CNNCore
import Pooling
import Testing

/// CNNCore's 2×2/2 average pooling without padding (its own fast path, eight outputs at a time
/// plus a one-by-one tail) against the scalar references, bit for bit.
@Suite struct AvgPoolPlain2x2Tests {
  /// 320 random planes: N 1–2, C 1–3, H and W 2–40 (odd sizes drop the last row or column
  /// with `.floor`), so output widths 1–20 cover the vector loop, the tail and both together.
  /// Tolerance 0: the kernel adds `((0 + x₀₀) + x₀₁) + x₁₀) + x₁₁` and divides by 4, as the
  /// reference does; each input of the backward pass receives `0 + dy / 4` once.
  @Test func randomPlanesMatchReferenceExactly() throws {
    var generator = SeededGenerator(seed: 0xA2_2222)
    var failures = 0
    for _ in 0..<320 where failures < 3 {
      let g = try Pool2DGeometry(
        batch: generator.nextInt(in: 1...2), channels: generator.nextInt(in: 1...3),
        height: generator.nextInt(in: 2...40), width: generator.nextInt(in: 2...40), kernel: 2,
        stride: 2, rounding: .floor)
      let x = Tensor<Float>(shape: g.inputShape, uniformIn: -1...1, using: &generator)
      let dy = Tensor<Float>(shape: g.outputShape, uniformIn: -1...1, using: &generator)
      let y = avgPool2D(input: x, geometry: g)
      let yReference = avgPool2DReference(input: x, geometry: g)
      let dx = avgPool2DBackward(gradOutput: dy, geometry: g)
      let dxReference = avgPool2DBackwardReference(gradOutput: dy, geometry: g)
      let forward = firstBitMismatch(y.scalars, yReference.scalars)
      let backward = firstBitMismatch(dx.scalars, dxReference.scalars)
      #expect(forward == nil, "forward \(g) batch \(g.batch): \(forward ?? "")")
      #expect(backward == nil, "backward \(g) batch \(g.batch): \(backward ?? "")")
      if forward != nil || backward != nil { failures += 1 }
    }
  }

  /// The first index where `a` and `b` differ in their bits, with both values and the count.
  private func firstBitMismatch(_ a: [Float], _ b: [Float]) -> String? {
    guard a.count == b.count else { return "\(a.count) vs \(b.count) values" }
    let differing = a.indices.filter { a[$0].bitPattern != b[$0].bitPattern }
    guard let first = differing.first else { return nil }
    let maxDiff = differing.map { abs(a[$0] - b[$0]) }.max() ?? 0
    return "\(differing.count) differ, first [\(first)] \(a[first]) vs \(b[first]); "
      + "max |diff| \(maxDiff)"
  }
}
