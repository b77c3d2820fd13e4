import CNNCore
import NeuralNetworks
import Testing

@Suite("Batch norm running statistics")
struct LayerBatchNormTests {
  /// Three training steps of BatchNorm2D against PyTorch's update rules written out in Double:
  ///   running_mean ← (1 − m)·running_mean + m·mean
  ///   running_var  ← (1 − m)·running_var  + m·var_unbiased,   var_unbiased = var·M/(M − 1)
  /// tolerance 1e-6 · (1 + |value|).
  @Test(arguments: [Float(0.1), 0.3])
  func runningStatisticsFollowPyTorch(momentum: Float) {
    var g = SeededGenerator(seed: 21)
    let (n, c, h, w) = (3, 2, 2, 3)
    let bn = BatchNorm2D(channels: c, momentum: momentum)
    var mean = [Double](repeating: 0, count: c)
    var variance = [Double](repeating: 1, count: c)
    let m = Double(momentum)
    for step in 0..<3 {
      let x = g.floats([n, c, h, w], in: -2...3)
      _ = bn.forward(x, training: true)
      let count = n * h * w
      for channel in 0..<c {
        var values: [Double] = []
        for i in 0..<n {
          for j in 0..<(h * w) { values.append(Double(x.scalars[(i * c + channel) * h * w + j])) }
        }
        let mu = values.reduce(0, +) / Double(count)
        let unbiased = values.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(count - 1)
        mean[channel] = (1 - m) * mean[channel] + m * mu
        variance[channel] = (1 - m) * variance[channel] + m * unbiased
      }
      for channel in 0..<c {
        let (rm, rv) = (
          Double(bn.runningMean.value[channel]), Double(bn.runningVariance.value[channel])
        )
        #expect(
          abs(rm - mean[channel]) <= 1e-6 * (1 + abs(mean[channel])),
          "step \(step) channel \(channel) mean")
        #expect(
          abs(rv - variance[channel]) <= 1e-6 * (1 + abs(variance[channel])),
          "step \(step) channel \(channel) var")
      }
    }
  }

  @Test func inferenceDoesNotUpdateRunningStatistics() {
    var g = SeededGenerator(seed: 22)
    let bn = BatchNorm1D(features: 3)
    _ = bn.forward(g.floats([4, 3]), training: true)
    let (mean, variance) = (bn.runningMean.value, bn.runningVariance.value)
    _ = bn.forward(g.floats([4, 3]), training: false)
    #expect(bn.runningMean.value == mean && bn.runningVariance.value == variance)
    // fresh statistics: mean 0, variance 1, so inference with γ = 1, β = 0 is x/√(1 + ε)
    let fresh = BatchNorm1D(features: 1)
    let y = fresh.forward(Tensor(rows: [[2]]), training: false)
    #expect(abs(Double(y.scalars[0]) - 2 / (1 + 1e-5).squareRoot()) < 1e-6)
  }
}
