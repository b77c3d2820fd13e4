/// A signal moved `by` places to the right (left when negative), zeros filling the gap,
/// its length unchanged: `y[t] = x[t − s]`, or 0 when `t − s` is outside `x`.
///
/// Convolution commutes with this shift (translation equivariance): if the last `s`
/// entries of `x` are zero, then for the full convolution
///
/// ```
///   shifted(x, by: s) * k  ==  shifted(x * k, by: s)       x: (M)   k: (N)   both: (M + N − 1)
/// ```
///
///     shifted([1.0, 2, 3, 0, 0], by: 2)    // [0, 0, 1, 2, 3]
///     shifted([1.0, 2, 3], by: -1)         // [2, 3, 0]
public func shifted<T: BinaryFloatingPoint & Sendable>(_ x: [T], by s: Int) -> [T] {
  (0..<x.count).map { t in t - s >= 0 && t - s < x.count ? x[t - s] : 0 }
}
