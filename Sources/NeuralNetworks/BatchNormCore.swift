import CNNCore

/// The state and passes shared by `BatchNorm1D` and `BatchNorm2D` (which differ only in the
/// shapes they accept).
final class BatchNormCore {
  let channels: Int
  let momentum: Float
  let epsilon: Float
  let gamma: Parameter, beta: Parameter
  let runningMean: Parameter, runningVariance: Parameter
  private var last: (input: Tensor<Float>, statistics: BatchNormStatistics)?

  init(channels: Int, momentum: Float, epsilon: Float, name: String) {
    precondition(channels >= 1, "batch norm needs at least one channel, got \(channels)")
    precondition(
      momentum >= 0 && momentum <= 1, "momentum must be in [0, 1], got \(momentum)")
    precondition(epsilon >= 0, "epsilon must be ≥ 0, got \(epsilon)")
    self.channels = channels
    self.momentum = momentum
    self.epsilon = epsilon
    gamma = Parameter(name: "", value: Tensor(shape: [channels], repeating: 1))
    beta = Parameter(name: "", value: Tensor(zeros: [channels]))
    runningMean = Parameter(name: "", value: Tensor(zeros: [channels]))
    runningVariance = Parameter(name: "", value: Tensor(shape: [channels], repeating: 1))
    rename(name)
  }

  func rename(_ name: String) {
    gamma.name = "\(name).gamma"
    beta.name = "\(name).beta"
    runningMean.name = "\(name).running_mean"
    runningVariance.name = "\(name).running_var"
  }

  func forward(_ x: Tensor<Float>, training: Bool, layer: String) -> Tensor<Float> {
    precondition(
      x.rank >= 2 && x.shape[1] == channels,
      "\(layer): input shape \(x.shape) does not have \(channels) channels on axis 1")
    guard training else {
      last = nil
      return batchNormInference(
        input: x, gamma: gamma.value, beta: beta.value, runningMean: runningMean.value,
        runningVariance: runningVariance.value, epsilon: epsilon)
    }
    let (y, statistics) = batchNormTraining(
      input: x, gamma: gamma.value, beta: beta.value, epsilon: epsilon)
    let m = statistics.count
    precondition(
      m > 1,
      "\(layer): training needs more than one value per channel (got \(m)): the unbiased "
        + "variance σ²·M/(M − 1) is undefined; use a batch of at least 2")
    let unbias = Double(m) / Double(m - 1)
    for c in 0..<channels {
      runningMean.value.scalars[c] =
        (1 - momentum) * runningMean.value.scalars[c] + momentum * Float(statistics.mean[c])
      runningVariance.value.scalars[c] =
        (1 - momentum) * runningVariance.value.scalars[c]
        + momentum * Float(statistics.variance[c] * unbias)
    }
    last = (x, statistics)
    return y
  }

  func backward(_ dy: Tensor<Float>, layer: String) -> Tensor<Float> {
    guard let last else {
      preconditionFailure("\(layer): backward needs a preceding forward in training mode")
    }
    let grads = batchNormBackward(
      input: last.input, gamma: gamma.value, statistics: last.statistics, epsilon: epsilon,
      outputGradient: dy)
    accumulate(grads.gamma, into: gamma)
    accumulate(grads.beta, into: beta)
    return grads.input
  }
}
