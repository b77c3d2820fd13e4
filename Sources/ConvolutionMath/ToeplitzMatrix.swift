import CNNCore

/// The Toeplitz matrix `T(k)` of a 1-D kernel: the matrix with `T(k)·x = k * x` for every
/// input `x` of length `inputCount`.
///
/// ```
///   T[n, m] = k[n − m]   when 0 ≤ n − m < N, else 0          (n in mode.outputRange(M, N))
///
///   k: (N)   x: (M) = inputCount   T: (outputCount, M), outputCount = M + N − 1 for full
/// ```
/// Row `n` is the flipped kernel placed so that its last tap sits over `x[n]`; each row is
/// the row above shifted right by one, so the matrix is constant along its diagonals
/// (that is what *Toeplitz* means). `same` and `valid` keep the rows that their slice of the
/// full result needs. A matrix–vector product then equals the convolution:
/// `matrixVectorProduct(toeplitzMatrix(kernel: k, inputCount: x.count, mode: mode), x) ==
/// convolve1DReference(x, k, mode: mode)`.
///
///     toeplitzMatrix(kernel: [4.0, 5, 6], inputCount: 3, mode: .full).rows
///     // [[4, 0, 0],
///     //  [5, 4, 0],
///     //  [6, 5, 4],
///     //  [0, 6, 5],
///     //  [0, 0, 6]]
///
/// - Precondition: `kernel` is non-empty and `inputCount ≥ 1`.
public func toeplitzMatrix<T: BinaryFloatingPoint & Sendable>(
  kernel k: [T], inputCount: Int, mode: ConvolutionMode
) -> Tensor<T> {
  precondition(
    !k.isEmpty && inputCount >= 1,
    "toeplitzMatrix needs a non-empty kernel and inputCount ≥ 1, got \(k.count) taps and "
      + "inputCount \(inputCount)")
  let rows = mode.outputRange(inputCount, k.count)
  var t = Tensor<T>(zeros: [rows.count, inputCount])
  for n in rows {
    for m in 0..<inputCount where n - m >= 0 && n - m < k.count {
      t[n - rows.lowerBound, m] = k[n - m]
    }
  }
  return t
}
