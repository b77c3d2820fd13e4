import CNNCore

/// Two-dimensional (true) convolution, written like its formula: the kernel is flipped
/// on both axes as it slides. The scalar reference for `CNNCore.fftConvolve2D`.
///
/// ```
///   B(i, j) = Σ_m Σ_n  K(m, n) · A(i − m, j − n)        (A outside its H × W grid is 0)
///
///   a: (H, W)   k: (R, S)   result: (H + R − 1, W + S − 1) full
///   same / valid cut each axis as `ConvolutionMode` says; for an image at least as large
///   as the kernel that is (H, W) same and (H − R + 1, W − S + 1) valid, as in
///   scipy.signal.convolve2d.
/// ```
/// `(i, j)` are positions in the full result; `same` and `valid` return the slice
/// `mode.outputRange(H, R) × mode.outputRange(W, S)` of it. Deep-learning "convolution"
/// layers compute the cross-correlation `Σ K(m, n)·A(i + m, j + n)` instead, which is this
/// with the kernel rotated by 180° (`rotated180`).
///
///     let a = Tensor<Double>(rows: [[1, 2], [3, 4]])
///     convolve2DReference(a, Tensor(rows: [[1, -1]]), mode: .full).rows
///     // [[1, 1, -2], [3, 1, -4]]      (B(0, 1) = 1·A(0, 1) − 1·A(0, 0) = 2 − 1)
///
/// - Precondition: both tensors have rank 2 and at least one element.
/// - Complexity: `(H + R − 1)(W + S − 1)·R·S` steps for `full`, one at a time.
@inlinable
public func convolve2DReference<T: BinaryFloatingPoint & Sendable>(
  _ a: Tensor<T>, _ k: Tensor<T>, mode: ConvolutionMode
) -> Tensor<T> {
  precondition(
    a.rank == 2 && k.rank == 2 && a.count > 0 && k.count > 0,
    "convolve2DReference needs two non-empty rank-2 tensors, got \(a.shape) and \(k.shape)")
  let (h, w, r, s) = (a.shape[0], a.shape[1], k.shape[0], k.shape[1])
  let rows = mode.outputRange(h, r), columns = mode.outputRange(w, s)
  var b = Tensor<T>(zeros: [rows.count, columns.count])
  for i in rows {
    for j in columns {
      var sum: T = 0
      for m in 0..<r {
        for n in 0..<s {
          guard i - m >= 0, i - m < h, j - n >= 0, j - n < w else { continue }
          sum += k[m, n] * a[i - m, j - n]
        }
      }
      b[i - rows.lowerBound, j - columns.lowerBound] = sum
    }
  }
  return b
}

/// A rank-2 tensor rotated by 180°: both axes reversed, `F(m, n) = K(R − 1 − m, S − 1 − n)`.
/// Convolving with `K` is cross-correlating with `rotated180(K)`.
///
///     rotated180(Tensor<Double>(rows: [[1, 2], [3, 4]])).rows   // [[4, 3], [2, 1]]
public func rotated180<T: BinaryFloatingPoint & Sendable>(_ k: Tensor<T>) -> Tensor<T> {
  precondition(k.rank == 2, "rotated180 needs a rank-2 tensor, got shape \(k.shape)")
  return Tensor(shape: k.shape, scalars: k.scalars.reversed())
}
