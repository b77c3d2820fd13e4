import CNNCore
import Pooling
import Testing

/// The pooling kernels (CNNCore, Float) and references (Pooling, Double) against PyTorch's
/// `max_pool2d`, `avg_pool2d` and `adaptive_avg_pool2d(x, 1)`, outputs and input gradients.
///
/// Tolerance: `|ours − torch| ≤ 1e-5 · max(1, max |torch|)` per tensor, as for conv2d. Max
/// pooling copies elements and routes whole gradients, so it must match *exactly* (tolerance 0),
/// the tie cases included; the averages divide sums of at most 9 float32 values and differ
/// from PyTorch by a few float32 ulps at most.
@Suite struct PoolFixtureTests {
  static let tolerance = 1e-5

  static func cases() throws -> [PoolFixture] {
    try FixtureFile.load(PoolFixtureFile.self, from: "pool").cases
  }

  /// The geometry of a max/avg case; PyTorch's default rounding is floor.
  static func geometry(_ c: PoolFixture) throws -> Pool2DGeometry {
    guard let kernel = c.kernel, let stride = c.stride, let padding = c.padding,
      let ceil = c.ceilMode
    else { throw FixtureError("\(c.name): not a windowed pooling case") }
    return try Pool2DGeometry(
      batch: c.inputShape[0], channels: c.inputShape[1], height: c.inputShape[2],
      width: c.inputShape[3], kernel: kernel, stride: stride, padding: padding,
      rounding: ceil ? .ceil : .floor)
  }

  @Test func coversTheRequiredCases() throws {
    let cases = try Self.cases()
    #expect(cases.contains { $0.op == "max" && $0.ceilMode == true })
    #expect(cases.contains { $0.op == "avg" && $0.countIncludePad == false && $0.padding! > 0 })
    #expect(cases.contains { $0.op == "avg" && $0.countIncludePad == true && $0.ceilMode == true })
    #expect(cases.contains { $0.name.contains("ties") && $0.stride! < $0.kernel! })
    #expect(cases.contains { $0.op == "adaptive_avg" })
  }

  @Test func geometryGivesTorchOutputShapes() throws {
    for c in try Self.cases() where c.op != "adaptive_avg" {
      #expect(try Self.geometry(c).outputShape == c.outputShape, "\(c.name)")
    }
  }

  @Test func vectorizedKernelsMatchTorch() throws {
    for c in try Self.cases() {
      let x = Tensor<Float>(shape: c.inputShape, scalars: c.input.values)
      let dy = Tensor<Float>(shape: c.outputShape, scalars: c.gradOutput.values)
      let y: Tensor<Float>
      let dx: Tensor<Float>
      var tolerance = Self.tolerance
      switch c.op {
      case "max":
        let g = try Self.geometry(c)
        let forward = maxPool2D(input: x, geometry: g)
        (y, dx) = (
          forward.output, maxPool2DBackward(gradOutput: dy, argmax: forward.argmax, geometry: g)
        )
        tolerance = 0
      case "avg":
        let g = try Self.geometry(c)
        let include = c.countIncludePad!
        y = avgPool2D(input: x, geometry: g, countIncludePad: include)
        dx = avgPool2DBackward(gradOutput: dy, geometry: g, countIncludePad: include)
      default:
        y = globalAvgPool2D(input: x)
        dx = globalAvgPool2DBackward(gradOutput: dy, inputShape: c.inputShape)
      }
      check(y.scalars.map(Double.init), c.output, c.outputShape, c, "\(c.name) output", tolerance)
      check(
        dx.scalars.map(Double.init), c.gradInput, c.inputShape, c, "\(c.name) gradInput",
        tolerance)
    }
  }

  @Test func scalarReferencesInDoubleMatchTorch() throws {
    for c in try Self.cases() {
      let x = Tensor<Double>(shape: c.inputShape, scalars: c.input.converted())
      let dy = Tensor<Double>(shape: c.outputShape, scalars: c.gradOutput.converted())
      let y: Tensor<Double>
      let dx: Tensor<Double>
      var tolerance = Self.tolerance
      switch c.op {
      case "max":
        let g = try Self.geometry(c)
        let forward = maxPool2DReference(input: x, geometry: g)
        y = forward.output
        dx = maxPool2DBackwardReference(gradOutput: dy, argmax: forward.argmax, geometry: g)
        tolerance = 0
      case "avg":
        let g = try Self.geometry(c)
        let include = c.countIncludePad!
        y = avgPool2DReference(input: x, geometry: g, countIncludePad: include)
        dx = avgPool2DBackwardReference(gradOutput: dy, geometry: g, countIncludePad: include)
      default:
        y = globalAvgPool2DReference(input: x)
        dx = globalAvgPool2DBackwardReference(gradOutput: dy, inputShape: c.inputShape)
      }
      check(y.scalars, c.output, c.outputShape, c, "reference \(c.name) output", tolerance)
      check(
        dx.scalars, c.gradInput, c.inputShape, c, "reference \(c.name) gradInput", tolerance)
    }
  }

  private func check(
    _ actual: [Double], _ expected: Float32Array, _ shape: [Int], _ c: PoolFixture,
    _ label: String, _ tolerance: Double
  ) {
    let comparison = FixtureComparison(
      actual: actual, expected: expected.converted(), tolerance: tolerance)
    let report = comparison.report(label, shape: shape)
    print(report)
    let passed = comparison.passed
    #expect(passed, "\(report)\n  case: \(c.note); \(c.torchCall)")
  }
}
