import CNNCore
import CrossCorrelation
import Testing

@Suite struct Corr2DTests {
  @Test func d2lExample() throws {
    // X = 0…8 as 3×3, K = [[0, 1], [2, 3]]:
    //   y00 = 0·0 + 1·1 + 3·2 + 4·3 = 19    y01 = 1·0 + 2·1 + 4·2 + 5·3 = 25
    //   y10 = 3·0 + 4·1 + 6·2 + 7·3 = 37    y11 = 4·0 + 5·1 + 7·2 + 8·3 = 43
    let x = Tensor<Double>(shape: [3, 3], scalars: (0..<9).map(Double.init))
    let k = Tensor<Double>(rows: [[0, 1], [2, 3]])
    #expect(try corr2d(x, k).rows == [[19, 25], [37, 43]])
    // The same in Float.
    #expect(
      try corr2d(x.converted(to: Float.self), k.converted(to: Float.self)).scalars
        == [19, 25, 37, 43])
  }

  @Test func fiveByFiveWithKernelOneToNine() throws {
    // y00 = (3·1 + 4·2 + 6·3) + (2·4 + 4·5 + 6·6) + (1·7 + 6·8 + 7·9) = 29 + 64 + 118 = 211
    // y22 = (7·1 + 8·2 + 4·3) + (4·4 + 6·5 + 2·6) + (5·7 + 4·8 + 1·9) = 35 + 58 + 76 = 169
    // y11 = (4·1 + 6·2 + 8·3) + (6·4 + 7·5 + 8·6) + (7·7 + 4·8 + 6·9) = 40 + 107 + 135 = 282
    let x = Tensor<Double>(rows: [
      [3, 4, 6, 5, 7], [2, 4, 6, 8, 2], [1, 6, 7, 8, 4], [9, 7, 4, 6, 2], [3, 7, 5, 4, 1],
    ])
    let k = Tensor<Double>(shape: [3, 3], scalars: (1...9).map(Double.init))
    let y = try corr2d(x, k)
    #expect(y.shape == [3, 3])
    #expect(y[0, 0] == 211 && y[2, 2] == 169 && y[1, 1] == 282)
    #expect(y.rows == [[211, 295, 262], [259, 282, 214], [251, 253, 169]])
  }

  @Test func oneByOneKernelScalesTheImage() throws {
    // A 1×1 kernel [[2]] multiplies every pixel by 2 and keeps the size: 2×3 → 2×3.
    let x = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
    #expect(try corr2d(x, Tensor(rows: [[2]])).rows == [[2, 4, 6], [8, 10, 12]])
  }

  @Test func kernelAsLargeAsTheImageGivesOneDotProduct() throws {
    // 2×2 image and 2×2 kernel: one window, 1·4 + 2·3 + 3·2 + 4·1 = 20.
    let x = Tensor<Double>(rows: [[1, 2], [3, 4]])
    let k = Tensor<Double>(rows: [[4, 3], [2, 1]])
    #expect(try corr2d(x, k).rows == [[20]])
  }

  @Test func nonSquareKernelAndImage() throws {
    // X 2×4 = [[1, 2, 3, 4], [5, 6, 7, 8]], K 2×1 = [[1], [−1]]: y[0, j] = x[0, j] − x[1, j] = −4.
    let x = Tensor<Double>(rows: [[1, 2, 3, 4], [5, 6, 7, 8]])
    #expect(try corr2d(x, Tensor(rows: [[1], [-1]])).rows == [[-4, -4, -4, -4]])
  }

  @Test func shiftingTheInputShiftsTheOutput() throws {
    // Translation equivariance: x′[i, j] = x[i, j − 2] (two columns of zeros on the left)
    // gives y′[i, j] = y[i, j − 2] wherever the window of y′ lies inside the shifted part.
    var generator = SeededGenerator(seed: 9)
    let x: Tensor<Double> = integerTensor([5, 6], -5...5, &generator)
    let k: Tensor<Double> = integerTensor([2, 3], -2...2, &generator)
    var shifted = Tensor<Double>(zeros: [5, 8])
    for i in 0..<5 { for j in 0..<6 { shifted[i, j + 2] = x[i, j] } }
    let y = try corr2d(x, k)
    let yShifted = try corr2d(shifted, k)
    for i in 0..<y.shape[0] { for j in 0..<y.shape[1] { #expect(yShifted[i, j + 2] == y[i, j]) } }
  }

  @Test func aKernelLargerThanTheImageIsExplained() {
    let x = Tensor<Double>(rows: [[1, 2], [3, 4]])
    let k = Tensor<Double>(shape: [3, 1], repeating: 1)
    let error = #expect(throws: GeometryError.self) { _ = try corr2d(x, k) }
    #expect(error?.message.contains("height: the kernel (3) is larger than") == true)
    #expect(throws: GeometryError.self) { _ = try corr2d(x.reshaped([1, 2, 2]), k) }
  }
}
