import CNNCore

// Shape legend: N = batch, C = channels, H/W = height/width.

/// The input index that position `i` of a padded axis copies, or nil where the padding
/// holds the fill value; `i` counts from the first input pixel (negative before it).
///
/// ```
///   inside      0 ≤ i < n:   i
///   zero, constant:          nil
///   reflect:    −i  (i < 0),   2(n − 1) − i  (i ≥ n)       the edge pixel is not repeated
///   replicate:  0   (i < 0),   n − 1         (i ≥ n)
///   circular:   i + n (i < 0), i − n         (i ≥ n)
/// ```
///
///     (-2...5).map { paddedSourceIndex($0, size: 4, mode: .reflect)! }
///     // [2, 1, 0, 1, 2, 3, 2, 1]
///
/// Valid for the amounts `PaddingMode.validate` accepts (reflect: |i| < n; circular: ≤ n).
@inlinable
public func paddedSourceIndex(_ i: Int, size n: Int, mode: PaddingMode) -> Int? {
  if 0 <= i && i < n { return i }
  switch mode {
  case .zero, .constant: return nil
  case .reflect: return i < 0 ? -i : 2 * (n - 1) - i
  case .replicate: return i < 0 ? 0 : n - 1
  case .circular: return i < 0 ? i + n : i - n
  }
}

/// Pads the last two axes, written like the formula: the scalar reference for
/// `CNNCore.pad2d`, and PyTorch's `F.pad(x, (left, right, top, bottom), mode)`.
///
/// ```
///   y[…, i, j] = x[…, h(i − top), w(j − left)]     if both indices copy an input pixel
///              = fill                              otherwise (zero and constant modes)
///   h(·), w(·) = paddedSourceIndex along the height and the width
///
///   x: (…, H, W)  →  y: (…, top + H + bottom, left + W + right)
/// ```
///
///     let x = Tensor<Double>(rows: [[1, 2], [3, 4]])
///     try pad2dReference(x, padding: Padding2D(1), mode: .replicate).rows
///     // [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]
///
/// - Throws: `GeometryError` (see `PaddingMode.validate`) or for a tensor of rank < 2.
@inlinable
public func pad2dReference<T: BinaryFloatingPoint & Sendable>(
  _ x: Tensor<T>, padding: Padding2D, mode: PaddingMode = .zero
) throws -> Tensor<T> {
  guard x.rank >= 2 else {
    throw GeometryError("pad2dReference needs a tensor of rank ≥ 2 (…, H, W), got \(x.shape)")
  }
  let height = x.shape[x.rank - 2]
  let width = x.shape[x.rank - 1]
  try mode.validate(padding, height: height, width: width)
  let planes = x.shape.dropLast(2).reduce(1, *)
  let outHeight = padding.top + height + padding.bottom
  let outWidth = padding.left + width + padding.right
  var y = Tensor<T>(zeros: Array(x.shape.dropLast(2)) + [outHeight, outWidth])
  for plane in 0..<planes {
    for i in 0..<outHeight {
      for j in 0..<outWidth {
        let h = paddedSourceIndex(i - padding.top, size: height, mode: mode)
        let w = paddedSourceIndex(j - padding.left, size: width, mode: mode)
        var value = T(mode.fill)
        if let h, let w { value = x.scalars[(plane * height + h) * width + w] }
        y.scalars[(plane * outHeight + i) * outWidth + j] = value
      }
    }
  }
  return y
}

/// The gradient of padding with respect to its input, written like the formula: the
/// scalar reference for `CNNCore.pad2dBackward`.
///
/// Padding is linear, `y = P x`, and every output value is a copy of at most one input
/// value, so the gradient is the transpose `Pᵀ dy`: each input pixel sums the gradient of
/// all its copies. Fill values (zero, constant) do not depend on `x` and contribute nothing.
///
/// ```
///   dx[…, h, w] = Σ_{i, j : h(i − top) = h, w(j − left) = w}  dy[…, i, j]
///
///   dy: (…, top + H + bottom, left + W + right)  →  dx: (…, H, W)
/// ```
///
///     let dy = Tensor<Double>(shape: [1, 6], repeating: 1)
///     try pad2dBackwardReference(dy, padding: Padding2D(top: 0, bottom: 0, left: 1, right: 2),
///                                mode: .replicate).rows
///     // [[2, 1, 3]]   (x₀ appears twice in x₀ x₀ x₁ x₂ x₂ x₂, x₂ three times)
///
/// - Throws: `GeometryError` as `pad2dReference`, or when `dy` is too small for the padding.
@inlinable
public func pad2dBackwardReference<T: BinaryFloatingPoint & Sendable>(
  _ gradOutput: Tensor<T>, padding: Padding2D, mode: PaddingMode = .zero
) throws -> Tensor<T> {
  let dy = gradOutput
  let (height, width) = try padding.unpaddedSize(
    of: dy.shape, operation: "pad2dBackwardReference")
  let (outHeight, outWidth) = (dy.shape[dy.rank - 2], dy.shape[dy.rank - 1])
  try mode.validate(padding, height: height, width: width)
  let planes = dy.shape.dropLast(2).reduce(1, *)
  var dx = Tensor<T>(zeros: Array(dy.shape.dropLast(2)) + [height, width])
  for plane in 0..<planes {
    for i in 0..<outHeight {
      for j in 0..<outWidth {
        guard let h = paddedSourceIndex(i - padding.top, size: height, mode: mode),
          let w = paddedSourceIndex(j - padding.left, size: width, mode: mode)
        else { continue }
        let source = (plane * height + h) * width + w
        dx.scalars[source] += dy.scalars[(plane * outHeight + i) * outWidth + j]
      }
    }
  }
  return dx
}
