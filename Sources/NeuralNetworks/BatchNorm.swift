import CNNCore

/// Batch normalisation, what `BatchNorm1D` and `BatchNorm2D` share (as PyTorch's
/// `_BatchNorm` does for its `BatchNorm1d` and `BatchNorm2d`): the parameters, the running
/// statistics and both passes. The two differ only in the per-sample shape they accept.
///
/// ```
///   training:   μ, σ² = mean and biased variance of each channel over the batch
///               y = γ·(x − μ)/√(σ² + ε) + β
///               μ_run  ← (1 − momentum)·μ_run  + momentum·μ
///               σ²_run ← (1 − momentum)·σ²_run + momentum·σ²·M/(M − 1)   (unbiased, as PyTorch)
///   inference:  y = γ·(x − μ_run)/√(σ²_run + ε) + β
///
///   x, y: (N, C) or (N, C, H, W)   γ, β, running stats: (C)   M = N or N·H·W
/// ```
/// γ starts at 1, β at 0, μ_run at 0, σ²_run at 1. The running statistics are `buffers`
/// (saved in checkpoints, never touched by an optimizer), named "<name>.running_mean" and
/// "<name>.running_var"; the parameters are "<name>.gamma" and "<name>.beta". Training needs
/// more than one value per channel. Kernels: `batchNormTraining`, `batchNormInference`,
/// `batchNormBackward`.
public class BatchNorm: Layer {
  public let kind: String
  public var name: String { didSet { renameParameters() } }
  /// The weight of the newest batch in the running statistics.
  public let momentum: Float
  /// `ε`, added to the variance under the square root.
  public let epsilon: Float
  /// γ, the learned scale, shape (C).
  public let gamma: Parameter
  /// β, the learned shift, shape (C).
  public let beta: Parameter
  /// μ_run, shape (C).
  public let runningMean: Parameter
  /// σ²_run (unbiased), shape (C).
  public let runningVariance: Parameter

  /// The number of normalised channels (features), C.
  let channelCount: Int
  /// The per-sample shape this kind accepts: its rank, how to write it ("(C, H, W)") and what
  /// its first axis counts ("channels").
  private let sampleRank: Int, sampleShape: String, channelNoun: String
  /// What the last training forward pass keeps for the backward pass.
  private var last: (input: Tensor<Float>, statistics: BatchNormStatistics)?

  init(
    kind: String, channels: Int, channelNoun: String, sampleShape: String, sampleRank: Int,
    momentum: Float, epsilon: Float
  ) {
    precondition(channels >= 1, "\(kind) needs at least one \(channelNoun), got \(channels)")
    precondition(
      momentum >= 0 && momentum <= 1, "momentum must be in [0, 1], got \(momentum)")
    precondition(epsilon >= 0, "epsilon must be ≥ 0, got \(epsilon)")
    self.kind = kind
    self.name = kind.lowercased()
    self.channelCount = channels
    (self.channelNoun, self.sampleShape, self.sampleRank) = (channelNoun, sampleShape, sampleRank)
    self.momentum = momentum
    self.epsilon = epsilon
    gamma = Parameter(name: "", value: Tensor(shape: [channels], repeating: 1))
    beta = Parameter(name: "", value: Tensor(zeros: [channels]))
    runningMean = Parameter(name: "", value: Tensor(zeros: [channels]))
    runningVariance = Parameter(name: "", value: Tensor(shape: [channels], repeating: 1))
    renameParameters()
  }

  public var parameters: [Parameter] { [gamma, beta] }
  public var buffers: [Parameter] { [runningMean, runningVariance] }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape.count == sampleRank else {
      throw rankError(kind, expected: "\(sampleShape) of rank \(sampleRank)", got: inputShape)
    }
    guard inputShape[0] == channelCount else {
      throw GeometryError(
        "\(kind) has \(channelCount) \(channelNoun) but the input has \(inputShape[0]) "
          + "(shape \(inputShape)); set \(channelNoun) to \(inputShape[0])")
    }
    return inputShape
  }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    precondition(
      x.rank == sampleRank + 1,
      "\(name): input must have rank \(sampleRank + 1), got shape \(x.shape)")
    precondition(
      x.shape[1] == channelCount,
      "\(name): input shape \(x.shape) does not have \(channelCount) \(channelNoun) on axis 1")
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
      "\(name): training needs more than one value per channel (got \(m)): the unbiased "
        + "variance σ²·M/(M − 1) is undefined; use a batch of at least 2")
    let unbias = Double(m) / Double(m - 1)
    for c in 0..<channelCount {
      runningMean.value.scalars[c] =
        (1 - momentum) * runningMean.value.scalars[c] + momentum * Float(statistics.mean[c])
      runningVariance.value.scalars[c] =
        (1 - momentum) * runningVariance.value.scalars[c]
        + momentum * Float(statistics.variance[c] * unbias)
    }
    last = (x, statistics)
    return y
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    guard let last else {
      preconditionFailure("\(name): backward needs a preceding forward in training mode")
    }
    let grads = batchNormBackward(
      input: last.input, gamma: gamma.value, statistics: last.statistics, epsilon: epsilon,
      outputGradient: outputGradient)
    accumulate(grads.gamma, into: gamma)
    accumulate(grads.beta, into: beta)
    return grads.input
  }

  /// Lets go of the kept input, so that the previous layer can rewrite its output in place.
  public func releaseBackwardState() { last = nil }

  private func renameParameters() {
    gamma.name = "\(name).gamma"
    beta.name = "\(name).beta"
    runningMean.name = "\(name).running_mean"
    runningVariance.name = "\(name).running_var"
  }
}
