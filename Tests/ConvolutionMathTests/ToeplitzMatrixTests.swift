import CNNCore
import ConvolutionMath
import Testing

@Suite struct ToeplitzMatrixTests {
  @Test func seedToeplitzMatrix() {
    // T[n, m] = k[n − m] for k = (4, 5, 6), input length 3: a 5 × 3 matrix
    let t = toeplitzMatrix(kernel: [4.0, 5, 6], inputCount: 3, mode: .full)
    #expect(t.rows == [[4, 0, 0], [5, 4, 0], [6, 5, 4], [0, 6, 5], [0, 0, 6]])
    // T·(1, 2, 3): 4; 5 + 8 = 13; 6 + 10 + 12 = 28; 12 + 15 = 27; 18
    #expect(matrixVectorProduct(t, [1, 2, 3]) == [4, 13, 28, 27, 18])
    // same keeps rows 1…3, valid row 2
    #expect(toeplitzMatrix(kernel: [4.0, 5, 6], inputCount: 3, mode: .same).rows
              == [[5, 4, 0], [6, 5, 4], [0, 6, 5]])
    #expect(toeplitzMatrix(kernel: [4.0, 5, 6], inputCount: 3, mode: .valid).rows == [[6, 5, 4]])
  }

  @Test func edgeShapes() {
    // one tap: (M, M) diagonal; one input: (N, 1) column holding the kernel
    #expect(toeplitzMatrix(kernel: [2.0], inputCount: 3, mode: .full).rows
              == [[2, 0, 0], [0, 2, 0], [0, 0, 2]])
    #expect(toeplitzMatrix(kernel: [1.0, 2, 3], inputCount: 1, mode: .full).rows
              == [[1], [2], [3]])
  }

  @Test func constantAlongDiagonals() {
    let t = toeplitzMatrix(kernel: [1.0, -2, 3, 7], inputCount: 6, mode: .full)
    for i in 1..<t.shape[0] {
      for j in 1..<t.shape[1] { #expect(t[i, j] == t[i - 1, j - 1]) }
    }
  }

  @Test func productEqualsConvolutionInEveryMode() {
    var g = SeededGenerator(seed: 31)
    for _ in 0..<30 {
      let x = randomSignal(g.nextInt(in: 1...10), &g), k = randomSignal(g.nextInt(in: 1...10), &g)
      for mode in ConvolutionMode.allCases {
        let t = toeplitzMatrix(kernel: k, inputCount: x.count, mode: mode)
        let difference = maxDifference(
          matrixVectorProduct(t, x), convolve1DReference(x, k, mode: mode))
        #expect(difference < 1e-14, "len \(x.count), \(k.count), \(mode)")
      }
    }
  }

  @Test func doublyBlockToeplitzByHand() {
    // K = [[1, 2], [3, 4]], image 2 × 2, full: output 3 × 3, so D is 9 × 4. Row (i, j),
    // column (a, b) holds K(i − a, j − b). Blocks (output row i, input row a), 3 × 2 each:
    //   i − a = 0: Toeplitz of (1, 2) = [[1, 0], [2, 1], [0, 2]]
    //   i − a = 1: Toeplitz of (3, 4) = [[3, 0], [4, 3], [0, 4]]
    let kernel = Tensor<Double>(rows: [[1, 2], [3, 4]])
    let d = doublyBlockToeplitzMatrix(kernel: kernel, inputHeight: 2, inputWidth: 2, mode: .full)
    #expect(d.shape == [9, 4])
    #expect(d.rows == [
      [1, 0, 0, 0], [2, 1, 0, 0], [0, 2, 0, 0],
      [3, 0, 1, 0], [4, 3, 2, 1], [0, 4, 0, 2],
      [0, 0, 3, 0], [0, 0, 4, 3], [0, 0, 0, 4],
    ])
    // D·vec([[1, 0], [0, 1]]) = vec(K * I₂): centre = 4·1 + 1·1 = 5
    #expect(matrixVectorProduct(d, [1, 0, 0, 1]) == [1, 2, 0, 3, 5, 2, 0, 3, 4])
  }

  @Test func doublyBlockToeplitzProductEqualsConvolution() {
    var g = SeededGenerator(seed: 32)
    for _ in 0..<20 {
      let (h, w) = (g.nextInt(in: 1...5), g.nextInt(in: 1...5))
      let k = Tensor<Double>(
        shape: [g.nextInt(in: 1...4), g.nextInt(in: 1...4)], uniformIn: -1...1, using: &g)
      let image = Tensor<Double>(shape: [h, w], uniformIn: -1...1, using: &g)
      for mode in ConvolutionMode.allCases {
        let d = doublyBlockToeplitzMatrix(kernel: k, inputHeight: h, inputWidth: w, mode: mode)
        let want = convolve2DReference(image, k, mode: mode)
        // shape: (P·Q, H·W)
        #expect(d.shape == [want.count, h * w])
        #expect(maxDifference(matrixVectorProduct(d, image.scalars), want.scalars) < 1e-14,
                "image \(h)×\(w), kernel \(k.shape), \(mode)")
      }
    }
  }

  @Test func circulantByHand() {
    // C[n, m] = k̃[(n − m) mod 4] with k̃ = (1, 2, 0, 0)
    let c = circulantMatrix(kernel: [1.0, 2], count: 4)
    #expect(c.rows == [[1, 0, 0, 2], [2, 1, 0, 0], [0, 2, 1, 0], [0, 0, 2, 1]])
    // C·(1, 2, 3, 4): 1 + 8 = 9; 2 + 2 = 4; 4 + 3 = 7; 6 + 4 = 10
    #expect(matrixVectorProduct(c, [1, 2, 3, 4]) == [9, 4, 7, 10])
    #expect(circularConvolve1DReference([1.0, 2, 3, 4], [1, 2]) == [9, 4, 7, 10])
    // period 1: the single product
    #expect(circularConvolve1DReference([3.0], [5]) == [15])
  }

  @Test func circularEqualsLinearWhenPaddedEnough() {
    // (1, 2, 3) * (4, 5, 6) needs 3 + 3 − 1 = 5 places; padded to 5 nothing wraps…
    #expect(circularConvolve1DReference([1.0, 2, 3, 0, 0], [4, 5, 6]) == [4, 13, 28, 27, 18])
    // …padded to 4 the last entry 18 wraps onto the first: 4 + 18 = 22
    #expect(circularConvolve1DReference([1.0, 2, 3, 0], [4, 5, 6]) == [22, 13, 28, 27])
  }

  @Test func doublyBlockCirculantProductEqualsCircularConvolution() {
    // K = [[1, 2]] on a 2 × 2 torus: two circulant blocks [[1, 2], [2, 1]] on the diagonal
    let small = doublyBlockCirculantMatrix(
      kernel: Tensor<Double>(rows: [[1, 2]]), height: 2, width: 2)
    #expect(small.rows == [[1, 2, 0, 0], [2, 1, 0, 0], [0, 0, 1, 2], [0, 0, 2, 1]])
    var g = SeededGenerator(seed: 33)
    for _ in 0..<15 {
      let (h, w) = (g.nextInt(in: 1...5), g.nextInt(in: 1...5))
      let k = Tensor<Double>(
        shape: [g.nextInt(in: 1...h), g.nextInt(in: 1...w)], uniformIn: -1...1, using: &g)
      let image = Tensor<Double>(shape: [h, w], uniformIn: -1...1, using: &g)
      let d = doublyBlockCirculantMatrix(kernel: k, height: h, width: w)
      #expect(d.shape == [h * w, h * w])
      let want = circularConvolve2DReference(image, k)
      #expect(maxDifference(matrixVectorProduct(d, image.scalars), want.scalars) < 1e-14)
    }
  }

  @Test func circular2DByHand() {
    // K(0, 1) = 1 moves every row one step right, cyclically
    let a = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
    #expect(circularConvolve2DReference(a, Tensor(rows: [[0, 1]])).rows == [[3, 1, 2], [6, 4, 5]])
    // K(1, 0) = 1 moves every column one step down: the last row wraps to the top
    #expect(circularConvolve2DReference(a, Tensor(rows: [[0], [1]])).rows
              == [[4, 5, 6], [1, 2, 3]])
  }
}
