import CNNCore
import Datasets
import Foundation
import LeNet
import NeuralNetworks

/// The training workloads: one epoch of LeNet (modern) on the 60,000 MNIST training images,
/// and the Keras model of the notes on the first 2,048 of them (16 batches), both with Adam
/// (learning rate 10⁻³) and batch 128, as in chapter 5. The rate is images per second.
///
/// ```
///   train lenet epoch   60,000 images: 469 steps of forward, loss, backward, Adam
///   train keras 2048      2,048 images:  16 steps (dropout on)
/// ```
/// Each run builds the model afresh from seed 0 and trains it, so every run (and every thread
/// count) does the same arithmetic; the outputs compared across thread counts are the epoch's
/// loss and accuracy and the final weights.
///
/// Verification: the gradients of the first batch (8 images) against `referenceTrainingStep`,
/// the same step through the scalar references in Double. Each gradient tensor must agree to
/// `1e-4 · max|reference gradient|` (Float sums of at most a few thousand terms round to about
/// 1e-6 of that).
///
/// The names of the training workloads (MNIST is loaded only if the filter selects one).
let trainingWorkloadNames = ["train lenet epoch", "train keras 2048"]

/// MNIST comes from `--data DIR` or `CNN_DATA` (then `./Data`); without it there are no
/// training workloads, and `skipped` says why.
func trainingWorkloads(data: URL?, quick: Bool) -> (workloads: [Workload], skipped: String?) {
  guard let data else {
    return ([], "training workloads skipped: no MNIST directory (use --data DIR or set CNN_DATA)")
  }
  let mnist: MNIST
  do {
    mnist = try MNIST.load(.train, from: data)
  } catch {
    return ([], "training workloads skipped: \(error)")
  }
  let images = ImageSet(mnist)
  let labels = mnist.labels.map(Int.init)
  let lenetCount = quick ? 6_400 : images.count
  return ([
    trainingWorkload(
      name: trainingWorkloadNames[0], model: { try! LeNet.modern(seed: 0) }, images: images,
      labels: labels, count: lenetCount, runs: quick ? 1 : 3),
    trainingWorkload(
      name: trainingWorkloadNames[1], model: { try! KerasCNN.model(seed: 0) }, images: images,
      labels: labels, count: quick ? 256 : 2_048, runs: quick ? 1 : 3),
  ], nil)
}

/// Trains `model()` for one epoch on the first `count` images: the timed run of a workload.
private func trainingWorkload(
  name: String, model: @escaping () -> Sequential, images: ImageSet, labels: [Int], count: Int,
  runs: Int
) -> Workload {
  let shape = "\(count) images, batch 128, Adam"
  return Workload(
    name: name, shape: shape, work: Double(count), unit: .images, runs: runs
  ) {
    let x = images.subset(0..<count)
    let y = Array(labels[0..<count])
    let run: () -> Outputs = {
      let net = model()
      net.compile(loss: SoftmaxCrossEntropy(), optimizer: Adam(learningRate: 1e-3))
      let history = try! net.fit(
        x: x, y: y, batchSize: 128, epochs: 1, seed: 0, verbosity: .silent)
      let logs = history.epochs[0]
      return Outputs(
        floats: [[logs.loss, logs.accuracy]] + net.parameters.map(\.value.scalars))
    }
    // One epoch on the first `steps` batches of 128 images, for the allocation count.
    let allocations: () -> AllocationsPerStep? = {
      let steps = min(4, count / 256)
      // The subsets are made before counting (their size grows with the steps).
      let subsets = [steps, 2 * steps].map { (x.subset(0..<(128 * $0)), Array(y[0..<(128 * $0)])) }
      return AllocationsPerStep.measure(steps: steps) { runSteps in
        let (images, labels) = subsets[runSteps == steps ? 0 : 1]
        let net = model()
        net.compile(loss: SoftmaxCrossEntropy(), optimizer: Adam(learningRate: 1e-3))
        _ = try! net.fit(
          x: images, y: labels, batchSize: 128, epochs: 1, seed: 0, verbosity: .silent)
      }
    }
    let verify: () -> Verification = {
      let net = model()
      let slice = 8
      let batch = x.batch(0..<slice)
      let labels = Array(y[0..<slice])
      let loss = SoftmaxCrossEntropy()
      net.zeroGradients()
      let logits = net.forward(batch, training: true)
      _ = loss.forward(logits, labels: labels)
      net.backward(loss.backward())
      var reference: (loss: Double, gradients: [Tensor<Double>])? = nil
      let seconds = secondsTaken {
        reference = referenceTrainingStep(model: net, images: batch, labels: labels)
      }
      // The worst |kernel − reference| / max|reference| over the gradient tensors.
      var worst = 0.0
      for (parameter, expected) in zip(net.parameters, reference!.gradients) {
        let scale = max(expected.scalars.reduce(0) { max($0, abs($1)) }, 1e-12)
        for (a, b) in zip(parameter.gradient.scalars, expected.scalars) {
          let d = abs(Double(a) - b) / scale
          if d > worst || d.isNaN { worst = d }
        }
      }
      // One reference step on 8 images, scaled to the run's forward and backward passes (the
      // Adam update is not part of the reference).
      return Verification(
        passed: worst <= 1e-4, maxDifference: worst, tolerance: 1e-4,
        slice: "relative, gradients of 8 images",
        referenceSeconds: seconds * Double(count) / Double(slice))
    }
    return Prepared(run: run, verify: verify, allocations: allocations)
  }
}
