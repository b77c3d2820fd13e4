import CNNCore
import NeuralNetworks
import Testing

/// `Layer.releaseBackwardState`: a layer that keeps the previous layer's output for its
/// backward pass must let go of it there, so that the previous layer can write its next
/// output into the same memory. (If it kept it, the write would copy the whole activation:
/// an allocation per layer and step in the training loop.)
@Suite struct LayerReleaseTests {
  /// Where a tensor's elements live.
  private func address(_ t: Tensor<Float>) -> UnsafeRawPointer? {
    t.scalars.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
  }

  /// Runs `ReLU → layer` forward and backward, releases both as `Sequential` does before a
  /// forward pass, runs ReLU forward again, and reports whether it wrote its second output
  /// where the first was.
  private func previousOutputReused(by layer: Layer, sample: [Int], batch: Int = 4) -> Bool {
    var g = SeededGenerator(seed: 5)
    let previous = ReLU()
    let x = g.floats([batch] + sample)
    let outputShape = [batch] + ((try? layer.outputShape(for: sample)) ?? sample)
    let first = address(previous.forward(x, training: true))
    _ = layer.forward(previous.forward(x, training: true), training: true)
    _ = previous.backward(layer.backward(g.floats(outputShape)))
    previous.releaseBackwardState()
    layer.releaseBackwardState()
    return address(previous.forward(x, training: true)) == first
  }

  @Test(arguments: [
    "Conv2D", "Dense", "ReLU", "Sigmoid", "Tanh", "MaxPool2D", "AvgPool2D", "GlobalAvgPool2D",
    "BatchNorm2D", "BatchNorm1D", "Dropout", "Flatten",
  ])
  func keptInputIsReleased(kind: String) {
    let (layer, sample): (Layer, [Int]) =
      switch kind {
      case "Conv2D": (Conv2D(inChannels: 2, outChannels: 3, kernel: 3, padding: 1), [2, 6, 6])
      case "Dense": (Dense(inFeatures: 5, outFeatures: 3), [5])
      case "ReLU": (ReLU(), [2, 6, 6])
      case "Sigmoid": (Sigmoid(), [2, 6, 6])
      case "Tanh": (Tanh(), [2, 6, 6])
      case "MaxPool2D": (MaxPool2D(kernel: 2), [2, 6, 6])
      case "AvgPool2D": (AvgPool2D(kernel: 2), [2, 6, 6])
      case "GlobalAvgPool2D": (GlobalAvgPool2D(), [2, 6, 6])
      case "BatchNorm2D": (BatchNorm2D(channels: 2), [2, 6, 6])
      case "BatchNorm1D": (BatchNorm1D(features: 5), [5])
      case "Dropout": (Dropout(rate: 0.5), [2, 6, 6])
      default: (Flatten(), [2, 6, 6])
      }
    #expect(
      previousOutputReused(by: layer, sample: sample),
      "\(kind) still holds the previous layer's output after releaseBackwardState()")
  }
}
