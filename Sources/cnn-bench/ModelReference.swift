import CNNCore
import CrossCorrelation
import NeuralNetworks
import Pooling

// Shapes: N = batch, C = channels, H/W = height/width, K = filters, R/S = kernel height/width.

/// One training step of a `Sequential` model recomputed with the scalar references, in Double:
/// the check behind the training workloads of the benchmark.
///
/// ```
///   forward:  a₀ = x,  aᵢ = layerᵢ(aᵢ₋₁)        (conv2dReference, maxPool2DReference, …)
///   loss:     L = softmaxCrossEntropyReference(a_last, labels)
///   backward: gᵢ₋₁ = ∂L/∂aᵢ₋₁ from gᵢ by each layer's backward reference; ∂L/∂θᵢ on the way
/// ```
/// Dropout uses the mask of the model's own last training forward pass (`Dropout.lastMask`),
/// so both sides drop the same units. Supported layers: Conv2D, ReLU, MaxPool2D,
/// GlobalAvgPool2D, Flatten, Dense, Dropout — what LeNet (modern) and the Keras model use.
///
/// - Returns: the loss and every parameter gradient, in `model.parameters` order.
func referenceTrainingStep(model: Sequential, images x: Tensor<Float>, labels: [Int])
  -> (loss: Double, gradients: [Tensor<Double>])
{
  func double(_ t: Tensor<Float>) -> Tensor<Double> {
    Tensor(shape: t.shape, scalars: t.scalars.map(Double.init))
  }
  // Forward, keeping each layer's input and what its backward pass needs.
  var inputs: [Tensor<Double>] = []
  var argmaxes: [Int: [Int]] = [:]
  var a = double(x)
  for (i, layer) in model.layers.enumerated() {
    inputs.append(a)
    let sample = Array(a.shape.dropFirst())
    switch layer {
    case let conv as Conv2D:
      let g = try! conv.geometry(batch: a.shape[0], sampleShape: sample)
      a = conv2dReference(
        input: a, weight: double(conv.weight.value), bias: conv.bias.map { double($0.value) },
        geometry: g)
    case is ReLU:
      a = reluReference(a)
    case let pool as MaxPool2D:
      let g = try! pool.geometry(batch: a.shape[0], sampleShape: sample)
      let r = maxPool2DReference(input: a, geometry: g)
      (a, argmaxes[i]) = (r.output, r.argmax)
    case is GlobalAvgPool2D:
      a = globalAvgPool2DReference(input: a)
    case is Flatten:
      a = Tensor(shape: [a.shape[0], a.count / a.shape[0]], scalars: a.scalars)
    case let dense as Dense:
      a = denseReference(
        input: a, weight: double(dense.weight.value), bias: dense.bias.map { double($0.value) })
    case let dropout as Dropout:
      a = dropoutReference(input: a, mask: keepMask(dropout), rate: Double(dropout.rate))
    default:
      preconditionFailure("referenceTrainingStep: no reference for \(layer.kind)")
    }
  }
  let loss = softmaxCrossEntropyReference(logits: a, labels: labels)
  var g = softmaxCrossEntropyBackwardReference(logits: a, labels: labels)
  // Backward, collecting parameter gradients layer by layer (reversed at the end).
  var gradients: [[Tensor<Double>]] = []
  for (i, layer) in model.layers.enumerated().reversed() {
    let input = inputs[i]
    let sample = Array(input.shape.dropFirst())
    switch layer {
    case let conv as Conv2D:
      let geometry = try! conv.geometry(batch: input.shape[0], sampleShape: sample)
      let r = conv2dBackwardReference(
        input: input, weight: double(conv.weight.value), outputGradient: g, geometry: geometry)
      gradients.append([r.weight] + (conv.bias == nil ? [] : [r.bias]))
      g = r.input
    case is ReLU:
      g = reluBackwardReference(input: input, outputGradient: g)
    case let pool as MaxPool2D:
      let geometry = try! pool.geometry(batch: input.shape[0], sampleShape: sample)
      g = maxPool2DBackwardReference(gradOutput: g, argmax: argmaxes[i]!, geometry: geometry)
    case is GlobalAvgPool2D:
      g = globalAvgPool2DBackwardReference(gradOutput: g, inputShape: input.shape)
    case is Flatten:
      g = Tensor(shape: input.shape, scalars: g.scalars)
    case let dense as Dense:
      let r = denseBackwardReference(
        input: input, weight: double(dense.weight.value), outputGradient: g)
      gradients.append([r.weight] + (dense.bias == nil ? [] : [r.bias]))
      g = r.input
    case let dropout as Dropout:
      g = dropoutBackwardReference(
        outputGradient: g, mask: keepMask(dropout), rate: Double(dropout.rate))
    default:
      preconditionFailure("referenceTrainingStep: no reference for \(layer.kind)")
    }
  }
  return (loss, gradients.reversed().flatMap { $0 })
}

/// The 0/1 keep-mask of a dropout layer's last training pass: the layer keeps m/(1 − p), the
/// reference wants m.
private func keepMask(_ dropout: Dropout) -> Tensor<Double> {
  let mask = dropout.lastMask!
  return Tensor(shape: mask.shape, scalars: mask.scalars.map { $0 == 0 ? 0.0 : 1.0 })
}
