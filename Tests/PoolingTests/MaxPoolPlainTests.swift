import CNNCore
import Pooling
import Testing

/// CNNCore's 2×2/2 and 3×3/2 max pooling without padding (its own plan: eight outputs at a time
/// along rows, the left-over outputs gathered across rows) against the scalar reference.
@Suite struct MaxPoolPlainTests {
  /// 320 random planes: N 1–2, C 1–3, H and W 3–22, window 2 or 3, `.floor` rounding, so the
  /// output widths 1–11 cover the row loop, the gathered left-overs and both together. Values
  /// are drawn from 8 levels so ties are common (the first maximum must win), and one input in
  /// 50 is NaN (a NaN must win). Exact: the kernel compares in the reference's order.
  @Test func randomPlanesMatchReferenceExactly() throws {
    var generator = SeededGenerator(seed: 0x3A_3232)
    var failures = 0
    for _ in 0..<320 where failures < 3 {
      let kernel = generator.nextInt(in: 2...3)
      let g = try Pool2DGeometry(
        batch: generator.nextInt(in: 1...2), channels: generator.nextInt(in: 1...3),
        height: generator.nextInt(in: 3...22), width: generator.nextInt(in: 3...22),
        kernel: kernel, stride: 2, rounding: .floor)
      let count = g.inputShape.reduce(1, *)
      let values = (0..<count).map { _ -> Float in
        generator.nextInt(in: 0...49) == 0 ? .nan : Float(generator.nextInt(in: -4...3))
      }
      let x = Tensor<Float>(shape: g.inputShape, scalars: values)
      let result = maxPool2D(input: x, geometry: g)
      let reference = maxPool2DReference(input: x, geometry: g)
      let valuesAgree = zip(result.output.scalars, reference.output.scalars).allSatisfy {
        $0.bitPattern == $1.bitPattern
      }
      let winners = result.argmax.map(Int.init)
      let firstWrong = winners.indices.first { winners[$0] != reference.argmax[$0] }
      #expect(valuesAgree, "values of \(g) batch \(g.batch) differ from the reference")
      let detail = firstWrong.map { "\(winners[$0]) vs \(reference.argmax[$0])" } ?? ""
      #expect(
        firstWrong == nil,
        "argmax of \(g) batch \(g.batch): first difference at \(firstWrong ?? -1): \(detail)")
      if !valuesAgree || firstWrong != nil { failures += 1 }
    }
  }
}
