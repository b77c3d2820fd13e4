import CNNCore

/// "Same" padding at stride 1: the total `F_eff − 1` keeps the size, split as TensorFlow
/// (and PyTorch's `padding='same'`) split it — half before, the odd one out after.
///
/// ```
///   N = (N − F + P₁ + P₂)/1 + 1   ⇔   P₁ + P₂ = F − 1          (F_eff = D·(F − 1) + 1)
///   P₁ = ⌊(F − 1)/2⌋,   P₂ = (F − 1) − P₁                      odd F: P₁ = P₂ = (F − 1)/2
/// ```
///
///     try samePadding(kernel: 3)   // (before: 1, after: 1)
///     try samePadding(kernel: 4)   // (before: 1, after: 2)  — an even kernel has no centre
///
/// - Throws: `GeometryError` when the kernel or dilation is < 1.
public func samePadding(kernel: Int, dilation: Int = 1) throws -> (before: Int, after: Int) {
  try samePadding(input: 1, kernel: kernel, stride: 1, dilation: dilation)
}

/// TensorFlow's `padding='SAME'` for any stride: the output has `⌈N/S⌉` positions and the
/// padding is the least that makes the last window fit, half before, the rest after.
///
/// ```
///   out   = ⌈N / S⌉
///   total = max((out − 1)·S + F_eff − N, 0)
///   P₁    = ⌊total / 2⌋,   P₂ = total − P₁
/// ```
///
///     try samePadding(input: 224, kernel: 7, stride: 2)  // out 112: total 111·2 + 7 − 224 = 5
///     // (before: 2, after: 3)
///
/// - Throws: `GeometryError` when a size is < 1.
public func samePadding(
  input: Int, kernel: Int, stride: Int, dilation: Int = 1
) throws -> (before: Int, after: Int) {
  guard input >= 1, kernel >= 1, stride >= 1, dilation >= 1 else {
    throw GeometryError(
      "same padding needs input, kernel, stride and dilation ≥ 1, got \(input), \(kernel), "
        + "\(stride), \(dilation)")
  }
  let effective = dilation * (kernel - 1) + 1
  let out = (input + stride - 1) / stride
  let total = max((out - 1) * stride + effective - input, 0)
  return (total / 2, total - total / 2)
}

/// The padding per side that keeps an `N`-wide input `N` wide at stride `S` — solving
/// `(N − F + 2P)/S + 1 = N` for `P`.
///
/// ```
///   S·(N − 1) = N − F + 2P   ⇔   P = (N·(S − 1) + F − S) / 2       (S = 1: P = (F − 1)/2)
/// ```
///
/// At stride 1 this is the "same" padding `(F − 1)/2`. At stride S > 1 it grows with N
/// (about N(S − 1)/2 per side): the windows then mostly read padding, which is why
/// frameworks' "same" at stride S keeps `⌈N/S⌉` instead (`samePadding(input:kernel:stride:)`).
///
///     try paddingToKeepSize(input: 5, kernel: 3, stride: 1)   // (0 + 3 − 1)/2 = 1
///     try paddingToKeepSize(input: 5, kernel: 3, stride: 2)   // (5 + 3 − 2)/2 = 3
///     try paddingToKeepSize(input: 4, kernel: 3, stride: 2)   // throws: 5/2 is not an integer
///
/// - Throws: `GeometryError` when a size is < 1, or when `N(S − 1) + F − S` is odd, so no
///   equal padding on both sides works; the message gives the asymmetric split.
public func paddingToKeepSize(input n: Int, kernel f: Int, stride s: Int = 1) throws -> Int {
  guard n >= 1, f >= 1, s >= 1 else {
    throw GeometryError(
      "input, kernel and stride must be at least 1, got N = \(n), F = \(f), S = \(s)")
  }
  let total = n * (s - 1) + f - s
  guard total % 2 == 0 else {
    // At stride 1, total = F − 1 is odd exactly when F is even; at larger strides the
    // parity also depends on N and S, so an odd kernel alone does not help.
    let alternative = s == 1
      ? "choose an odd kernel" : "change N, F or S so that N(S − 1) + F − S is even"
    throw GeometryError(
      "P = (N(S − 1) + F − S)/2 = (\(n)·\(s - 1) + \(f) − \(s))/2 = \(total)/2 is not an "
        + "integer: no equal padding keeps size \(n); pad \(total / 2) before and "
        + "\(total - total / 2) after (asymmetric), or \(alternative)")
  }
  return total / 2
}
