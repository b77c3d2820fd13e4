import CNNCore
import CrossCorrelation
import Testing

@Suite struct GroupedTests {
  @Test func twoGroupsByHand() throws {
    // x: 2 channels of 2×2, [[1, 2], [3, 4]] and [[5, 6], [7, 8]]; 1×1 kernels, G = 2,
    // one filter per group: filter 0 sees channel 0 only (weight 2), filter 1 channel 1 (−1).
    //   y[0] = 2·[[1, 2], [3, 4]] = [[2, 4], [6, 8]]    y[1] = −[[5, 6], [7, 8]]
    let x = Tensor<Double>(shape: [2, 2, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
    let w = Tensor<Double>(shape: [2, 1, 1, 1], scalars: [2, -1])
    #expect(try corr2dGrouped(x, w, groups: 2).scalars == [2, 4, 6, 8, -5, -6, -7, -8])
    // With bias (10, 20): [12, 14, 16, 18, 15, 14, 13, 12].
    let b = Tensor<Double>(shape: [2], scalars: [10, 20])
    #expect(
      try corr2dGrouped(x, w, groups: 2, bias: b).scalars
        == [12, 14, 16, 18, 15, 14, 13, 12])
  }

  @Test func groupedEqualsTheConcatenationOfPerGroupLayers() throws {
    var generator = SeededGenerator(seed: 31)
    for trial in 0..<20 {
      let groups = generator.nextInt(in: 1...4)
      let (cg, kg) = (generator.nextInt(in: 1...3), generator.nextInt(in: 1...3))
      let (h, w) = (generator.nextInt(in: 2...6), generator.nextInt(in: 2...6))
      let (r, s) = (generator.nextInt(in: 1...h), generator.nextInt(in: 1...w))
      let x: Tensor<Double> = integerTensor([groups * cg, h, w], -4...4, &generator)
      let weight: Tensor<Double> = integerTensor([groups * kg, cg, r, s], -3...3, &generator)
      let parts = try (0..<groups).map { g in
        try corr2dMultiInOut(
          outerSlice(x, g * cg..<(g + 1) * cg), outerSlice(weight, g * kg..<(g + 1) * kg))
      }
      let report = mismatch(
        try corr2dGrouped(x, weight, groups: groups), outerConcatenation(parts), tolerance: 0,
        "trial \(trial): G \(groups), C/G \(cg), K/G \(kg), x \(h)×\(w), k \(r)×\(s)")
      #expect(report == nil, "\(report ?? "")")
    }
  }

  @Test func oneGroupIsADenseLayerAndDepthwiseIsOneGroupPerChannel() throws {
    var generator = SeededGenerator(seed: 32)
    let x: Tensor<Double> = integerTensor([4, 5, 6], -4...4, &generator)
    let dense: Tensor<Double> = integerTensor([3, 4, 2, 3], -3...3, &generator)
    #expect(try corr2dGrouped(x, dense, groups: 1) == corr2dMultiInOut(x, dense))
    let depthwise: Tensor<Double> = integerTensor([4, 3, 3], -3...3, &generator)
    let viaGroups = try corr2dGrouped(x, depthwise.reshaped([4, 1, 3, 3]), groups: 4)
    #expect(try corr2dDepthwise(x, depthwise) == viaGroups)
    // and channel by channel it is corr2d: y[2] = corr2d(x[2], w[2])
    #expect(try outerSlice(viaGroups, 2) == corr2d(outerSlice(x, 2), outerSlice(depthwise, 2)))
  }

  @Test func groupedAgreesWithTheReferenceLayer() throws {
    var generator = SeededGenerator(seed: 33)
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 6, height: 5, width: 4, outChannels: 9, kernel: (2, 3), groups: 3)
    let x: Tensor<Double> = integerTensor([6, 5, 4], -4...4, &generator)
    let w: Tensor<Double> = integerTensor(g.weightShape, -3...3, &generator)
    let b: Tensor<Double> = integerTensor([9], -3...3, &generator)
    let reference = conv2dReference(
      input: x.reshaped(g.inputShape), weight: w, bias: b, geometry: g)
    #expect(try corr2dGrouped(x, w, groups: 3, bias: b) == reference.reshaped([9, 4, 2]))
  }

  @Test func indivisibleGroupsAreExplained() {
    let error = #expect(throws: GeometryError.self) {
      _ = try corr2dGrouped(
        Tensor<Double>(zeros: [4, 3, 3]), Tensor(zeros: [3, 2, 2, 2]), groups: 2)
    }
    #expect(error?.message.contains("groups 2 must divide") == true)
    #expect(throws: GeometryError.self) {  // depth must be C/G = 2, not 4
      _ = try corr2dGrouped(
        Tensor<Double>(zeros: [4, 3, 3]), Tensor(zeros: [2, 4, 2, 2]), groups: 2)
    }
  }
}
