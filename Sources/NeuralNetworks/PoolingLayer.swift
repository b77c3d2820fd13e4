import CNNCore

/// What `MaxPool2D` and `AvgPool2D` share: a square `kernel × kernel` window moved by
/// `stride`, with `padding` on every side, validated through `Pool2DGeometry` (and so
/// through the one `outputSize` function).
///
/// ```
///   input (C, H, W)  →  output (C, P, Q),   P = (H − F + 2·pad)/S + 1, Q likewise
/// ```
public protocol PoolingLayer: Layer {
  var kernel: Int { get }
  var stride: Int { get }
  var padding: Int { get }
  var rounding: Rounding { get }
}

extension PoolingLayer {
  /// The geometry for a batch of per-sample shape `(C, H, W)`.
  public func geometry(batch: Int, sampleShape shape: [Int]) throws -> Pool2DGeometry {
    guard shape.count == 3 else {
      throw rankError(kind, expected: "(C, H, W) of rank 3", got: shape)
    }
    return try Pool2DGeometry(
      batch: batch, channels: shape[0], height: shape[1], width: shape[2], kernel: kernel,
      stride: stride, padding: padding, rounding: rounding)
  }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    Array(try geometry(batch: 1, sampleShape: inputShape).outputShape.dropFirst())
  }
}
