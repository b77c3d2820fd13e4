/// How an output size is rounded when the windows do not tile the padded input exactly.
public enum Rounding: Sendable, Equatable {
  /// `(W − F + P₁ + P₂)` must be divisible by `S` (CS231n's rule); otherwise an error
  /// explains the arithmetic. The default: nothing is silently dropped.
  case exact
  /// `⌊(W − F + P₁ + P₂)/S⌋ + 1`: the last, incomplete window is dropped
  /// (PyTorch's `Conv2d` and `MaxPool2d`, Keras' "valid").
  case floor
  /// `⌈(W − F + P₁ + P₂)/S⌉ + 1`, minus one if the last window would start in the right
  /// padding (PyTorch's `ceil_mode=True` for pooling).
  case ceil
}

/// The number of window positions along one dimension: the one output-size function
/// that every convolution and pooling layer in the project uses.
///
/// ```
///   F_eff = D·(F − 1) + 1                      (the dilated kernel's extent)
///   out   = (W − F_eff + P₁ + P₂) / S + 1       (P₁ = P₂ = P gives (W − F + 2P)/S + 1)
/// ```
///
///     try outputSize(input: 227, kernel: 11, stride: 4)              // 55
///     try outputSize(input: 5, kernel: 3, padding: 1)                // 5
///     try outputSize(input: 224, kernel: 11, stride: 4, padding: 1,
///                    rounding: .floor)                               // 54
///
/// - Parameters:
///   - input: `W`, the input extent (≥ 1).
///   - kernel: `F`, the kernel extent (≥ 1).
///   - stride: `S` (≥ 1).
///   - padding: `(P₁, P₂)`, the padding before and after (each ≥ 0).
///   - dilation: `D` (≥ 1); `D = 1` is an ordinary kernel.
///   - rounding: what to do when the windows do not tile the input exactly.
///   - dimension: the name used in error messages ("height", "width", "length").
/// - Throws: `GeometryError` explaining which value is invalid and why.
public func outputSize(
  input: Int, kernel: Int, stride: Int = 1, padding: (before: Int, after: Int),
  dilation: Int = 1, rounding: Rounding = .exact, dimension: String = "width"
) throws -> Int {
  guard input >= 1 else {
    throw GeometryError("\(dimension): input size must be at least 1, got \(input)")
  }
  guard kernel >= 1 else {
    throw GeometryError("\(dimension): kernel size must be at least 1, got \(kernel)")
  }
  guard stride >= 1 else {
    throw GeometryError("\(dimension): stride must be at least 1, got \(stride)")
  }
  guard dilation >= 1 else {
    throw GeometryError("\(dimension): dilation must be at least 1, got \(dilation)")
  }
  guard padding.before >= 0, padding.after >= 0 else {
    throw GeometryError(
      "\(dimension): padding must be non-negative, got (\(padding.before), \(padding.after))")
  }
  let effective = dilation * (kernel - 1) + 1
  let padded = input + padding.before + padding.after
  let paddingText = padding.before == padding.after
    ? "2·\(padding.before)" : "\(padding.before) + \(padding.after)"
  let kernelText = dilation == 1 ? "\(kernel)" : "\(effective)"
  let kernelNote =
    dilation == 1
    ? ""
    : " (kernel \(kernel) dilated by \(dilation) spans "
      + "\(dilation)·(\(kernel) − 1) + 1 = \(effective))"
  let span = padded - effective
  guard span >= 0 else {
    throw GeometryError(
      "\(dimension): the kernel (\(kernelText)) is larger than the padded input "
        + "(\(input) + \(paddingText) = \(padded))\(kernelNote); "
        + "use a smaller kernel or more padding")
  }
  switch rounding {
  case .exact:
    guard span % stride == 0 else {
      let dropped = span % stride
      throw GeometryError(
        "\(dimension): (W − F + 2P) = (\(input) − \(kernelText) + \(paddingText)) = \(span) "
          + "is not divisible by stride \(stride)\(kernelNote); the windows would not tile the "
          + "input. Change the padding or stride, or use rounding .floor as PyTorch does "
          + "(which ignores the last \(dropped) input position\(dropped == 1 ? "" : "s"))")
    }
    return span / stride + 1
  case .floor:
    return span / stride + 1
  case .ceil:
    var size = (span + stride - 1) / stride + 1
    // PyTorch: the last window must start inside the input or the left padding.
    if (size - 1) * stride >= input + padding.before { size -= 1 }
    return size
  }
}

/// `outputSize` with the same padding `P` on both sides: `(W − F + 2P)/S + 1`.
public func outputSize(
  input: Int, kernel: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
  rounding: Rounding = .exact, dimension: String = "width"
) throws -> Int {
  try outputSize(
    input: input, kernel: kernel, stride: stride, padding: (padding, padding),
    dilation: dilation, rounding: rounding, dimension: dimension)
}
