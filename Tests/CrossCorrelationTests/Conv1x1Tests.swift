import CNNCore
import CrossCorrelation
import Testing

@Suite struct Conv1x1Tests {
  @Test func matmulReferenceByHand() throws {
    // [[1, 2], [3, 4]] · [[5], [6]] = [[1·5 + 2·6], [3·5 + 4·6]] = [[17], [39]]
    let a = Tensor<Double>(rows: [[1, 2], [3, 4]])
    #expect(try matmulReference(a, Tensor(rows: [[5], [6]])).rows == [[17], [39]])
    #expect(throws: GeometryError.self) { _ = try matmulReference(a, Tensor(rows: [[1, 2, 3]])) }
  }

  @Test func oneByOneByHand() throws {
    // Two channels of 1×2 pixels: X[0] = [[1, 2]], X[1] = [[3, 4]]; W = [[1, 1], [1, −1]].
    //   Y[0] = X[0] + X[1] = [[4, 6]]     Y[1] = X[0] − X[1] = [[−2, −2]]
    let x = Tensor<Double>(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
    let w = Tensor<Double>(rows: [[1, 1], [1, -1]])
    let y = try conv1x1AsMatmul(x, w)
    #expect(y.shape == [2, 1, 2])
    #expect(y.scalars == [4, 6, -2, -2])
  }

  @Test func oneByOneEqualsCorrelationOverChannels() throws {
    var generator = SeededGenerator(seed: 11)
    for trial in 0..<15 {
      let (c, k) = (generator.nextInt(in: 1...5), generator.nextInt(in: 1...5))
      let (h, w) = (generator.nextInt(in: 1...6), generator.nextInt(in: 1...6))
      let x: Tensor<Double> = integerTensor([c, h, w], -5...5, &generator)
      let weight: Tensor<Double> = integerTensor([k, c], -3...3, &generator)
      let report = mismatch(
        try conv1x1AsMatmul(x, weight), try corr2dMultiInOut(x, weight.reshaped([k, c, 1, 1])),
        tolerance: 0, "trial \(trial): x \(c)×\(h)×\(w), w \(k)×\(c)")
      #expect(report == nil, "\(report ?? "")")
    }
  }

  @Test func wrongChannelCountIsExplained() {
    let error = #expect(throws: GeometryError.self) {
      _ = try conv1x1AsMatmul(Tensor<Double>(zeros: [3, 2, 2]), Tensor(zeros: [4, 2]))
    }
    #expect(error?.message.contains("3 ≠ 2") == true)
  }
}
