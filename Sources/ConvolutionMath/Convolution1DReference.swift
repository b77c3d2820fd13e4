import CNNCore

/// One-dimensional discrete convolution, written like its formula: the scalar reference
/// for `CNNCore.convolve1D` and `CNNCore.fftConvolve1D`.
///
/// ```
///   (x * k)[n] = Σ_m  x[m] · k[n − m]          (terms with k's index outside 0 … N − 1 vanish)
///
///   x: (M)   k: (N)   result: (M + N − 1) full, (max(M, N)) same,
///                             (max(M, N) − min(M, N) + 1) valid
/// ```
/// Read it as "flip `k`, slide it to position `n`, multiply what overlaps, add". `mode`
/// keeps a slice of the full result as `numpy.convolve` does (see `ConvolutionMode`).
///
///     convolve1DReference([1, 2, 3], [4, 5, 6], mode: .full)   // [4, 13, 28, 27, 18]
///     convolve1DReference([1, 2, 3], [4, 5, 6], mode: .same)   // [13, 28, 27]
///     convolve1DReference([1, 2, 3], [4, 5, 6], mode: .valid)  // [28]
///
/// - Precondition: both inputs are non-empty.
/// - Complexity: `M · N` multiply–adds for `full`, one at a time.
@inlinable
public func convolve1DReference<T: BinaryFloatingPoint & Sendable>(
  _ x: [T], _ k: [T], mode: ConvolutionMode
) -> [T] {
  precondition(
    !x.isEmpty && !k.isEmpty,
    "convolve1DReference needs two non-empty inputs, got lengths \(x.count) and \(k.count)")
  var y = [T]()
  for n in mode.outputRange(x.count, k.count) {
    var sum: T = 0
    for m in 0..<x.count where n - m >= 0 && n - m < k.count {
      sum += x[m] * k[n - m]
    }
    y.append(sum)
  }
  return y
}
