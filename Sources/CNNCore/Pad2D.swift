// Shape legend: N = batch, C = channels, H/W = height/width.

/// Pads the last two axes of a tensor (an image, or every image of a batch), exactly as
/// PyTorch's `F.pad(x, (left, right, top, bottom), mode)` does.
///
/// ```
///   y[…, i, j] = x̃[…, i − top, j − left]      x̃ = x extended by `mode` (see PaddingMode)
///
///   x: (…, H, W)  →  y: (…, top + H + bottom, left + W + right)     e.g. (N, C, H, W)
/// ```
///
/// Each output row is built from one input row by three block copies (left border, the
/// row, right border); border rows are copies of finished rows. Planes (`N·C`) are split
/// into chunks fixed by the tensor's size, so the result does not depend on the thread count.
/// Its scalar reference is `PaddingStride.pad2dReference`; the two agree exactly.
///
///     let x = Tensor<Float>(rows: [[1, 2, 3, 4]])
///     try pad2d(x, padding: Padding2D(top: 0, bottom: 0, left: 2, right: 2), mode: .reflect)
///     // [[3, 2, 1, 2, 3, 4, 3, 2]]
///
/// - Throws: `GeometryError` for negative padding, reflect padding ≥ the input size, circular
///   padding > the input size, or a tensor of rank < 2.
public func pad2d(
  _ x: Tensor<Float>, padding: Padding2D, mode: PaddingMode = .zero
) throws -> Tensor<Float> {
  guard x.rank >= 2 else {
    throw GeometryError("pad2d needs a tensor of rank ≥ 2 (…, H, W), got shape \(x.shape)")
  }
  let height = x.shape[x.rank - 2]
  let width = x.shape[x.rank - 1]
  try mode.validate(padding, height: height, width: width)
  let plan = PadPlan(
    padding: padding, height: height, width: width,
    planes: x.shape.dropLast(2).reduce(1, *))
  var y = Tensor<Float>(zeros: Array(x.shape.dropLast(2)) + [plan.outHeight, plan.outWidth])
  guard plan.planes > 0 else { return y }  // e.g. a batch of 0 images: nothing to copy
  x.scalars.withUnsafeBufferPointer { px in
    y.scalars.withUnsafeMutableBufferPointer { py in
      let source = SharedConstPointer(px.baseAddress!)
      let target = SharedPointer(py.baseAddress!)
      Parallel.forEach(chunks: plan.chunks) { chunk in
        for plane in plan.planeRange(chunk) {
          padPlane(
            source.base + plane * plan.inPlane, into: target.base + plane * plan.outPlane,
            plan, mode)
        }
      }
    }
  }
  return y
}

/// The gradient of `pad2d` with respect to its input: its adjoint. Every input pixel
/// collects the output gradient of each of its copies.
///
/// ```
///   dx[…, h, w] = Σ { dy[…, i, j] : y[…, i, j] is a copy of x[…, h, w] }
///
///   dy: (…, top + H + bottom, left + W + right)  →  dx: (…, H, W)
/// ```
///
/// Zero and constant padding simply crop `dy` (the fill does not depend on `x`); reflect,
/// replicate and circular padding also fold each border back onto the pixels it copied.
/// Output rows are folded in increasing order, so sums are reproducible for any thread count.
/// Its scalar reference is `PaddingStride.pad2dBackwardReference`.
///
///     let dy = Tensor<Float>(rows: [[1, 1, 1, 1, 1, 1, 1, 1]])
///     try pad2dBackward(dy, padding: Padding2D(top: 0, bottom: 0, left: 2, right: 2),
///                       mode: .reflect)
///     // [[1, 3, 3, 1]]   (x₁ and x₂ each appear three times in 3 2 1 2 3 4 3 2)
///
/// - Throws: `GeometryError` as `pad2d`, or when `dy` is too small for the padding.
public func pad2dBackward(
  _ gradOutput: Tensor<Float>, padding: Padding2D, mode: PaddingMode = .zero
) throws -> Tensor<Float> {
  let dy = gradOutput
  let (height, width) = try padding.unpaddedSize(of: dy.shape, operation: "pad2dBackward")
  try mode.validate(padding, height: height, width: width)
  let plan = PadPlan(
    padding: padding, height: height, width: width,
    planes: dy.shape.dropLast(2).reduce(1, *))
  var dx = Tensor<Float>(zeros: Array(dy.shape.dropLast(2)) + [height, width])
  guard plan.planes > 0 else { return dx }
  dy.scalars.withUnsafeBufferPointer { pdy in
    dx.scalars.withUnsafeMutableBufferPointer { pdx in
      let source = SharedConstPointer(pdy.baseAddress!)
      let target = SharedPointer(pdx.baseAddress!)
      Parallel.forEach(chunks: plan.chunks) { chunk in
        for plane in plan.planeRange(chunk) {
          foldPlane(
            source.base + plane * plan.outPlane, into: target.base + plane * plan.inPlane,
            plan, mode)
        }
      }
    }
  }
  return dx
}

