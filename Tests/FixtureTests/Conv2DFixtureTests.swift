import CNNCore
import CrossCorrelation
import Testing

/// `CNNCore.conv2d` and `CrossCorrelation.conv2dReference` against PyTorch's `conv2d`.
///
/// Tolerance: `|ours − torch| ≤ 1e-5 · max(1, max |torch|)` per tensor. PyTorch sums in
/// float32 in its own order; recomputing these cases in float64 differs from its outputs by
/// at most 1.8e-7 of that scale, so 1e-5 leaves room for any summation order while an
/// indexing error (a missing or misplaced term, typically ≳ 1e-2) cannot pass.
@Suite struct Conv2DFixtureTests {
  static let tolerance = 1e-5

  @Test func float32ValuesReadExactly() throws {
    // Each decimal in the JSON must read back as the float32 with the recorded bit pattern
    // (e.g. 0.1 → 0x3DCCCCCD = 1036831949, 16777217 → 2^24 = 0x4B800000 = 1266679808).
    let file = try FixtureFile.load(Conv2DFixtureFile.self, from: "conv2d")
    let check = file.float32Check
    #expect(check.values.values.count == check.bits.count && !check.bits.isEmpty)
    for (value, bits) in zip(check.values.values, check.bits) {
      #expect(value.bitPattern == bits, "read \(value) (0x\(String(value.bitPattern, radix: 16)))")
    }
  }

  @Test func coversTheRequiredConfigurations() throws {
    let cases = try FixtureFile.load(Conv2DFixtureFile.self, from: "conv2d").cases
    #expect(cases.count >= 12)
    #expect(Set(cases.map(\.name)).count == cases.count, "case names must be unique")
    #expect(cases.contains { $0.stride[0] != $0.stride[1] })
    #expect(cases.contains { $0.stride.contains(3) })
    #expect(cases.contains { $0.padding.top != $0.padding.bottom })
    #expect(cases.contains { $0.dilation[0] != $0.dilation[1] })
    #expect(cases.contains { $0.groups > 1 && $0.groups == $0.inputShape[1] })
    #expect(cases.contains { $0.bias == nil && $0.gradBias == nil })
    #expect(cases.contains { $0.inputShape[0] == 2 })
    #expect(cases.contains { $0.weightShape[2] != $0.weightShape[3] })
  }

  @Test func geometryMatchesTorchOutputShape() throws {
    for c in try FixtureFile.load(Conv2DFixtureFile.self, from: "conv2d").cases {
      let g = try c.geometry()
      #expect(g.outputShape == c.outputShape, "\(c.name): \(g)")
      #expect(g.inputShape == c.inputShape && g.weightShape == c.weightShape, "\(c.name)")
    }
  }

  @Test func vectorizedConv2DMatchesTorch() throws {
    for c in try FixtureFile.load(Conv2DFixtureFile.self, from: "conv2d").cases {
      let (x, w, b) = c.tensors(Float.self)
      let y = conv2d(input: x, weight: w, bias: b, geometry: try c.geometry())
      check(y.scalars.map(Double.init), c, label: "conv2d/\(c.name)")
    }
  }

  @Test func scalarReferenceInDoubleMatchesTorch() throws {
    for c in try FixtureFile.load(Conv2DFixtureFile.self, from: "conv2d").cases {
      let (x, w, b) = c.tensors(Double.self)
      let y = conv2dReference(input: x, weight: w, bias: b, geometry: try c.geometry())
      check(y.scalars, c, label: "conv2dReference/\(c.name)")
    }
  }

  private func check(_ actual: [Double], _ c: Conv2DFixture, label: String) {
    let comparison = FixtureComparison(
      actual: actual, expected: c.output.converted(), tolerance: Self.tolerance)
    let report = comparison.report(label, shape: c.outputShape)
    print(report)
    let passed = comparison.passed  // a plain Bool keeps the failure message short
    #expect(passed, "\(report)\n  case: \(c.note); \(c.torchCall)")
  }
}
