import CNNCore
import PaddingStride
import Testing

@Suite struct ReceptiveFieldTests {
  @Test func stackedThreeByThree() {
    let conv3 = WindowLayer(kernel: 3, padding: 1)
    // r = 1 + 2 = 3, then 3 + 2·1 = 5, then 5 + 2·1 = 7
    #expect(receptiveFields(of: [conv3, conv3, conv3]).map(\.size) == [3, 5, 7])
  }

  @Test func stridesMultiplyTheGrowth() {
    let c1 = WindowLayer(kernel: 3)
    let c2 = WindowLayer(kernel: 3, stride: 2)
    // r: 1 + 2·1 = 3 (j 1); 3 + 2·1 = 5 (j 2); 5 + 2·2 = 9 (j 2); 9 + 2·2 = 13 (j 4);
    //    13 + 2·4 = 21 (j 4)
    let fields = receptiveFields(of: [c1, c2, c1, c2, c1])
    #expect(fields.map(\.size) == [3, 5, 9, 13, 21])
    #expect(fields.map(\.jump) == [1, 2, 2, 4, 4])
    // AlexNet conv1 + pool1: 11, then 11 + (3 − 1)·4 = 19 (j 4·2 = 8)
    let alex = receptiveFields(of: [
      WindowLayer(kernel: 11, stride: 4),
      WindowLayer("pool", kernel: 3, stride: 2),
    ])
    #expect(alex == [ReceptiveField(size: 11, jump: 4), ReceptiveField(size: 19, jump: 8)])
    // dilation 2: a 3-tap kernel spans 5; two of them: 1 + 4 = 5, 5 + 4 = 9
    let dilated = WindowLayer(kernel: 3, padding: 2, dilation: 2)
    #expect(receptiveFields(of: [dilated, dilated]).map(\.size) == [5, 9])
  }

  /// The formula against brute force: walk back from output 0 through every layer,
  /// collecting the input positions it reads, and measure their extent.
  @Test func formulaMatchesBruteForce() {
    var generator = SeededGenerator(seed: 303)
    for trial in 0..<200 {
      let depth = generator.nextInt(in: 1...5)
      let layers = (0..<depth).map { _ in
        WindowLayer(
          kernel: generator.nextInt(in: 1...5), stride: generator.nextInt(in: 1...3),
          dilation: generator.nextInt(in: 1...2))
      }
      var positions: Set<Int> = [0]  // output 0 of the last layer
      for layer in layers.reversed() {
        var reads: Set<Int> = []
        for i in positions {
          for r in 0..<layer.kernel { reads.insert(i * layer.stride + r * layer.dilation) }
        }
        positions = reads
      }
      let extent = positions.max()! - positions.min()! + 1
      let formula = receptiveFields(of: layers).last!
      #expect(formula.size == extent, "trial \(trial): \(layers)")
      #expect(formula.jump == layers.map(\.stride).reduce(1, *))
    }
  }

  @Test func stackSizes() throws {
    // 227 →(11/4) (227 − 11)/4 + 1 = 55 →(pool 3/2) (55 − 3)/2 + 1 = 27
    //     →(5/1 pad 2) 27 →(pool 3/2) (27 − 3)/2 + 1 = 13 →(3/1 pad 1) 13 →(pool 3/2) 6
    let layers = [
      WindowLayer(kernel: 11, stride: 4), WindowLayer("pool", kernel: 3, stride: 2),
      WindowLayer(kernel: 5, padding: 2), WindowLayer("pool", kernel: 3, stride: 2),
      WindowLayer(kernel: 3, padding: 1), WindowLayer("pool", kernel: 3, stride: 2),
    ]
    #expect(try outputSizes(of: layers, input: 227) == [55, 27, 27, 13, 13, 6])
    do {
      _ = try outputSizes(of: layers, input: 224)
      Issue.record("224 does not tile AlexNet's first layer")
    } catch let error as GeometryError {
      #expect(error.message.hasPrefix("layer 1 (conv 11/4) on 224: width: (W − F + 2P)"))
    }
    // with floor: 54 → ⌊51/2⌋ + 1 = 26 → 26 → ⌊23/2⌋ + 1 = 12 → 12 → ⌊9/2⌋ + 1 = 5
    #expect(try outputSizes(of: layers, input: 224, rounding: .floor) == [54, 26, 26, 12, 12, 5])
  }

  @Test func stackedKernelsVersusOneLargeKernel() throws {
    let c = 64
    let two = try KernelStackComparison(layers: 2, kernel: 3, channels: c)
    // receptive field 2·2 + 1 = 5; weights 2·9·64² = 18·4096 = 73,728 vs 25·4096 = 102,400
    #expect(two.receptiveField == 5)
    #expect(two.stackWeights == 73_728 && two.singleWeights == 102_400)
    #expect(two.weightRatio == 0.72)  // 18/25
    let three = try KernelStackComparison(layers: 3, kernel: 3, channels: c)
    // 3·2 + 1 = 7; 3·9·4096 = 110,592 vs 49·4096 = 200,704
    #expect(three.receptiveField == 7)
    #expect(three.stackWeights == 110_592 && three.singleWeights == 200_704)
    #expect(throws: GeometryError.self) { try KernelStackComparison(layers: 0, channels: 1) }
  }
}
