import CNNCore
import ConvolutionMath
import Testing

@Suite struct Convolution2DReferenceTests {
  /// A = 1…9 as 3 × 3, K = [[0, 1], [2, 3]].
  let a = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
  let k = Tensor<Double>(rows: [[0, 1], [2, 3]])

  @Test func handExampleInEveryMode() {
    // B(i, j) = Σ_m Σ_n K(m, n)·A(i − m, j − n)
    //         = 0·A(i, j) + 1·A(i, j − 1) + 2·A(i − 1, j) + 3·A(i − 1, j − 1)
    //   B(1, 1) = A(1, 0) + 2·A(0, 1) + 3·A(0, 0) = 4 + 4 + 3 = 11
    //   B(1, 2) = A(1, 1) + 2·A(0, 2) + 3·A(0, 1) = 5 + 6 + 6 = 17
    //   B(2, 1) = A(2, 0) + 2·A(1, 1) + 3·A(1, 0) = 7 + 10 + 12 = 29
    //   B(2, 2) = A(2, 1) + 2·A(1, 2) + 3·A(1, 1) = 8 + 12 + 15 = 35
    //   border: B(0, 0) = 0·1 = 0, B(0, 1) = 0·2 + 1·1 = 1, B(3, 3) = 3·A(2, 2) = 27
    let full = convolve2DReference(a, k, mode: .full)
    #expect(full.rows == [[0, 1, 2, 3], [2, 11, 17, 15], [8, 29, 35, 27], [14, 37, 42, 27]])
    // same: 3 rows and columns from (2 − 1)/2 = 0; valid: 2 from 2 − 1 = 1
    #expect(convolve2DReference(a, k, mode: .same).rows == [[0, 1, 2], [2, 11, 17], [8, 29, 35]])
    #expect(convolve2DReference(a, k, mode: .valid).rows == [[11, 17], [29, 35]])
  }

  @Test func convolutionIsCrossCorrelationWithTheRotatedKernel() throws {
    // CNNCore.conv2d is a cross-correlation: Σ W(m, n)·A(i + m, j + n). With W = K rotated
    // by 180° = [[3, 2], [1, 0]]: (0, 0) = 3·1 + 2·2 + 1·4 + 0·5 = 11 = B(1, 1) above.
    // With K itself: (0, 0) = 0·1 + 1·2 + 2·4 + 3·5 = 25, a different map: the flip matters.
    #expect(rotated180(k).rows == [[3, 2], [1, 0]])
    let geometry = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 3, width: 3, outChannels: 1, kernel: (2, 2))
    let input = a.converted(to: Float.self).reshaped([1, 1, 3, 3])
    let flipped = rotated180(k).converted(to: Float.self).reshaped([1, 1, 2, 2])
    let unflipped = k.converted(to: Float.self).reshaped([1, 1, 2, 2])
    #expect(conv2d(input: input, weight: flipped, bias: nil, geometry: geometry).scalars
              == [11, 17, 29, 35])
    #expect(conv2d(input: input, weight: unflipped, bias: nil, geometry: geometry).scalars
              == [25, 31, 43, 49])
  }

  @Test func kernelLargerThanImage() {
    // A = [[1, 2], [3, 4]], K = 1…9 as 3 × 3. Full (4 × 4), e.g.
    //   B(1, 1) = K(0,0)·A(1,1) + K(0,1)·A(1,0) + K(1,0)·A(0,1) + K(1,1)·A(0,0)
    //           = 1·4 + 2·3 + 4·2 + 5·1 = 23
    let small = Tensor<Double>(rows: [[1, 2], [3, 4]])
    let big = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    let full = convolve2DReference(small, big, mode: .full)
    #expect(full.rows == [[1, 4, 7, 6], [7, 23, 33, 24], [19, 53, 63, 42], [21, 52, 59, 36]])
    // valid: 3 − 2 + 1 = 2 per axis from 2 − 1 = 1: the positions where A lies inside K
    #expect(convolve2DReference(small, big, mode: .valid).rows == [[23, 33], [53, 63]])
    // same: max(2, 3) = 3 per axis from (2 − 1)/2 = 0 (the numpy rule on each axis)
    #expect(convolve2DReference(small, big, mode: .same).rows
              == [[1, 4, 7], [7, 23, 33], [19, 53, 63]])
  }

  @Test func commutativeInEveryMode() {
    var g = SeededGenerator(seed: 21)
    for _ in 0..<20 {
      let x = Tensor<Double>(
        shape: [g.nextInt(in: 1...6), g.nextInt(in: 1...6)], uniformIn: -1...1, using: &g)
      let y = Tensor<Double>(
        shape: [g.nextInt(in: 1...6), g.nextInt(in: 1...6)], uniformIn: -1...1, using: &g)
      for mode in ConvolutionMode.allCases {
        let xy = convolve2DReference(x, y, mode: mode), yx = convolve2DReference(y, x, mode: mode)
        #expect(xy.shape == yx.shape)
        #expect(maxDifference(xy.scalars, yx.scalars) < 1e-14, "\(x.shape) \(y.shape) \(mode)")
      }
    }
  }

  @Test func separableKernelIsTwo1DConvolutions() {
    // K = u·vᵀ with u = (1, 2, 1) down the columns and v = (1, 0, −1) along the rows
    // (a Sobel kernel): convolving with K = convolving every column with u, then every row
    // with v.
    let u: [Double] = [1, 2, 1], v: [Double] = [1, 0, -1]
    let sobel = Tensor<Double>(rows: u.map { ui in v.map { ui * $0 } })
    #expect(sobel.rows == [[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    var g = SeededGenerator(seed: 22)
    let image = Tensor<Double>(shape: [5, 7], uniformIn: -1...1, using: &g)
    let direct = convolve2DReference(image, sobel, mode: .full)
    let columns = (0..<7).map { j in
      convolve1DReference((0..<5).map { image[$0, j] }, u, mode: .full)
    }
    var twoPass = [[Double]]()
    for i in 0..<7 {  // 5 + 3 − 1 = 7 rows after the column pass
      twoPass.append(convolve1DReference((0..<7).map { columns[$0][i] }, v, mode: .full))
    }
    #expect(direct.shape == [7, 9])
    #expect(maxDifference(direct.scalars, twoPass.flatMap { $0 }) < 1e-14)
  }

  @Test func translationEquivariance() {
    // Moving the image down 1 and right 2 moves the full convolution the same way.
    let image = Tensor<Double>(rows: [[1, 2, 0, 0, 0], [3, 4, 0, 0, 0], [0, 0, 0, 0, 0]])
    let moved = Tensor<Double>(rows: [[0, 0, 0, 0, 0], [0, 0, 1, 2, 0], [0, 0, 3, 4, 0]])
    let outA = convolve2DReference(image, k, mode: .full)
    let outB = convolve2DReference(moved, k, mode: .full)
    for i in 0..<outA.shape[0] {
      for j in 0..<outA.shape[1] {
        let expected = i >= 1 && j >= 2 ? outA[i - 1, j - 2] : 0
        #expect(outB[i, j] == expected, "(\(i), \(j))")
      }
    }
  }
}
