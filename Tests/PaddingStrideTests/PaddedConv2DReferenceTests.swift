import CNNCore
import PaddingStride
import Testing

/// The chapter's worked convolutions, and `paddedConv2dReference` against `CNNCore.conv2d`.
@Suite struct PaddedConv2DReferenceTests {
  static let image = Tensor<Double>(
    shape: [1, 1, 5, 5],
    scalars: [
      3, 4, 6, 5, 7,
      2, 4, 6, 8, 2,
      1, 6, 7, 8, 4,
      9, 7, 4, 6, 2,
      3, 7, 5, 4, 1,
    ])
  static let kernel = Tensor<Double>(shape: [1, 1, 3, 3], scalars: (1...9).map(Double.init))

  @Test func fiveByFiveWithPaddingOne() throws {
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 5, width: 5, outChannels: 1,
      kernel: 3, padding: 1)
    let y = try paddedConv2dReference(
      input: Self.image, weight: Self.kernel, bias: nil, geometry: g)
    // y[0,0]: window rows −1…1, cols −1…1 = [[0,0,0],[0,3,4],[0,2,4]]
    //   = 5·3 + 6·4 + 8·2 + 9·4 = 15 + 24 + 16 + 36 = 91
    // y[0,4]: window [[0,0,0],[5,7,0],[8,2,0]] = 4·5 + 5·7 + 7·8 + 8·2 = 20 + 35 + 56 + 16 = 127
    // y[2,2]: window [[4,6,8],[6,7,8],[7,4,6]]
    //   = 4 + 12 + 24 + 24 + 35 + 48 + 49 + 32 + 54 = 282
    // y[4,4]: window [[6,2,0],[4,1,0],[0,0,0]] = 1·6 + 2·2 + 4·4 + 5·1 = 6 + 4 + 16 + 5 = 31
    #expect(
      y.reshaped([5, 5]).rows == [
        [91, 168, 224, 215, 127],
        [114, 211, 295, 262, 149],
        [192, 259, 282, 214, 122],
        [194, 251, 253, 169, 86],
        [96, 112, 110, 68, 31],
      ])
  }

  @Test func fiveByFiveWithStrideTwo() throws {
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 5, width: 5, outChannels: 1,
      kernel: 3, stride: 2)
    let y = try paddedConv2dReference(
      input: Self.image, weight: Self.kernel, bias: nil, geometry: g)
    // (5 − 3)/2 + 1 = 2. y[0,0]: rows 0…2, cols 0…2 = [[3,4,6],[2,4,6],[1,6,7]]
    //   = 3 + 8 + 18 + 8 + 20 + 36 + 7 + 48 + 63 = 211
    // y[1,1]: rows 2…4, cols 2…4 = [[7,8,4],[4,6,2],[5,4,1]]
    //   = 7 + 16 + 12 + 16 + 30 + 12 + 35 + 32 + 9 = 169
    #expect(y.reshaped([2, 2]).rows == [[211, 262], [251, 169]])
  }

  /// Stride S computes every S-th output of stride 1: y_S[p, q] = y_1[S·p, S·q].
  @Test func strideSubsamplesTheStrideOneOutput() throws {
    var gen = SeededGenerator(seed: 41)
    for _ in 0..<40 {
      let size = gen.nextInt(in: 4...9)
      let f = gen.nextInt(in: 1...3)
      let s = gen.nextInt(in: 2...3)
      let pad = gen.nextInt(in: 0...1)
      let x = Tensor<Double>(shape: [1, 2, size, size], uniformIn: -1...1, using: &gen)
      let w = Tensor<Double>(shape: [2, 2, f, f], uniformIn: -1...1, using: &gen)
      let g1 = try Conv2DGeometry(
        batch: 1, inChannels: 2, height: size, width: size,
        outChannels: 2, kernel: f, padding: pad)
      let gs = try Conv2DGeometry(
        batch: 1, inChannels: 2, height: size, width: size,
        outChannels: 2, kernel: f, stride: s, padding: pad, rounding: .floor)
      let y1 = try paddedConv2dReference(input: x, weight: w, bias: nil, geometry: g1)
      let ys = try paddedConv2dReference(input: x, weight: w, bias: nil, geometry: gs)
      for k in 0..<2 {
        for p in 0..<gs.outHeight {
          for q in 0..<gs.outWidth { #expect(ys[0, k, p, q] == y1[0, k, s * p, s * q]) }
        }
      }
    }
  }

  @Test func reflectPaddedConvolution() throws {
    // 3×3 input 1…9, all-ones 3×3 kernel, reflect 1: y[0,0] sums the reflected window
    // [[5,4,5],[2,1,2],[5,4,5]] = 14 + 5 + 14 = 33; y[1,1] sums the whole input: 45
    let x = Tensor<Double>(shape: [1, 1, 3, 3], scalars: (1...9).map(Double.init))
    let w = Tensor<Double>(shape: [1, 1, 3, 3], repeating: 1)
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 3, width: 3, outChannels: 1,
      kernel: 3, padding: 1)
    let y = try paddedConv2dReference(input: x, weight: w, bias: nil, geometry: g, mode: .reflect)
    #expect(y[0, 0, 0, 0] == 33 && y[0, 0, 1, 1] == 45)
    // zero padding: y[0,0] = 1 + 2 + 4 + 5 = 12
    let z = try paddedConv2dReference(input: x, weight: w, bias: nil, geometry: g)
    #expect(z[0, 0, 0, 0] == 12)
  }

  /// Dilation D equals convolving with the kernel spread out by `dilatedKernel`.
  @Test func dilationIsAKernelWithZerosInserted() throws {
    #expect(
      try dilatedKernel(Tensor<Double>(rows: [[1, 2], [3, 4]]), dilation: 2).rows
        == [[1, 0, 2], [0, 0, 0], [3, 0, 4]])
    var gen = SeededGenerator(seed: 42)
    for _ in 0..<30 {
      let f = gen.nextInt(in: 2...3)
      let d = gen.nextInt(in: 2...3)
      let size = gen.nextInt(in: 7...10)
      let x = Tensor<Double>(shape: [1, 2, size, size], uniformIn: -1...1, using: &gen)
      let w = Tensor<Double>(shape: [3, 2, f, f], uniformIn: -1...1, using: &gen)
      let spread = try dilatedKernel(w, dilation: d)
      let gd = try Conv2DGeometry(
        batch: 1, inChannels: 2, height: size, width: size,
        outChannels: 3, kernel: f, padding: 1, dilation: d)
      let gs = try Conv2DGeometry(
        batch: 1, inChannels: 2, height: size, width: size,
        outChannels: 3, kernel: spread.shape[2], padding: 1)
      let yd = try paddedConv2dReference(input: x, weight: w, bias: nil, geometry: gd)
      let ys = try paddedConv2dReference(input: x, weight: spread, bias: nil, geometry: gs)
      let diff = zip(yd.scalars, ys.scalars).map { abs($0 - $1) }.max() ?? 0
      #expect(yd.shape == ys.shape && diff < 1e-12, "F \(f) D \(d) size \(size): \(diff)")
    }
  }

  @Test func cs231nDemoSteps() throws {
    // 5×5×3, K = 2 filters 3×3, S = 2, P = 1 → (5 − 3 + 2)/2 + 1 = 3: 3×3×2, 2·3·3 = 18 steps
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 3, height: 5, width: 5, outChannels: 2,
      kernel: 3, stride: 2, padding: 1)
    var gen = SeededGenerator(seed: 2)
    let x = Tensor<Double>(
      shape: g.inputShape,
      scalars: (0..<75).map { _ in Double(gen.nextInt(in: 0...2)) })
    let w = Tensor<Double>(
      shape: g.weightShape,
      scalars: (0..<54).map { _ in Double(gen.nextInt(in: -1...1)) })
    let b = Tensor<Double>(shape: [2], scalars: [1, 0])
    let steps = try convolutionSteps(input: x, weight: w, bias: b, geometry: g)
    let y = try paddedConv2dReference(input: x, weight: w, bias: b, geometry: g)
    #expect(steps.count == 18)
    #expect(steps.map(\.value) == y.scalars)
    // output (k 0, p 1, q 2) starts at padded row 1·2 = 2, column 2·2 = 4
    let step = steps[1 * 3 + 2]
    #expect(step.rows == [2, 3, 4] && step.columns == [4, 5, 6] && step.bias == 1)
    #expect(steps[9].filter == 1 && steps[9].bias == 0 && steps[9].channels == [0, 1, 2])
    // dilation 2 spreads the taps: rows 0, 2, 4 for p = 0
    let dilated = try Conv2DGeometry(
      batch: 1, inChannels: 3, height: 5, width: 5,
      outChannels: 2, kernel: 3, stride: 2, padding: 2, dilation: 2)
    #expect(
      try convolutionSteps(input: x, weight: w, bias: b, geometry: dilated)[0].rows == [0, 2, 4])
  }

  /// Zero mode against the vectorized `CNNCore.conv2d` (Float, im2col + GEMM).
  /// Tolerance 1e-5 · max(1, max |y|): float32 sums of ≤ 3·5·5 = 75 products of values ≤ 1.
  @Test func zeroModeMatchesVectorizedConv2D() throws {
    var gen = SeededGenerator(seed: 43)
    var trial = 0
    while trial < 60 {
      let c = gen.nextInt(in: 1...3)
      let k = gen.nextInt(in: 1...3)
      let h = gen.nextInt(in: 3...9)
      let wd = gen.nextInt(in: 3...9)
      let r = gen.nextInt(in: 1...3)
      let s = gen.nextInt(in: 1...3)
      let padding = Padding2D(
        top: gen.nextInt(in: 0...2), bottom: gen.nextInt(in: 0...2),
        left: gen.nextInt(in: 0...2), right: gen.nextInt(in: 0...2))
      // a dilated kernel may not fit the padded input: draw again
      guard
        let g = try? Conv2DGeometry(
          batch: gen.nextInt(in: 1...2), inChannels: c, height: h, width: wd, outChannels: k,
          kernel: (r, s), stride: (gen.nextInt(in: 1...3), gen.nextInt(in: 1...3)),
          padding: padding, dilation: (gen.nextInt(in: 1...2), gen.nextInt(in: 1...2)),
          rounding: .floor)
      else { continue }
      trial += 1
      let x = Tensor<Float>(shape: g.inputShape, uniformIn: -1...1, using: &gen)
      let w = Tensor<Float>(shape: g.weightShape, uniformIn: -1...1, using: &gen)
      let b = Tensor<Float>(shape: [k], uniformIn: -1...1, using: &gen)
      let fast = conv2d(input: x, weight: w, bias: b, geometry: g)
      let slow = try paddedConv2dReference(input: x, weight: w, bias: b, geometry: g)
      let diff = zip(fast.scalars, slow.scalars).map { Double(abs($0 - $1)) }.max() ?? 0
      let scale = max(1, slow.scalars.map { Double(abs($0)) }.max() ?? 0)
      #expect(diff <= 1e-5 * scale, "trial \(trial): \(g): max |diff| \(diff)")
    }
  }
}
