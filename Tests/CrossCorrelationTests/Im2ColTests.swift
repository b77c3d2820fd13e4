import CNNCore
import CrossCorrelation
import Testing

@Suite struct Im2ColTests {
  @Test func columnsAreTheWindowsOfTheD2LExample() throws {
    // x = 0…8 as 1×3×3, 2×2 kernel: four windows, one per column; row (r·2 + s) holds
    // the entry at kernel position (r, s) of every window.
    //   windows: [0 1 3 4], [1 2 4 5], [3 4 6 7], [4 5 7 8]
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 3, width: 3, outChannels: 1, kernel: 2)
    let x = Tensor<Double>(shape: [1, 3, 3], scalars: (0..<9).map(Double.init))
    let col = try im2colReference(x, geometry: g)
    #expect(col.rows == [[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]])
    // W_row = [0, 1, 2, 3]: W_row · X_col = [19, 25, 37, 43], the corr2d example.
    #expect(try matmulReference(Tensor(rows: [[0, 1, 2, 3]]), col).scalars == [19, 25, 37, 43])
  }

  @Test func paddingReadsAsZero() throws {
    // x = [[1, 2], [3, 4]], 2×2 kernel, padding 1: 3×3 windows; the top-left window holds
    // only x[0, 0] = 1 at kernel position (1, 1): column 0 = [0, 0, 0, 1].
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 2, width: 2, outChannels: 1, kernel: 2, padding: 1)
    let col = try im2colReference(
      Tensor<Double>(shape: [1, 2, 2], scalars: [1, 2, 3, 4]), geometry: g)
    #expect(col.shape == [4, 9])
    #expect((0..<4).map { col[$0, 0] } == [0, 0, 0, 1])
    #expect((0..<4).map { col[$0, 4] } == [1, 2, 3, 4])  // the centre window is the image
  }

  @Test func alexNetShapes() throws {
    // 227×227×3, 96 filters 11×11 at stride 4: (227 − 11)/4 + 1 = 55 positions per side.
    //   X_col: (3·11·11, 55·55) = (363, 3025)    W_row: (96, 363)    Y: (96, 3025) → 96×55×55
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 3, height: 227, width: 227, outChannels: 96, kernel: 11, stride: 4)
    #expect(g.inChannelsPerGroup * g.kernelHeight * g.kernelWidth == 363)
    #expect(g.outHeight * g.outWidth == 3025)
    #expect(g.outputShape == [1, 96, 55, 55])
    #expect(g.multiplyAdds == 96 * 363 * 3025)  // 105,415,200
  }

  @Test func agreesWithTheCoreIm2col() throws {
    var generator = SeededGenerator(seed: 41)
    for trial in 0..<25 {
      let g = try randomGeometry(&generator, batch: 1)
      let x: Tensor<Float> = integerTensor(
        [g.inChannelsPerGroup, g.height, g.width], -5...5, &generator)
      var core = [Float](
        repeating: .nan,
        count: g.inChannelsPerGroup * g.kernelHeight
          * g.kernelWidth * g.outHeight * g.outWidth)
      x.scalars.withUnsafeBufferPointer { px in
        core.withUnsafeMutableBufferPointer { pc in
          im2col(
            px.baseAddress!, channels: g.inChannelsPerGroup, geometry: g, into: pc.baseAddress!)
        }
      }
      let reference = try im2colReference(x, geometry: g)
      let report = mismatch(
        reference, Tensor(shape: reference.shape, scalars: core), tolerance: 0,
        "trial \(trial): \(g)")
      #expect(report == nil, "\(report ?? "")")
    }
  }

  @Test func im2colTimesWeightsIsTheDirectLoop() throws {
    var generator = SeededGenerator(seed: 42)
    for trial in 0..<25 {
      let g = try randomGeometry(&generator, batch: generator.nextInt(in: 1...2))
      let x: Tensor<Double> = integerTensor(g.inputShape, -4...4, &generator)
      let w: Tensor<Double> = integerTensor(g.weightShape, -3...3, &generator)
      let b: Tensor<Double>? =
        trial % 2 == 0 ? integerTensor([g.outChannels], -3...3, &generator) : nil
      let report = mismatch(
        try conv2dIm2ColReference(input: x, weight: w, bias: b, geometry: g),
        conv2dReference(input: x, weight: w, bias: b, geometry: g), tolerance: 0,
        "trial \(trial): \(g), batch \(g.batch), bias \(b != nil)")
      #expect(report == nil, "\(report ?? "")")
    }
  }

  @Test func wrongInputIsExplained() throws {
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 4, height: 5, width: 5, outChannels: 2, kernel: 3, groups: 2)
    let error = #expect(throws: GeometryError.self) {
      _ = try im2colReference(Tensor<Double>(zeros: [4, 5, 5]), geometry: g)
    }
    #expect(error?.message.contains("one group of one image") == true)
  }
}

/// A random valid configuration: stride, padding, dilation and groups all vary.
func randomGeometry(_ generator: inout SeededGenerator, batch: Int) throws -> Conv2DGeometry {
  while true {
    let groups = generator.nextInt(in: 1...3)
    let c = groups * generator.nextInt(in: 1...2)
    let k = groups * generator.nextInt(in: 1...2)
    let (h, w) = (generator.nextInt(in: 3...9), generator.nextInt(in: 3...9))
    let kernel = (generator.nextInt(in: 1...3), generator.nextInt(in: 1...3))
    let stride = (generator.nextInt(in: 1...3), generator.nextInt(in: 1...2))
    let dilation = (generator.nextInt(in: 1...2), generator.nextInt(in: 1...2))
    let padding = Padding2D(
      top: generator.nextInt(in: 0...2), bottom: generator.nextInt(in: 0...1),
      left: generator.nextInt(in: 0...1), right: generator.nextInt(in: 0...2))
    if let g = try? Conv2DGeometry(
      batch: batch, inChannels: c, height: h, width: w, outChannels: k, kernel: kernel,
      stride: stride, padding: padding, dilation: dilation, groups: groups, rounding: .floor)
    {
      return g
    }
  }
}
