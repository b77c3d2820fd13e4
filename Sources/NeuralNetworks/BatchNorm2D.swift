import CNNCore

/// Batch normalisation over the channels of image batches (PyTorch's `BatchNorm2d`); the
/// formulas, parameters and running statistics are `BatchNorm`'s.
///
/// ```
///   y = γ·(x − μ)/√(σ² + ε) + β,  μ and σ² per channel over the batch and the plane
///                                 (M = N·H·W values)
///
///   x, y: (N, C, H, W)   γ, β, running stats: (C)
/// ```
///
///     let bn = BatchNorm2D(channels: 6)
///     try bn.outputShape(for: [6, 28, 28])   // [6, 28, 28] (unchanged)
///     bn.parameterCount                        // 12 (2·6)
public final class BatchNorm2D: BatchNorm {
  /// `momentum` weighs the newest batch in the running statistics (PyTorch's convention and
  /// default 0.1; Keras' momentum is 1 − this); `epsilon` keeps the division finite.
  public init(channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
    super.init(
      kind: "BatchNorm2D", channels: channels, channelNoun: "channels",
      sampleShape: "(C, H, W)", sampleRank: 3, momentum: momentum, epsilon: epsilon)
  }

  /// Number of channels, C.
  public var channels: Int { channelCount }
}
