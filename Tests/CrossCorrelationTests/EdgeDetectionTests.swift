import CNNCore
import CrossCorrelation
import Testing

@Suite struct EdgeDetectionTests {
  @Test func stripeImageWithTheDifferenceKernel() throws {
    // Each row of X is [1, 1, 0, 0, 0, 0, 1, 1]; y[j] = x[j] − x[j + 1]:
    //   1−1, 1−0, 0−0, 0−0, 0−0, 0−1, 1−1 = [0, 1, 0, 0, 0, −1, 0]
    let x = EdgeDetection.stripeImage(Double.self)
    #expect(x.shape == [6, 8])
    #expect(x.rows.allSatisfy { $0 == [1, 1, 0, 0, 0, 0, 1, 1] })
    let y = try corr2d(x, EdgeDetection.differenceKernel(Double.self))
    #expect(y.shape == [6, 7])
    #expect(y.rows.allSatisfy { $0 == [0, 1, 0, 0, 0, -1, 0] })
    // Transposed (8×6) the stripes run across: every row is constant, every difference 0.
    let xt = Tensor<Double>(shape: [8, 6], scalars: (0..<48).map { x[$0 % 6, $0 / 6] })
    #expect(
      try corr2d(xt, EdgeDetection.differenceKernel(Double.self)).scalars.allSatisfy { $0 == 0 })
  }

  @Test func halfBrightImageWithTheVerticalKernel() throws {
    // Rows of X: [10, 10, 10, 0, 0, 0]. A window's value = (left column sum) − (right column sum):
    //   columns 0–2: 30 − 30 = 0;  1–3: 30 − 0 = 30;  2–4: 30 − 0 = 30;  3–5: 0 − 0 = 0
    let y = try corr2d(
      EdgeDetection.halfBrightImage(Double.self), EdgeDetection.verticalEdgeKernel(Double.self))
    #expect(y.shape == [4, 4])
    #expect(y.rows.allSatisfy { $0 == [0, 30, 30, 0] })
  }

  @Test func sobelAndLaplacianOnRamps() throws {
    // x[i, j] = j (brighter to the right by 1 per column).
    //   Sobel x: Σ_rows (1, 2, 1)·(x[j + 2] − x[j]) = 4·2 = 8;   Sobel y: 0 (rows are equal)
    //   Laplacian of a linear ramp: (j−1) + (j+1) + j + j − 4j = 0
    let ramp = Tensor<Double>(shape: [5, 5], scalars: (0..<25).map { Double($0 % 5) })
    #expect(try corr2d(ramp, EdgeDetection.sobelX(Double.self)).scalars.allSatisfy { $0 == 8 })
    #expect(try corr2d(ramp, EdgeDetection.sobelY(Double.self)).scalars.allSatisfy { $0 == 0 })
    #expect(try corr2d(ramp, EdgeDetection.laplacian(Double.self)).scalars.allSatisfy { $0 == 0 })
    // x[i, j] = j²: Laplacian = (j−1)² + (j+1)² − 2j² = 2 (the second derivative of j²).
    let parabola = Tensor<Double>(
      shape: [4, 5], scalars: (0..<20).map { Double(($0 % 5) * ($0 % 5)) })
    #expect(
      try corr2d(parabola, EdgeDetection.laplacian(Double.self)).scalars.allSatisfy { $0 == 2 })
    // sobelY is sobelX transposed.
    let sx = EdgeDetection.sobelX(Double.self)
    let sy = EdgeDetection.sobelY(Double.self)
    #expect((0..<3).allSatisfy { i in (0..<3).allSatisfy { j in sx[i, j] == sy[j, i] } })
  }

  @Test func gradientMagnitude() {
    // √(3² + 4²) = 5, √(0 + 1) = 1
    let m = EdgeDetection.gradientMagnitude(
      Tensor<Double>(rows: [[3, 0]]), Tensor<Double>(rows: [[4, -1]]))
    #expect(m.scalars == [5, 1])
  }
}
