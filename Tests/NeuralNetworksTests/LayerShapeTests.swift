import CNNCore
import NeuralNetworks
import Testing

// outputShape(for:): the shapes a model is built from, and the errors that explain the
// arithmetic when a configuration does not fit.

/// The message of the error `body` throws (nil when it does not throw).
private func message(_ body: () throws -> [Int]) -> String? {
  do {
    _ = try body()
    return nil
  } catch {
    return "\(error)"
  }
}

@Suite("Layer shapes and their errors")
struct LayerShapeTests {
  @Test func leNetChain() throws {
    // 1×28×28 → conv 5×5 pad 2 → 6×28×28 ((28 − 5 + 2·2)/1 + 1 = 28) → pool 2 → 6×14×14
    // → conv 5×5 → 16×10×10 (14 − 5 + 1) → pool 2 → 16×5×5 → flatten 400 (16·5·5)
    // → dense 120 → dense 84 → dense 10
    let layers: [Layer] = [
      Conv2D(inChannels: 1, outChannels: 6, kernel: 5, padding: 2), ReLU(), MaxPool2D(kernel: 2),
      Conv2D(inChannels: 6, outChannels: 16, kernel: 5), ReLU(), MaxPool2D(kernel: 2), Flatten(),
      Dense(inFeatures: 400, outFeatures: 120), ReLU(), Dense(inFeatures: 120, outFeatures: 84),
      Dense(inFeatures: 84, outFeatures: 10),
    ]
    var shape = [1, 28, 28]
    var shapes: [[Int]] = []
    for layer in layers {
      shape = try layer.outputShape(for: shape)
      shapes.append(shape)
    }
    #expect(
      shapes == [
        [6, 28, 28], [6, 28, 28], [6, 14, 14], [16, 10, 10], [16, 10, 10], [16, 5, 5], [400],
        [120], [120], [84], [10],
      ])
    // parameters: 6·1·5·5 + 6 = 156; 16·6·5·5 + 16 = 2416; 400·120 + 120 = 48120;
    // 120·84 + 84 = 10164; 84·10 + 10 = 850
    #expect(layers.map(\.parameterCount) == [156, 0, 0, 2416, 0, 0, 0, 48120, 0, 10164, 850])
  }

  @Test func convErrors() throws {
    let conv = Conv2D(inChannels: 1, outChannels: 6, kernel: 3, stride: 2)
    // (28 − 3 + 2·0) = 25 is odd, so 3-wide windows at stride 2 do not tile 28 columns
    let tiling = message { try conv.outputShape(for: [1, 28, 28]) }
    #expect(tiling?.contains("(28 − 3 + 2·0) = 25 is not divisible by stride 2") == true)
    // PyTorch's floor rounding drops the last column: ⌊25/2⌋ + 1 = 13
    let floor = Conv2D(inChannels: 1, outChannels: 6, kernel: 3, stride: 2, rounding: .floor)
    #expect(try floor.outputShape(for: [1, 28, 28]) == [6, 13, 13])
    let channels = message { try conv.outputShape(for: [3, 29, 29]) }
    #expect(channels?.contains("expects 1 input channels, got 3") == true)
    let rank = message { try conv.outputShape(for: [28, 28]) }
    #expect(rank?.contains("(C, H, W) of rank 3") == true)
    // a 3×3 kernel on a 2×2 input without padding: 3 > 2 + 2·0
    let tooBig = message {
      try Conv2D(inChannels: 1, outChannels: 1, kernel: 3).outputShape(for: [1, 2, 2])
    }
    #expect(tooBig?.contains("larger than the padded input") == true)
  }

  @Test func poolingErrors() throws {
    // (27 − 2 + 2·0) = 25 is not divisible by 2
    let odd = message { try MaxPool2D(kernel: 2).outputShape(for: [6, 27, 27]) }
    #expect(odd?.contains("(27 − 2 + 2·0) = 25 is not divisible by stride 2") == true)
    #expect(
      try MaxPool2D(kernel: 2, rounding: .floor).outputShape(for: [6, 27, 27]) == [6, 13, 13])
    // padding 2 on a 3-wide window is more than ⌊3/2⌋ = 1
    let padding = message {
      try AvgPool2D(kernel: 3, stride: 1, padding: 2).outputShape(for: [1, 8, 8])
    }
    #expect(padding?.contains("more than half") == true)
    #expect(try GlobalAvgPool2D().outputShape(for: [512, 7, 7]) == [512, 1, 1])
    #expect(message { try GlobalAvgPool2D().outputShape(for: [512]) }?.contains("rank 3") == true)
  }

  @Test func denseAndBatchNormErrors() throws {
    let fc = Dense(inFeatures: 400, outFeatures: 120)
    // an unflattened 16×5×5 map has 16·5·5 = 400 values but the wrong shape
    let unflattened = message { try fc.outputShape(for: [16, 5, 5]) }
    #expect(unflattened?.contains("put a Flatten before it") == true)
    // 16·4·4 = 256 values for a layer that takes 400
    let wrong = message { try fc.outputShape(for: [256]) }
    #expect(wrong?.contains("set inFeatures to 256") == true)
    #expect(try Flatten().outputShape(for: [16, 5, 5]) == [400])
    let bn = message { try BatchNorm2D(channels: 6).outputShape(for: [5, 28, 28]) }
    #expect(bn?.contains("set channels to 5") == true)
    #expect(try BatchNorm1D(features: 84).outputShape(for: [84]) == [84])
    #expect(
      message { try BatchNorm1D(features: 84).outputShape(for: [84, 1]) }?.contains("rank 1")
        == true)
  }

  @Test func parameterNamesFollowTheLayerName() {
    let conv = Conv2D(inChannels: 1, outChannels: 2, kernel: 3)
    conv.name = "conv1"
    #expect(conv.parameters.map(\.name) == ["conv1.weight", "conv1.bias"])
    let bn = BatchNorm2D(channels: 2)
    bn.name = "bn1"
    #expect(bn.parameters.map(\.name) == ["bn1.gamma", "bn1.beta"])
    #expect(bn.buffers.map(\.name) == ["bn1.running_mean", "bn1.running_var"])
    #expect(ReLU().buffers.isEmpty && ReLU().parameters.isEmpty)
    let fc = Dense(inFeatures: 3, outFeatures: 2, bias: false)
    fc.name = "fc"
    #expect(fc.parameters.map(\.name) == ["fc.weight"])
  }
}
