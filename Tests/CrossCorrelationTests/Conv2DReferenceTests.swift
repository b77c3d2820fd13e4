import CNNCore
import CrossCorrelation
import Testing

@Suite struct Conv2DReferenceTests {
  @Test func d2lCorr2DExample() throws {
    // X = 0…8 as 3×3, K = [[0,1],[2,3]]:
    //   y00 = 0·0 + 1·1 + 3·2 + 4·3 = 19    y01 = 1·0 + 2·1 + 4·2 + 5·3 = 25
    //   y10 = 3·0 + 4·1 + 6·2 + 7·3 = 37    y11 = 4·0 + 5·1 + 7·2 + 8·3 = 43
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 3, width: 3, outChannels: 1, kernel: 2)
    let x = Tensor<Double>(shape: [1, 1, 3, 3], scalars: (0..<9).map(Double.init))
    let k = Tensor<Double>(shape: [1, 1, 2, 2], scalars: [0, 1, 2, 3])
    let y = conv2dReference(input: x, weight: k, bias: nil, geometry: g)
    #expect(y.scalars == [19, 25, 37, 43])
  }
}

@Suite struct Conv2DReferencePaddingStrideTests {
  // The 5×5 example of the notes with the kernel 1…9 (rows [1, 2, 3], [4, 5, 6], [7, 8, 9]).
  let x = Tensor<Double>(
    shape: [1, 1, 5, 5],
    scalars: [
      3, 4, 6, 5, 7, 2, 4, 6, 8, 2, 1, 6, 7, 8, 4, 9, 7, 4, 6, 2, 3, 7, 5, 4, 1,
    ])
  let k = Tensor<Double>(shape: [1, 1, 3, 3], scalars: (1...9).map(Double.init))

  @Test func paddingOne() throws {
    // With one ring of zeros the output is 5×5. The corner sees only x[0..1, 0..1] under
    // the kernel's bottom-right 2×2 block [[5, 6], [8, 9]]:
    //   3·5 + 4·6 + 2·8 + 4·9 = 15 + 24 + 16 + 36 = 91.
    // The centre is the valid y[1, 1] = 282 (see Corr2DTests).
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 5, width: 5, outChannels: 1,
      kernel: 3, padding: 1)
    let y = conv2dReference(input: x, weight: k, bias: nil, geometry: g)
    #expect(y.shape == [1, 1, 5, 5])
    #expect(y[0, 0, 0, 0] == 91 && y[0, 0, 2, 2] == 282)
  }

  @Test func strideTwo() throws {
    // Stride 2 keeps every other valid window: rows/columns 0 and 2 of [[211, 295, 262],
    // [259, 282, 214], [251, 253, 169]] → [[211, 262], [251, 169]].
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 5, width: 5, outChannels: 1,
      kernel: 3, stride: 2)
    #expect(
      conv2dReference(input: x, weight: k, bias: nil, geometry: g).scalars
        == [211, 262, 251, 169])
  }

  @Test func biasMinus500ThenReLU() throws {
    // All nine valid outputs are below 500 (largest 295), so max(0, y − 500) = 0 everywhere.
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 5, width: 5, outChannels: 1, kernel: 3)
    let y = conv2dReference(
      input: x, weight: k, bias: Tensor(shape: [1], scalars: [-500]), geometry: g)
    #expect(y.scalars.map { max(0, $0) } == Array(repeating: 0, count: 9))
    // With x = 0…24: y[p, q] = 366 + 45·(5p + q) (Σk = 45, Σ k[r, s]·(5r + s) = 366), so
    // ReLU(y − 500) = [[0, 0, 0], [91, 136, 181], [316, 361, 406]].
    let ramp = Tensor<Double>(shape: [1, 1, 5, 5], scalars: (0..<25).map(Double.init))
    let z = conv2dReference(
      input: ramp, weight: k, bias: Tensor(shape: [1], scalars: [-500]), geometry: g)
    #expect(z.scalars.map { max(0, $0) } == [0, 0, 0, 91, 136, 181, 316, 361, 406])
  }

  @Test func referenceAgreesWithTheCoreConv2d() throws {
    // Float, random geometries (stride, padding, dilation, groups, batch);
    // tolerance 1e-5 for sums of ≤ 54 products of numbers in [−1, 1].
    var generator = SeededGenerator(seed: 61)
    for trial in 0..<20 {
      let g = try randomGeometry(&generator, batch: generator.nextInt(in: 1...2))
      let x = Tensor<Float>(shape: g.inputShape, uniformIn: -1...1, using: &generator)
      let w = Tensor<Float>(shape: g.weightShape, uniformIn: -1...1, using: &generator)
      let b = Tensor<Float>(shape: [g.outChannels], uniformIn: -1...1, using: &generator)
      let report = mismatch(
        conv2d(input: x, weight: w, bias: b, geometry: g),
        conv2dReference(input: x, weight: w, bias: b, geometry: g), tolerance: 1e-5,
        "trial \(trial): \(g), batch \(g.batch)")
      #expect(report == nil, "\(report ?? "")")
    }
  }
}
