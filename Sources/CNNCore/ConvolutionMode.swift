/// Which part of a convolution's result to keep, with `numpy.convolve`'s meaning.
///
/// For inputs of lengths `M` and `N` the *full* result has `M + N − 1` entries,
/// `(x * k)[t]` for `t = 0 … M + N − 2`. Each mode keeps a contiguous slice of it:
///
/// ```
///   mode    length              first index kept (in the full result)
///   full    M + N − 1           0
///   same    max(M, N)           (min(M, N) − 1) / 2      (integer division)
///   valid   max(M, N) − min + 1 min(M, N) − 1
/// ```
///
/// *valid* keeps only the positions where the shorter input lies entirely inside the
/// longer one; *same* keeps as many as the longer input, centred (when the centre falls
/// between two entries, numpy keeps the earlier half-position, which the formula above
/// reproduces). Every mode is symmetric in its two inputs, so convolution stays
/// commutative in all three. Two-dimensional convolutions apply the rule to each axis.
///
///     ConvolutionMode.same.outputRange(5, 3)    // 1..<6
///     ConvolutionMode.valid.outputRange(5, 3)   // 2..<5
///     ConvolutionMode.full.outputCount(5, 3)    // 7
public enum ConvolutionMode: Sendable, Equatable, CaseIterable, CustomStringConvertible {
  /// Every position where the two inputs overlap at all: `M + N − 1` entries.
  case full
  /// As many entries as the longer input, centred in the full result.
  case same
  /// Only the positions where the shorter input overlaps the longer one completely.
  case valid

  /// The slice of the full result, `0 ..< M + N − 1`, that this mode keeps.
  ///
  /// - Parameters:
  ///   - m: the length of one input (≥ 1).
  ///   - n: the length of the other input (≥ 1); the order of `m` and `n` does not matter.
  public func outputRange(_ m: Int, _ n: Int) -> Range<Int> {
    precondition(
      m >= 1 && n >= 1,
      "convolution needs two non-empty inputs, got lengths \(m) and \(n)")
    let shorter = Swift.min(m, n), longer = Swift.max(m, n)
    switch self {
    case .full: return 0..<(m + n - 1)
    case .same:
      let start = (shorter - 1) / 2
      return start..<(start + longer)
    case .valid:
      let start = shorter - 1
      return start..<(start + longer - shorter + 1)
    }
  }

  /// The number of entries this mode keeps for inputs of lengths `m` and `n`.
  public func outputCount(_ m: Int, _ n: Int) -> Int { outputRange(m, n).count }

  public var description: String {
    switch self {
    case .full: "full"
    case .same: "same"
    case .valid: "valid"
    }
  }
}
