import CNNCore
import Pooling
import Testing

/// The backward references against central differences, in Double, on the loss
/// `L(x) = Σ y(x) · g` with a fixed random `g` (so `∂L/∂x` is the backward pass of `g`).
///
/// Configurations: 40 of the sweep's random ones with at most 160 input elements (so every
/// one costs ≤ 320 forward passes), plus the overlapping and ceil-mode cases below.
/// Tolerance: `gradientError ≤ 1e-7`. Average pooling is linear and max pooling is linear
/// between ties, so the central difference is exact apart from rounding, about
/// `1e-16 · |L| / h ≈ 1e-10` for `h = 1e-5`; a wrong divisor or a misrouted gradient is off by
/// ≥ 1e-2.
@Suite struct GradientCheckTests {
  static let step = 1e-5
  static let tolerance = 1e-7

  static let configurations: [Pool2DGeometry] = {
    var list = randomPoolGeometries(400, seed: 0x9006)
      .filter { $0.inputShape.reduce(1, *) <= 160 }
      .prefix(40)
      .map { $0 }
    list += [
      // AlexNet's overlapping 3×3/2: an element may win up to four windows.
      try! Pool2DGeometry(batch: 1, channels: 2, height: 7, width: 7, kernel: 3, stride: 2),
      // Stride 1: every interior element lies in four 2×2 windows.
      try! Pool2DGeometry(batch: 1, channels: 1, height: 5, width: 6, kernel: 2, stride: 1),
      // Ceil mode with padding: the last windows hang past the padded input.
      try! Pool2DGeometry(
        batch: 2, channels: 1, height: 6, width: 7, kernel: 3, stride: 2, padding: 1,
        rounding: .ceil),
      try! Pool2DGeometry(
        batch: 1, channels: 1, height: 5, width: 7, kernel: 2, stride: 2, rounding: .ceil),
    ]
    return list
  }()

  /// `Σ y · g`, the scalar loss whose input gradient is the backward pass of `g`.
  private func dot(_ y: Tensor<Double>, _ g: Tensor<Double>) -> Double {
    zip(y.scalars, g.scalars).reduce(0) { $0 + $1.0 * $1.1 }
  }

  @Test func configurationsIncludeOverlapAndCeilMode() {
    #expect(Self.configurations.count == 44)  // 40 random + 4 chosen
    #expect(Self.configurations.contains { $0.isOverlapping })
    #expect(Self.configurations.contains { $0.rounding == .ceil && $0.padding != Padding2D(0) })
  }

  @Test func maxPoolingGradientMatchesCentralDifferences() {
    var generator = SeededGenerator(seed: 0x9007)
    for geometry in Self.configurations {
      // Values 0.01 apart: a step of 1e-5 never changes a window's winner.
      let x = tieFreeTensor(geometry.inputShape, gap: 0.01, using: &generator)
      let g = Tensor<Double>(shape: geometry.outputShape, uniformIn: -1...1, using: &generator)
      let argmax = maxPool2DReference(input: x, geometry: geometry).argmax
      let analytic = maxPool2DBackwardReference(gradOutput: g, argmax: argmax, geometry: geometry)
      let numeric = centralDifferenceGradient(
        of: { dot(maxPool2DReference(input: $0, geometry: geometry).output, g) }, at: x,
        step: Self.step)
      let error = gradientError(analytic, numeric)
      #expect(error <= Self.tolerance, "max pooling \(label(geometry)): gradient error \(error)")
    }
  }

  @Test func averagePoolingGradientMatchesCentralDifferences() {
    var generator = SeededGenerator(seed: 0x9008)
    for geometry in Self.configurations {
      for countIncludePad in [true, false] {
        let x = Tensor<Double>(shape: geometry.inputShape, uniformIn: -1...1, using: &generator)
        let g = Tensor<Double>(shape: geometry.outputShape, uniformIn: -1...1, using: &generator)
        let analytic = avgPool2DBackwardReference(
          gradOutput: g, geometry: geometry, countIncludePad: countIncludePad)
        let numeric = centralDifferenceGradient(
          of: {
            dot(
              avgPool2DReference(input: $0, geometry: geometry, countIncludePad: countIncludePad), g
            )
          }, at: x, step: Self.step)
        let error = gradientError(analytic, numeric)
        #expect(
          error <= Self.tolerance,
          "average pooling \(label(geometry, countIncludePad: countIncludePad)): error \(error)")
      }
    }
  }

  @Test func globalAveragePoolingGradientMatchesCentralDifferences() {
    var generator = SeededGenerator(seed: 0x9009)
    for shape in [[1, 1, 1, 1], [2, 3, 4, 5], [1, 2, 7, 1]] {
      let x = Tensor<Double>(shape: shape, uniformIn: -1...1, using: &generator)
      let g = Tensor<Double>(
        shape: [shape[0], shape[1], 1, 1], uniformIn: -1...1, using: &generator)
      let analytic = globalAvgPool2DBackwardReference(gradOutput: g, inputShape: shape)
      let numeric = centralDifferenceGradient(
        of: { dot(globalAvgPool2DReference(input: $0), g) }, at: x, step: Self.step)
      #expect(gradientError(analytic, numeric) <= Self.tolerance, "global average \(shape)")
    }
  }

  @Test func aGradientCheckCatchesAWrongDivisor() throws {
    // The check has teeth: dividing by R·S = 9 everywhere (ignoring countIncludePad = false at
    // the border) must fail it. Corner of 3×3/1 pad 1 on 3×3: true share 1/4, wrong one 1/9.
    let geometry = try Pool2DGeometry(
      batch: 1, channels: 1, height: 3, width: 3, kernel: 3, stride: 1, padding: 1)
    let x = zeroToEight(Double.self)
    let g = Tensor<Double>(shape: geometry.outputShape, repeating: 1)
    let wrong = avgPool2DBackwardReference(gradOutput: g, geometry: geometry, countIncludePad: true)
    let numeric = centralDifferenceGradient(
      of: { dot(avgPool2DReference(input: $0, geometry: geometry, countIncludePad: false), g) },
      at: x, step: Self.step)
    #expect(gradientError(wrong, numeric) > 0.1)
  }
}
