import CNNCore
import ConvolutionMath
import CrossCorrelation
import Testing

// Chapter 2 uses chapter 1's `rotated180` and `convolve2DReference(…, mode: .valid)` for the
// true convolution; these tests pin down how they relate to `corr2d`.
@Suite struct FlipAndConvolveTests {
  @Test func convolutionOfTheD2LExample() throws {
    // The valid convolution reads K back to front: K′ = [[3, 2], [1, 0]].
    //   y00 = 0·3 + 1·2 + 3·1 + 4·0 = 5     y01 = 1·3 + 2·2 + 4·1 + 5·0 = 11
    //   y10 = 3·3 + 4·2 + 6·1 + 7·0 = 23    y11 = 4·3 + 5·2 + 7·1 + 8·0 = 29
    let x = Tensor<Double>(shape: [3, 3], scalars: (0..<9).map(Double.init))
    let k = Tensor<Double>(rows: [[0, 1], [2, 3]])
    #expect(rotated180(k).rows == [[3, 2], [1, 0]])
    #expect(convolve2DReference(x, k, mode: .valid).rows == [[5, 11], [23, 29]])
  }

  @Test func convolutionIsCorrelationWithTheRotatedKernel() throws {
    // Property over random sizes: valid convolution == corr2d(x, rotated180(k)), and
    // rotating twice gives the kernel back.
    var generator = SeededGenerator(seed: 21)
    for trial in 0..<40 {
      let (h, w) = (generator.nextInt(in: 1...7), generator.nextInt(in: 1...7))
      let (r, s) = (generator.nextInt(in: 1...h), generator.nextInt(in: 1...w))
      let x: Tensor<Double> = integerTensor([h, w], -5...5, &generator)
      let k: Tensor<Double> = integerTensor([r, s], -5...5, &generator)
      let configuration = "trial \(trial): x \(h)×\(w), k \(r)×\(s)"
      let report = mismatch(
        convolve2DReference(x, k, mode: .valid), try corr2d(x, rotated180(k)), tolerance: 0,
        configuration)
      #expect(report == nil, "\(report ?? "")")
      #expect(rotated180(rotated180(k)) == k, "\(configuration)")
    }
  }

  @Test func symmetricKernelsDoNotCareAboutTheFlip() throws {
    // The Laplacian equals its own rotation, so both operations agree on any image.
    let laplacian = EdgeDetection.laplacian(Double.self)
    #expect(rotated180(laplacian) == laplacian)
    var generator = SeededGenerator(seed: 3)
    let x: Tensor<Double> = integerTensor([5, 6], -9...9, &generator)
    #expect(try convolve2DReference(x, laplacian, mode: .valid) == corr2d(x, laplacian))
  }
}
