import CNNCore

/// An NCHW tensor moved by whole pixels, filling the vacated border with zeros.
///
/// ```
///   y[n, c, h, w] = x[n, c, h − down, w − right]   (0 where that is outside the input)
///
///   x, y: (N, C, H, W)
/// ```
/// Negative amounts move up or left. Content pushed past the edge is lost, so for a clean
/// translation keep the shift inside the image's empty margin (MNIST digits have ~4 pixels).
///
///     translated(Tensor<Float>(shape: [1, 1, 1, 3], scalars: [1, 2, 3]), down: 0, right: 1)
///     // scalars [0, 1, 2]
public func translated<T: BinaryFloatingPoint & Sendable>(
  _ x: Tensor<T>, down: Int, right: Int
) -> Tensor<T> {
  precondition(x.rank == 4, "translated needs an NCHW tensor, shape \(x.shape)")
  let (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
  var y = Tensor<T>(zeros: x.shape)
  for n in 0..<batch {
    for c in 0..<channels {
      for h in 0..<height where h - down >= 0 && h - down < height {
        for w in 0..<width where w - right >= 0 && w - right < width {
          y[n, c, h, w] = x[n, c, h - down, w - right]
        }
      }
    }
  }
  return y
}

/// How much a feature map changed, relative to its size: the measure of the chapter's
/// translation-invariance experiment.
///
/// ```
///   ‖b − a‖₂ / ‖a‖₂          (0: unchanged; 1: as large a change as the map itself)
/// ```
///
///     relativeChange(Tensor<Double>(rows: [[3, 4]]), Tensor<Double>(rows: [[3, 5]]))
///     // 0.2   (‖(0, 1)‖ / ‖(3, 4)‖ = 1/5)
public func relativeChange<T: BinaryFloatingPoint & Sendable>(
  _ a: Tensor<T>, _ b: Tensor<T>
) -> T {
  precondition(a.shape == b.shape, "shapes \(a.shape) ≠ \(b.shape)")
  var difference: T = 0, size: T = 0
  for (u, v) in zip(a.scalars, b.scalars) {
    difference += (v - u) * (v - u)
    size += u * u
  }
  precondition(size > 0, "relativeChange of an all-zero map")
  return (difference / size).squareRoot()
}
