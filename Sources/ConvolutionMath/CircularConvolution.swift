import CNNCore

/// Circular (cyclic) convolution of length `M`: indices wrap around, as if `x` were
/// written on a ring. This is what multiplying DFTs computes.
///
/// ```
///   (x ⊛ k)[n] = Σ_m  x[m] · k[(n − m) mod M]          n = 0 … M − 1
///
///   x: (M)   k: (N ≤ M), read as zero-padded to M   result: (M)
/// ```
/// With `M ≥ len(x) + len(k) − 1` (both zero-padded) nothing wraps and the circular result
/// equals the full linear convolution; that is why FFT convolution pads first.
///
///     circularConvolve1DReference([1.0, 2, 3, 4], [1, 1])   // [5, 3, 5, 7]
///     // y[0] = x[0]·k[0] + x[3]·k[1] = 1 + 4: the last sample wraps round to the front
///
/// - Precondition: `x` is non-empty and `k` is non-empty and no longer than `x`.
@inlinable
public func circularConvolve1DReference<T: BinaryFloatingPoint & Sendable>(
  _ x: [T], _ k: [T]
) -> [T] {
  precondition(
    !x.isEmpty && !k.isEmpty && k.count <= x.count,
    "circularConvolve1DReference needs 1 ≤ len(k) ≤ len(x), got \(k.count) and \(x.count); "
      + "zero-pad x to the period you want")
  let period = x.count
  var y = [T]()
  for n in 0..<period {
    var sum: T = 0
    for m in 0..<period {
      let index = ((n - m) % period + period) % period
      if index < k.count { sum += x[m] * k[index] }
    }
    y.append(sum)
  }
  return y
}

/// Circular 2-D convolution on an `H × W` torus: both indices wrap around.
///
/// ```
///   B(i, j) = Σ_m Σ_n  K(m, n) · A((i − m) mod H, (j − n) mod W)
///
///   a: (H, W)   k: (R ≤ H, S ≤ W)   result: (H, W)
/// ```
///
///     let a = Tensor<Double>(rows: [[1, 2], [3, 4]])
///     circularConvolve2DReference(a, Tensor(rows: [[0, 1]])).rows   // [[2, 1], [4, 3]]
///     // K(0, 1) = 1 shifts every row one step right, cyclically
///
/// - Precondition: both have rank 2 and the kernel fits inside the image.
@inlinable
public func circularConvolve2DReference<T: BinaryFloatingPoint & Sendable>(
  _ a: Tensor<T>, _ k: Tensor<T>
) -> Tensor<T> {
  precondition(
    a.rank == 2 && k.rank == 2 && k.count > 0 && k.shape[0] <= a.shape[0]
      && k.shape[1] <= a.shape[1],
    "circularConvolve2DReference needs a rank-2 kernel no larger than the image, got kernel "
      + "\(k.shape) and image \(a.shape)")
  let (h, w, r, s) = (a.shape[0], a.shape[1], k.shape[0], k.shape[1])
  var b = Tensor<T>(zeros: [h, w])
  for i in 0..<h {
    for j in 0..<w {
      var sum: T = 0
      for m in 0..<r {
        for n in 0..<s {
          sum += k[m, n] * a[((i - m) % h + h) % h, ((j - n) % w + w) % w]
        }
      }
      b[i, j] = sum
    }
  }
  return b
}