/// Sizes shared by the forward and backward kernels, and the split of planes into chunks.
private struct PadPlan: Sendable {
  let top: Int, left: Int, right: Int
  let height: Int, width: Int, outHeight: Int, outWidth: Int
  let planes: Int, inPlane: Int, outPlane: Int
  /// Planes per chunk: enough for about 32 K output values, from the sizes alone.
  let planesPerChunk: Int

  init(padding: Padding2D, height: Int, width: Int, planes: Int) {
    top = padding.top
    left = padding.left
    right = padding.right
    self.height = height
    self.width = width
    outHeight = padding.top + height + padding.bottom
    outWidth = padding.left + width + padding.right
    self.planes = planes
    inPlane = height * width
    outPlane = outHeight * outWidth
    planesPerChunk = max(1, (1 << 15) / max(1, outPlane))
  }

  var chunks: Int { (planes + planesPerChunk - 1) / planesPerChunk }
  func planeRange(_ chunk: Int) -> Range<Int> {
    chunk * planesPerChunk..<min(planes, (chunk + 1) * planesPerChunk)
  }
}

/// The input index that output position `i` (relative to the first input pixel) copies,
/// or nil when it holds the fill value. Called once per row, never per element.
@inline(__always)
private func sourceIndex(_ i: Int, size n: Int, _ mode: PaddingMode) -> Int? {
  if i >= 0 && i < n { return i }
  switch mode {
  case .zero, .constant: return nil
  case .reflect: return i < 0 ? -i : 2 * (n - 1) - i
  case .replicate: return i < 0 ? 0 : n - 1
  case .circular: return i < 0 ? i + n : i - n
  }
}

/// One plane: the H interior rows from the input, then the border rows as row copies.
@inline(__always)
private func padPlane(
  _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ p: PadPlan,
  _ mode: PaddingMode
) {
  for h in 0..<p.height {
    padRow(x + h * p.width, into: y + (p.top + h) * p.outWidth, p, mode)
  }
  for i in 0..<p.outHeight where i < p.top || i >= p.top + p.height {
    let row = y + i * p.outWidth
    if let h = sourceIndex(i - p.top, size: p.height, mode) {
      row.update(from: y + (p.top + h) * p.outWidth, count: p.outWidth)
    } else {
      row.update(repeating: mode.fill, count: p.outWidth)
    }
  }
}

/// One row: `left` border values, the W input values, `right` border values.
@inline(__always)
private func padRow(
  _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ p: PadPlan,
  _ mode: PaddingMode
) {
  let w = p.width
  let left = p.left
  let right = p.right
  let after = y + left + w
  (y + left).update(from: x, count: w)
  switch mode {
  case .zero, .constant:
    y.update(repeating: mode.fill, count: left)
    after.update(repeating: mode.fill, count: right)
  case .reflect:  // y[left − 1 − j] = x[1 + j],  y[left + w + j] = x[w − 2 − j]
    for j in 0..<left { y[left - 1 - j] = x[1 + j] }
    for j in 0..<right { after[j] = x[w - 2 - j] }
  case .replicate:
    y.update(repeating: x[0], count: left)
    after.update(repeating: x[w - 1], count: right)
  case .circular:
    y.update(from: x + (w - left), count: left)
    after.update(from: x, count: right)
  }
}

/// One plane of the gradient: every output row is folded into the input row it copies,
/// in increasing row order.
@inline(__always)
private func foldPlane(
  _ dy: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>, _ p: PadPlan,
  _ mode: PaddingMode
) {
  for i in 0..<p.outHeight {
    guard let h = sourceIndex(i - p.top, size: p.height, mode) else { continue }
    foldRow(dy + i * p.outWidth, into: dx + h * p.width, p, mode)
  }
}

/// Adds one output row's gradient to the input row it was copied from: the middle block
/// position by position, then each border value onto the pixel it copied.
@inline(__always)
private func foldRow(
  _ dy: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>, _ p: PadPlan,
  _ mode: PaddingMode
) {
  let w = p.width
  let left = p.left
  let right = p.right
  let middle = dy + left
  let after = dy + left + w
  for j in 0..<w { dx[j] += middle[j] }
  switch mode {
  case .zero, .constant:
    break
  case .reflect:
    for j in 0..<left { dx[1 + j] += dy[left - 1 - j] }
    for j in 0..<right { dx[w - 2 - j] += after[j] }
  case .replicate:
    for j in 0..<left { dx[0] += dy[j] }
    for j in 0..<right { dx[w - 1] += after[j] }
  case .circular:
    for j in 0..<left { dx[w - left + j] += dy[j] }
    for j in 0..<right { dx[j] += after[j] }
  }
}
