import CNNCore

/// The gradient of a scalar function by central differences, one input element at a time:
/// the yardstick every backward pass of the chapter is checked against (in `Double`).
///
/// ```
///   ∂L/∂x_i ≈ (L(x + h·e_i) − L(x − h·e_i)) / (2h)        error O(h²) for smooth L
/// ```
/// For max pooling `L` is only piecewise linear: the estimate is exact as long as `h` is
/// smaller than half the gap between a window's largest and second-largest element (no
/// winner changes), and meaningless at a tie. Choose inputs without ties and `h` well below
/// their gaps.
///
///     centralDifferenceGradient(of: { $0.scalars.reduce(0) { $0 + $1 * $1 } },
///                               at: Tensor<Double>(rows: [[1, 2]]), step: 1e-4)
///     // [[2, 4]] up to ~1e-12   (∂(a² + b²) = (2a, 2b))
///
/// - Complexity: `2·count` evaluations of `loss`.
public func centralDifferenceGradient<T: BinaryFloatingPoint & Sendable>(
  of loss: (Tensor<T>) -> T, at x: Tensor<T>, step h: T
) -> Tensor<T> {
  var gradient = Tensor<T>(zeros: x.shape)
  var probe = x
  for i in 0..<x.count {
    probe.scalars[i] = x.scalars[i] + h
    let up = loss(probe)
    probe.scalars[i] = x.scalars[i] - h
    let down = loss(probe)
    probe.scalars[i] = x.scalars[i]
    gradient.scalars[i] = (up - down) / (2 * h)
  }
  return gradient
}

/// The largest error of an analytic gradient against a numerical one, relative to the
/// size of the two (absolute where both are below 1).
///
/// ```
///   max_i |a_i − n_i| / max(1, |a_i|, |n_i|)
/// ```
///
///     gradientError(Tensor<Double>(rows: [[2, 0]]), Tensor<Double>(rows: [[2.000002, 0]]))
///     // 1e-06   (0.000002 / 2)
public func gradientError<T: BinaryFloatingPoint & Sendable>(
  _ analytic: Tensor<T>, _ numeric: Tensor<T>
) -> T {
  precondition(analytic.shape == numeric.shape, "shapes \(analytic.shape) ≠ \(numeric.shape)")
  var worst: T = 0
  for (a, n) in zip(analytic.scalars, numeric.scalars) {
    worst = max(worst, abs(a - n) / max(1, abs(a), abs(n)))
  }
  return worst
}
