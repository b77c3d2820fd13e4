/// How many multiplications the two ways of convolving need: a counting model used by the
/// chapter's timing table and its exercises.
///
/// ```
///   direct:  M·N real multiplications                        (every x[m]·k[n − m] once)
///   FFT:     3·(P/2)·log₂ P + P complex multiplications       P = 2^⌈log₂(M + N − 1)⌉
///            (three transforms of (P/2)·log₂ P butterflies each, then P pointwise products)
/// ```
/// A complex multiplication costs 4 real ones (3 with Gauss's trick) plus additions, so
/// compare `4 ×` the FFT count with the direct one for a rough real-multiplication balance.
/// The count ignores additions, memory traffic and SIMD, which is why measured crossover
/// points differ from the one this model predicts.
///
///     ConvolutionCost.directMultiplications(1024, 1024)     // 1_048_576
///     ConvolutionCost.fftMultiplications(1024, 1024)        // 35_840 (P = 2048)
public enum ConvolutionCost {
  /// `M · N`: the products the definition of the full convolution needs.
  public static func directMultiplications(_ m: Int, _ n: Int) -> Int { m * n }

  /// `3·(P/2)·log₂ P + P` complex multiplications with `P` the padded FFT length.
  public static func fftMultiplications(_ m: Int, _ n: Int) -> Int {
    let p = fftLength(m, n)
    return 3 * (p / 2) * p.trailingZeroBitCount + p
  }

  /// `P = 2^⌈log₂(M + N − 1)⌉`, the zero-padded transform length.
  public static func fftLength(_ m: Int, _ n: Int) -> Int {
    precondition(m >= 1 && n >= 1, "lengths must be at least 1, got \(m) and \(n)")
    var p = 1
    while p < m + n - 1 { p *= 2 }
    return p
  }
}
