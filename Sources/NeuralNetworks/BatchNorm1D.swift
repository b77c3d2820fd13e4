import CNNCore

/// Batch normalisation over the features of (N, F) batches (PyTorch's `BatchNorm1d`).
///
/// ```
///   training:   μ, σ² = mean and biased variance of each channel over the batch
///               y = γ·(x − μ)/√(σ² + ε) + β
///               μ_run  ← (1 − momentum)·μ_run  + momentum·μ
///               σ²_run ← (1 − momentum)·σ²_run + momentum·σ²·M/(M − 1)   (unbiased, as PyTorch)
///   inference:  y = γ·(x − μ_run)/√(σ²_run + ε) + β
///
///   x, y: (N, F)   γ, β, running stats: (F)   M = N
/// ```
/// γ starts at 1, β at 0, μ_run at 0, σ²_run at 1. The running statistics are `buffers`
/// (saved in checkpoints, never touched by an optimizer), named "<name>.running_mean" and
/// "<name>.running_var"; the parameters are "<name>.gamma" and "<name>.beta". Training needs
/// more than one value per channel. Kernels: `batchNormTraining`, `batchNormInference`,
/// `batchNormBackward`.
///
///     let bn = BatchNorm1D(features: 120)
///     try bn.outputShape(for: [120])   // [120] (unchanged)
///     bn.parameterCount                  // 240 (2·120)
public final class BatchNorm1D: Layer {
  public let kind = "BatchNorm1D"
  public var name: String { didSet { core.rename(name) } }
  private let core: BatchNormCore

  /// `momentum` weighs the newest batch in the running statistics (PyTorch's convention and
  /// default 0.1; Keras' momentum is 1 − this); `epsilon` keeps the division finite.
  public init(features: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
    name = "batchnorm1d"
    core = BatchNormCore(channels: features, momentum: momentum, epsilon: epsilon, name: name)
  }

  /// Number of channels (features).
  public var features: Int { core.channels }
  /// The weight of the newest batch in the running statistics.
  public var momentum: Float { core.momentum }
  /// `ε`, added to the variance under the square root.
  public var epsilon: Float { core.epsilon }
  /// γ, the learned scale, shape (C).
  public var gamma: Parameter { core.gamma }
  /// β, the learned shift, shape (C).
  public var beta: Parameter { core.beta }
  /// μ_run, shape (C).
  public var runningMean: Parameter { core.runningMean }
  /// σ²_run (unbiased), shape (C).
  public var runningVariance: Parameter { core.runningVariance }

  public var parameters: [Parameter] { [core.gamma, core.beta] }
  public var buffers: [Parameter] { [core.runningMean, core.runningVariance] }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape.count == 1 else {
      throw rankError(kind, expected: "(F) of rank 1", got: inputShape)
    }
    guard inputShape[0] == core.channels else {
      throw GeometryError(
        "\(kind) has \(core.channels) features but the input has \(inputShape[0]) "
          + "(shape \(inputShape)); set features to \(inputShape[0])")
    }
    return inputShape
  }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    precondition(x.rank == 2, "\(name): input must have rank 2, got shape \(x.shape)")
    return core.forward(x, training: training, layer: name)
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    core.backward(outputGradient, layer: name)
  }
}
