import CNNCore
import PaddingStride
import Testing

/// `CNNCore.pad2d`/`pad2dBackward` and `PaddingStride.pad2dReference`/`pad2dBackwardReference`
/// against PyTorch's `F.pad` and its input gradient (`pad.json`).
///
/// Tolerance: 0 for the outputs (padding copies values, so every one must be exact);
/// 1e-6 · max(1, max |gradInput|) for the gradients, which sum at most a handful of small
/// integers (the fixture's gradOutput is drawn from −3 … 3, so float32 sums are exact too).
@Suite struct PadFixtureTests {
  static let tolerance = 1e-6

  /// The fixture's mode as a `PaddingMode`; constant 0 is also checked as `.zero`.
  static func modes(_ c: PadFixture) throws -> [PaddingMode] {
    switch c.mode {
    case "constant":
      let value = Float(c.value ?? 0)
      return value == 0 ? [.zero, .constant(0)] : [.constant(value)]
    case "reflect": return [.reflect]
    case "replicate": return [.replicate]
    case "circular": return [.circular]
    default: throw FixtureError("pad.json: unknown mode '\(c.mode)' in case \(c.name)")
    }
  }

  @Test func coversEveryModeAndTheReflectLimit() throws {
    let file = try FixtureFile.load(PadFixtureFile.self, from: "pad")
    #expect(Set(file.cases.map(\.mode)) == ["constant", "reflect", "replicate", "circular"])
    // reflect's largest padding on the 4×5 input is 3 rows and 4 columns
    #expect(
      file.cases.contains {
        $0.mode == "reflect" && $0.padding.top == 3 && $0.padding.left == 4
      })
  }

  @Test func vectorizedMatchesTorch() throws {
    let file = try FixtureFile.load(PadFixtureFile.self, from: "pad")
    let x = Tensor<Float>(shape: file.inputShape, scalars: file.input.values)
    for c in file.cases {
      for mode in try Self.modes(c) {
        let padding = c.padding.padding2D
        let y = try pad2d(x, padding: padding, mode: mode)
        #expect(y.shape == c.outputShape, "\(c.name)")
        check(
          y.scalars.map(Double.init), c.output.converted(), 0, c.outputShape, c,
          "pad2d/\(c.name) \(mode)")
        let dy = Tensor<Float>(shape: c.outputShape, scalars: c.gradOutput.values)
        let dx = try pad2dBackward(dy, padding: padding, mode: mode)
        check(
          dx.scalars.map(Double.init), c.gradInput.converted(), Self.tolerance,
          file.inputShape, c,
          "pad2dBackward/\(c.name) \(mode)")
      }
    }
  }

  @Test func scalarReferenceInDoubleMatchesTorch() throws {
    let file = try FixtureFile.load(PadFixtureFile.self, from: "pad")
    let x = Tensor<Double>(shape: file.inputShape, scalars: file.input.converted())
    for c in file.cases {
      for mode in try Self.modes(c) {
        let padding = c.padding.padding2D
        let y = try pad2dReference(x, padding: padding, mode: mode)
        #expect(y.shape == c.outputShape, "\(c.name)")
        check(
          y.scalars, c.output.converted(), 0, c.outputShape, c,
          "pad2dReference/\(c.name) \(mode)")
        let dy = Tensor<Double>(shape: c.outputShape, scalars: c.gradOutput.converted())
        let dx = try pad2dBackwardReference(dy, padding: padding, mode: mode)
        check(
          dx.scalars, c.gradInput.converted(), Self.tolerance, file.inputShape, c,
          "pad2dBackwardReference/\(c.name) \(mode)")
      }
    }
  }

  private func check(
    _ actual: [Double], _ expected: [Double], _ tolerance: Double, _ shape: [Int],
    _ c: PadFixture, _ label: String
  ) {
    let comparison = FixtureComparison(actual: actual, expected: expected, tolerance: tolerance)
    let report = comparison.report(label, shape: shape)
    print(report)
    let passed = comparison.passed
    #expect(passed, "\(report)\n  case: \(c.torchCall)")
  }
}
