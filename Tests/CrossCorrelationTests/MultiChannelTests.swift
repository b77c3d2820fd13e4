import CNNCore
import CrossCorrelation
import Testing

@Suite struct MultiChannelTests {
  // d2l's two-channel example: X[0] = 0…8, X[1] = 1…9 (3×3); K[0] = [[0, 1], [2, 3]],
  // K[1] = [[1, 2], [3, 4]].
  let x = Tensor<Double>(
    shape: [2, 3, 3], scalars: (0..<9).map(Double.init) + (1...9).map(Double.init))
  let k = Tensor<Double>(shape: [2, 2, 2], scalars: [0, 1, 2, 3, 1, 2, 3, 4])

  @Test func inputChannelsAreSummed() throws {
    // channel 0 gives [[19, 25], [37, 43]] (corr2d example);
    // channel 1: y00 = 1·1 + 2·2 + 4·3 + 5·4 = 37   y01 = 2·1 + 3·2 + 5·3 + 6·4 = 47
    //            y10 = 4·1 + 5·2 + 7·3 + 8·4 = 67   y11 = 5·1 + 6·2 + 8·3 + 9·4 = 77
    // sum: [[19 + 37, 25 + 47], [37 + 67, 43 + 77]] = [[56, 72], [104, 120]]
    #expect(try corr2dMultiIn(x, k).rows == [[56, 72], [104, 120]])
    let perChannel = try (0..<2).map { try corr2d(outerSlice(x, $0), outerSlice(k, $0)) }
    #expect(perChannel[1].rows == [[37, 47], [67, 77]])
  }

  @Test func oneByOneKernelsAndFullSizeKernels() throws {
    // 1×1 kernels (2, −1) over the two channels: y = 2·X[0] − X[1] = 2·(0…8) − (1…9) = −1…7.
    let oneByOne = Tensor<Double>(shape: [2, 1, 1], scalars: [2, -1])
    #expect(try corr2dMultiIn(x, oneByOne).scalars == (-1...7).map(Double.init))
    // A kernel of ones as large as the image: the sum of all 18 inputs, 36 + 45 = 81.
    #expect(try corr2dMultiIn(x, Tensor(shape: [2, 3, 3], repeating: 1)).rows == [[81]])
  }

  @Test func outputChannelsStackKPlusOneAndKPlusTwo() throws {
    // Filter 1 is K + 1: each window sum grows by the sum of the two windows' inputs.
    //   y1[0, 0] = 56 + (0 + 1 + 3 + 4) + (1 + 2 + 4 + 5) = 56 + 8 + 12 = 76
    //   y2[0, 0] = 56 + 2·20 = 96;  y1[1, 1] = 120 + (4+5+7+8) + (5+6+8+9) = 120 + 24 + 28 = 172
    let plus = { (d: Double) in Tensor(shape: self.k.shape, scalars: self.k.scalars.map { $0 + d })
    }
    let w = outerStack([k, plus(1), plus(2)])
    #expect(w.shape == [3, 2, 2, 2])
    let y = try corr2dMultiInOut(x, w)
    #expect(y.shape == [3, 2, 2])
    #expect(y.scalars == [56, 72, 104, 120, 76, 100, 148, 172, 96, 128, 192, 224])
    // A bias adds one number to a whole output channel: b = (1, −1, 0.5).
    let b = Tensor<Double>(shape: [3], scalars: [1, -1, 0.5])
    let yb = try corr2dMultiInOut(x, w, bias: b)
    #expect(yb.scalars == [57, 73, 105, 121, 75, 99, 147, 171, 96.5, 128.5, 192.5, 224.5])
  }

  @Test func multiInOutIsTheReferenceLayerForOneImage() throws {
    var generator = SeededGenerator(seed: 4)
    for trial in 0..<12 {
      let (c, f) = (generator.nextInt(in: 1...4), generator.nextInt(in: 1...4))
      let (h, w) = (generator.nextInt(in: 2...7), generator.nextInt(in: 2...7))
      let (r, s) = (generator.nextInt(in: 1...h), generator.nextInt(in: 1...w))
      let g = try Conv2DGeometry(
        batch: 1, inChannels: c, height: h, width: w, outChannels: f, kernel: (r, s))
      let x: Tensor<Double> = integerTensor([c, h, w], -4...4, &generator)
      let weight: Tensor<Double> = integerTensor([f, c, r, s], -3...3, &generator)
      let bias: Tensor<Double> = integerTensor([f], -5...5, &generator)
      let reference = conv2dReference(
        input: x.reshaped(g.inputShape), weight: weight, bias: bias, geometry: g)
      let report = mismatch(
        try corr2dMultiInOut(x, weight, bias: bias),
        reference.reshaped([f, g.outHeight, g.outWidth]),
        tolerance: 0, "trial \(trial): \(g)")
      #expect(report == nil, "\(report ?? "")")
    }
  }

  @Test func channelMismatchIsExplained() {
    let error = #expect(throws: GeometryError.self) {
      _ = try corr2dMultiIn(x, Tensor<Double>(shape: [3, 2, 2], repeating: 1))
    }
    #expect(error?.message.contains("input channels C of x and of the kernel k: 2 ≠ 3") == true)
    #expect(throws: GeometryError.self) {
      _ = try corr2dMultiInOut(
        x, Tensor<Double>(shape: [1, 2, 2, 2], repeating: 1),
        bias: Tensor(shape: [2], repeating: 0))
    }
  }
}
