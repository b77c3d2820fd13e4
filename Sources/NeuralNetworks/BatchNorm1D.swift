import CNNCore

/// Batch normalisation over the features of (N, F) batches (PyTorch's `BatchNorm1d`); the
/// formulas, parameters and running statistics are `BatchNorm`'s.
///
/// ```
///   y = γ·(x − μ)/√(σ² + ε) + β,  μ and σ² per feature over the batch (M = N values)
///
///   x, y: (N, F)   γ, β, running stats: (F)
/// ```
///
///     let bn = BatchNorm1D(features: 120)
///     try bn.outputShape(for: [120])   // [120] (unchanged)
///     bn.parameterCount                  // 240 (2·120)
public final class BatchNorm1D: BatchNorm {
  /// `momentum` weighs the newest batch in the running statistics (PyTorch's convention and
  /// default 0.1; Keras' momentum is 1 − this); `epsilon` keeps the division finite.
  public init(features: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
    super.init(
      kind: "BatchNorm1D", channels: features, channelNoun: "features", sampleShape: "(F)",
      sampleRank: 1, momentum: momentum, epsilon: epsilon)
  }

  /// Number of features, F.
  public var features: Int { channelCount }
}
