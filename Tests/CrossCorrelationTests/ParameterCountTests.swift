import CNNCore
import CrossCorrelation
import Testing

@Suite struct ParameterCountTests {
  @Test func workedExamples() throws {
    // (F·F·D₁)·K + K
    // 5×5 filters on depth 3, K = 2:       (5·5·3)·2 + 2 = 150 + 2 = 152
    #expect(try convParameterCount(kernel: 5, inChannels: 3, outChannels: 2) == 152)
    // CS231n demo, 3×3 on depth 3, K = 2:  (3·3·3)·2 + 2 = 54 + 2 = 56
    #expect(try convParameterCount(kernel: 3, inChannels: 3, outChannels: 2) == 56)
    // AlexNet conv1, 11×11 on depth 3, 96: (11·11·3)·96 + 96 = 363·96 + 96 = 34,848 + 96 = 34,944
    #expect(try convParameterCount(kernel: 11, inChannels: 3, outChannels: 96) == 34_944)
    // LeNet C1, 5×5 on depth 1, K = 6:     (5·5·1)·6 + 6 = 156
    #expect(try convParameterCount(kernel: 5, inChannels: 1, outChannels: 6) == 156)
    // A 3×2 kernel, 4 → 5 channels:        (3·2·4)·5 + 5 = 125
    #expect(try convParameterCount(kernel: (3, 2), inChannels: 4, outChannels: 5) == 125)
  }

  @Test func depthwiseAndGrouped() throws {
    // depthwise 3×3 on 32 channels: 3·3·(32/32)·32 = 288 weights, + 32 biases = 320
    #expect(
      try convParameterCount(
        kernel: 3, inChannels: 32, outChannels: 32, groups: 32, bias: false) == 288)
    #expect(try convParameterCount(kernel: 3, inChannels: 32, outChannels: 32, groups: 32) == 320)
    // 3×3, 64 → 64 weights: G = 1: 9·64·64 = 36,864;  G = 4: 9·16·64 = 9,216;  G = 64: 9·1·64 = 576
    for (groups, expected) in [(1, 36_864), (4, 9_216), (64, 576)] {
      #expect(
        try convParameterCount(
          kernel: 3, inChannels: 64, outChannels: 64, groups: groups, bias: false) == expected)
    }
    // depthwise separable 32 → 64: 3·3·32 + 1·1·32·64 = 288 + 2,048 = 2,336
    let separable =
      try convParameterCount(
        kernel: 3, inChannels: 32, outChannels: 32, groups: 32, bias: false)
      + convParameterCount(kernel: 1, inChannels: 32, outChannels: 64, bias: false)
    #expect(separable == 2_336)
  }

  @Test func agreesWithTheGeometry() throws {
    var generator = SeededGenerator(seed: 5)
    for _ in 0..<20 {
      let groups = generator.nextInt(in: 1...3)
      let c = groups * generator.nextInt(in: 1...4)
      let k = groups * generator.nextInt(in: 1...4)
      let (r, s) = (generator.nextInt(in: 1...5), generator.nextInt(in: 1...5))
      let g = try Conv2DGeometry(
        batch: 1, inChannels: c, height: 9, width: 9, outChannels: k, kernel: (r, s),
        groups: groups)
      #expect(
        try convParameterCount(
          kernel: (r, s), inChannels: c, outChannels: k, groups: groups) == g.parameterCount,
        "\(g)")
    }
  }

  @Test func groupsMustDivideTheChannels() {
    let error = #expect(throws: GeometryError.self) {
      _ = try convParameterCount(kernel: 3, inChannels: 6, outChannels: 8, groups: 4)
    }
    #expect(error?.message.contains("must divide both") == true)
    #expect(throws: GeometryError.self) {
      _ = try convParameterCount(kernel: 0, inChannels: 3, outChannels: 8)
    }
  }
}
