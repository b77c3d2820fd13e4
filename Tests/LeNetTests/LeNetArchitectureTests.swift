import CNNCore
import NeuralNetworks
import Testing

@testable import LeNet

/// Shapes of every layer and parameter counts, each derived by hand.
@Suite struct LeNetArchitectureTests {
  @Test func derivedSizes() {
    #expect(LeNet.Size.c1 == 28)  // 28 + 2·2 − 5 + 1 = 28
    #expect(LeNet.Size.s2 == 14)  // 28 / 2
    #expect(LeNet.Size.c3 == 10)  // 14 − 5 + 1
    #expect(LeNet.Size.s4 == 5)  // 10 / 2
    #expect(LeNet.Size.flat == 400)  // 16·5·5
  }

  @Test func classicShapesLayerByLayer() throws {
    let model = try LeNet.classic(seed: 1)
    #expect(model.layers.map(\.name) == [
      "conv1", "sigmoid1", "pool1", "conv2", "sigmoid2", "pool2", "flatten1",
      "dense1", "sigmoid3", "dense2", "sigmoid4", "dense3",
    ])
    #expect(model.layers.map(\.kind) == [
      "Conv2D", "Sigmoid", "AvgPool2D", "Conv2D", "Sigmoid", "AvgPool2D", "Flatten",
      "Dense", "Sigmoid", "Dense", "Sigmoid", "Dense",
    ])
    #expect(model.shapes == [
      [6, 28, 28], [6, 28, 28], [6, 14, 14],  // 28 + 4 − 5 + 1 = 28, 28/2 = 14
      [16, 10, 10], [16, 10, 10], [16, 5, 5],  // 14 − 5 + 1 = 10, 10/2 = 5
      [400], [120], [120], [84], [84], [10],  // 16·5·5 = 400
    ])
  }

  @Test func modernShapesLayerByLayer() throws {
    let model = try LeNet.modern(seed: 1)
    #expect(model.layers.map(\.kind) == [
      "Conv2D", "ReLU", "MaxPool2D", "Conv2D", "ReLU", "MaxPool2D", "Flatten",
      "Dense", "ReLU", "Dense", "ReLU", "Dense",
    ])
    #expect(model.shapes == [
      [6, 28, 28], [6, 28, 28], [6, 14, 14], [16, 10, 10], [16, 10, 10], [16, 5, 5],
      [400], [120], [120], [84], [84], [10],
    ])
    // The forward pass produces the same shapes as the build-time check, batch of 2.
    var g = SeededGenerator(seed: 3)
    var y = Tensor<Float>(shape: [2, 1, 28, 28], uniformIn: 0...1, using: &g)
    for (layer, shape) in zip(model.layers, model.shapes) {
      y = layer.forward(y, training: false)
      #expect(y.shape == [2] + shape, "\(layer.name)")
    }
  }

  @Test func parameterCountsPerLayer() throws {
    let model = try LeNet.classic(seed: 1)
    let counts = model.layers.map(\.parameterCount)
    #expect(counts == [156, 0, 0, 2_416, 0, 0, 0, 48_120, 0, 10_164, 0, 850])
    // 6·1·5·5 + 6 = 156; 16·6·5·5 + 16 = 2,416; 400·120 + 120 = 48,120;
    // 120·84 + 84 = 10,164; 84·10 + 10 = 850
    #expect(model.parameterCount == 61_706)  // 156 + 2,416 + 48,120 + 10,164 + 850
    #expect(try LeNet.modern(seed: 1).parameterCount == 61_706)
  }

  @Test func c3TableVariant() throws {
    let model = try LeNet.classic(c3Table: true, seed: 1)
    #expect(model.layers[3] is SparseConv2D)
    #expect(model.layers[3].name == "conv2")
    #expect(model.layers[3].parameterCount == 1_516)  // (6·3 + 9·4 + 1·6)·25 + 16
    #expect(model.parameterCount == 60_806)  // 61,706 − 2,416 + 1,516
    #expect(model.shapes[3] == [16, 10, 10])
    // Parameter names are unique (checkpoints key on them).
    let names = model.parameters.map(\.name)
    #expect(Set(names).count == names.count)
    #expect(names.contains("conv2.weight15") && names.contains("conv2.bias"))
  }

  @Test func kerasModelShapesAndCount() throws {
    let model = try KerasCNN.model(seed: 1)
    #expect(model.shapes == [
      [64, 26, 26], [64, 26, 26], [64, 24, 24], [64, 24, 24], [64, 12, 12],  // 28−3+1, 26−3+1, /2
      [128, 10, 10], [128, 10, 10], [128, 8, 8], [128, 8, 8], [128, 1, 1], [128], [128], [10],
    ])
    #expect(model.layers.map(\.parameterCount) == [
      640, 0, 36_928, 0, 0, 73_856, 0, 147_584, 0, 0, 0, 0, 1_290,
    ])
    // 64·9 + 64; 64·64·9 + 64; 128·64·9 + 128; 128·128·9 + 128; 128·10 + 10
    #expect(model.parameterCount == 260_298)
  }

  @Test func sameSeedSameWeights() throws {
    let a = try LeNet.modern(seed: 7), b = try LeNet.modern(seed: 7)
    let c = try LeNet.modern(seed: 8)
    #expect(a.parameters.map(\.value) == b.parameters.map(\.value))
    #expect(a.parameters[0].value != c.parameters[0].value)
  }
}
