import CNNCore
import CrossCorrelation
import Testing

@Suite struct FlipAndConvolveTests {
  @Test func flipRotatesBy180Degrees() throws {
    // [[0, 1], [2, 3]] rotated: the last entry comes first → [[3, 2], [1, 0]].
    #expect(try flipped180(Tensor<Double>(rows: [[0, 1], [2, 3]])).rows == [[3, 2], [1, 0]])
    // 2×3: [[1, 2, 3], [4, 5, 6]] → [[6, 5, 4], [3, 2, 1]].
    #expect(
      try flipped180(Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])).rows
        == [[6, 5, 4], [3, 2, 1]])
    // 1×1 is unchanged; a column is reversed.
    #expect(try flipped180(Tensor<Double>(rows: [[7]])).rows == [[7]])
    #expect(try flipped180(Tensor<Double>(rows: [[1], [2], [3]])).rows == [[3], [2], [1]])
  }

  @Test func flipKeepsLeadingAxes() throws {
    // Two 2×2 planes, each flipped on its own:
    //   [0, 1, 2, 3 | 4, 5, 6, 7] → [3, 2, 1, 0 | 7, 6, 5, 4]
    let k = Tensor<Double>(shape: [2, 2, 2], scalars: (0..<8).map(Double.init))
    #expect(try flipped180(k).scalars == [3, 2, 1, 0, 7, 6, 5, 4])
    #expect(throws: GeometryError.self) {
      _ = try flipped180(Tensor<Double>(shape: [3], repeating: 1))
    }
  }

  @Test func convolutionOfTheD2LExample() throws {
    // convolve2d reads K back to front: K′ = [[3, 2], [1, 0]].
    //   y00 = 0·3 + 1·2 + 3·1 + 4·0 = 5     y01 = 1·3 + 2·2 + 4·1 + 5·0 = 11
    //   y10 = 3·3 + 4·2 + 6·1 + 7·0 = 23    y11 = 4·3 + 5·2 + 7·1 + 8·0 = 29
    let x = Tensor<Double>(shape: [3, 3], scalars: (0..<9).map(Double.init))
    let k = Tensor<Double>(rows: [[0, 1], [2, 3]])
    #expect(try convolve2d(x, k).rows == [[5, 11], [23, 29]])
  }

  @Test func convolutionIsCorrelationWithTheFlippedKernel() throws {
    // Property over random sizes: convolve2d(x, k) == corr2d(x, flip(k)) and flip∘flip = id.
    var generator = SeededGenerator(seed: 21)
    for trial in 0..<40 {
      let (h, w) = (generator.nextInt(in: 1...7), generator.nextInt(in: 1...7))
      let (r, s) = (generator.nextInt(in: 1...h), generator.nextInt(in: 1...w))
      let x: Tensor<Double> = integerTensor([h, w], -5...5, &generator)
      let k: Tensor<Double> = integerTensor([r, s], -5...5, &generator)
      let configuration = "trial \(trial): x \(h)×\(w), k \(r)×\(s)"
      let report = mismatch(
        try convolve2d(x, k), try corr2d(x, flipped180(k)), tolerance: 0, configuration)
      #expect(report == nil, "\(report ?? "")")
      #expect(try flipped180(flipped180(k)) == k, "\(configuration)")
    }
  }

  @Test func symmetricKernelsDoNotCareAboutTheFlip() throws {
    // The Laplacian equals its own rotation, so both operations agree on any image.
    let laplacian = EdgeDetection.laplacian(Double.self)
    #expect(try flipped180(laplacian) == laplacian)
    var generator = SeededGenerator(seed: 3)
    let x: Tensor<Double> = integerTensor([5, 6], -9...9, &generator)
    #expect(try convolve2d(x, laplacian) == corr2d(x, laplacian))
  }
}
