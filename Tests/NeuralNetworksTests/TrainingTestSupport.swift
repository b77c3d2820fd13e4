import CNNCore
import Datasets
import Foundation
@testable import NeuralNetworks

// Test-only layers and loss, so the training engine is tested independently of the
// production layers (which have their own tests).

/// y = W·flatten(x) + b, W: (out, F), b: (out); uniform ±1/√F initial weights from `seed`.
final class TestDense: Layer {
  let kind = "Dense"
  var name = ""
  let inputSize: Int
  let outputSize: Int
  let weight: Parameter
  let bias: Parameter
  private var lastInput = Tensor<Float>(zeros: [0])

  init(inputSize: Int, outputSize: Int, seed: UInt64 = 1) {
    self.inputSize = inputSize
    self.outputSize = outputSize
    var g = SeededGenerator(seed: seed)
    let bound = 1 / Float(inputSize).squareRoot()
    weight = Parameter(
      name: "weight",
      value: Tensor(shape: [outputSize, inputSize], uniformIn: -bound...bound, using: &g))
    bias = Parameter(name: "bias", value: Tensor(zeros: [outputSize]))
  }

  var parameters: [Parameter] { [weight, bias] }

  struct SizeError: Error, CustomStringConvertible {
    var description: String
  }

  func outputShape(for inputShape: [Int]) throws -> [Int] {
    let features = inputShape.reduce(1, *)
    guard features == inputSize else {
      throw SizeError(description: "expected \(inputSize) input features, got \(features)")
    }
    return [outputSize]
  }

  func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    lastInput = x
    let n = x.shape[0]
    var y = Tensor<Float>(zeros: [n, outputSize])
    for i in 0..<n {
      for o in 0..<outputSize {
        var s = bias.value[o]
        for f in 0..<inputSize { s += weight.value[o, f] * x.scalars[i * inputSize + f] }
        y[i, o] = s
      }
    }
    return y
  }

  func backward(_ g: Tensor<Float>) -> Tensor<Float> {
    let n = g.shape[0]
    var dx = Tensor<Float>(zeros: lastInput.shape)
    for i in 0..<n {
      for o in 0..<outputSize {
        let go = g[i, o]
        bias.gradient[o] += go
        for f in 0..<inputSize {
          weight.gradient[o, f] += go * lastInput.scalars[i * inputSize + f]
          dx.scalars[i * inputSize + f] += go * weight.value[o, f]
        }
      }
    }
    return dx
  }
}

/// Returns NaN from its `nanAt`-th forward call on (1-based); identity otherwise.
final class TestNaNAfter: Layer {
  let kind = "NaNAfter"
  var name = ""
  let nanAt: Int
  var calls = 0
  init(nanAt: Int) { self.nanAt = nanAt }
  func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
  func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    calls += 1
    return calls >= nanAt ? Tensor(shape: x.shape, repeating: .nan) : x
  }
  func backward(_ g: Tensor<Float>) -> Tensor<Float> { g }
}

/// Mean softmax cross-entropy over the batch: L = −(1/N) Σ log softmax(z_n)[y_n];
/// ∂L/∂z = (softmax(z) − onehot(y)) / N.
final class TestCrossEntropy: Loss {
  private var gradient = Tensor<Float>(zeros: [0])
  func forward(_ logits: Tensor<Float>, labels: [Int]) -> Float {
    let p = softmax(logits)
    var g = p
    var total: Float = 0
    for (i, y) in labels.enumerated() {
      total -= Foundation.log(p[i, y])
      g[i, y] -= 1
    }
    gradient = scale(g, by: 1 / Float(labels.count))
    return total / Float(labels.count)
  }
  func backward() -> Tensor<Float> { gradient }
}

/// A 2-class set of 1×2×2 images: class 0 is bright on top, class 1 bright at the bottom,
/// with seeded noise. Pixel bytes: bright 150…255, dark 0…100.
func syntheticTopBottom(count: Int, seed: UInt64) -> (x: ImageSet, y: [Int]) {
  var g = SeededGenerator(seed: seed)
  var pixels = [UInt8]()
  var labels = [Int]()
  for _ in 0..<count {
    let label = g.nextInt(in: 0...1)
    for row in 0..<2 {
      for _ in 0..<2 {
        let bright = (row == 0) == (label == 0)
        pixels.append(UInt8(bright ? g.nextInt(in: 150...255) : g.nextInt(in: 0...100)))
      }
    }
    labels.append(label)
  }
  return (ImageSet(pixels: pixels, shape: [1, 2, 2]), labels)
}

/// A compiled 4 → 2 linear classifier for 1×2×2 images.
func tinyModel(seed: UInt64 = 1, learningRate: Float = 0.5, extra: [any Layer] = [])
  throws -> Sequential
{
  let model = try Sequential(
    inputShape: [1, 2, 2], layers: [TestDense(inputSize: 4, outputSize: 2, seed: seed)] + extra)
  model.compile(loss: TestCrossEntropy(), optimizer: SGD(learningRate: learningRate))
  return model
}

/// A fresh, uniquely named temporary directory, removed after `body`.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("nn-tests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: url) }
  return try body(url)
}

/// The bit patterns of floats, to compare results bit for bit.
func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }
