import CNNCore

/// A stack of `L` stride-1 `F×F` convolutions, `C` channels in and out, compared with the
/// single large kernel that has the same receptive field (VGG's argument).
///
/// ```
///   receptive field   R = L·(F − 1) + 1            (two 3×3: 5, three 3×3: 7)
///   stack weights     L · F²·C²                    (biases not counted)
///   single weights    R²·C²
/// ```
///
///     let c = try KernelStackComparison(layers: 2, kernel: 3, channels: 64)
///     (c.receptiveField, c.stackWeights, c.singleWeights)   // (5, 73728, 102400)
///     // 2·9·64² = 73,728 versus 25·64² = 102,400
public struct KernelStackComparison: Equatable, Sendable {
  /// `L`, `F`, `C`.
  public let layers: Int, kernel: Int, channels: Int

  /// - Throws: `GeometryError` when a count is < 1.
  public init(layers: Int, kernel: Int = 3, channels: Int) throws {
    guard layers >= 1, kernel >= 1, channels >= 1 else {
      throw GeometryError(
        "layers, kernel and channels must be ≥ 1, got \(layers), \(kernel), \(channels)")
    }
    self.layers = layers
    self.kernel = kernel
    self.channels = channels
  }

  /// `R = L·(F − 1) + 1`.
  public var receptiveField: Int { layers * (kernel - 1) + 1 }
  /// `L·F²·C²`.
  public var stackWeights: Int { layers * kernel * kernel * channels * channels }
  /// `R²·C²`.
  public var singleWeights: Int { receptiveField * receptiveField * channels * channels }
  /// Also the ratio of multiply–adds per output pixel: `L·F² / R²` (18/25 = 0.72 for two 3×3).
  public var weightRatio: Double { Double(stackWeights) / Double(singleWeights) }
}
