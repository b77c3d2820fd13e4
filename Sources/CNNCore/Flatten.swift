// Shapes: N = batch, C = channels, H/W = height/width.

/// Flattens every image of a batch into one row, as the step between the convolutional
/// part of a network and its dense layers.
///
/// ```
///   y[n, (c·H + h)·W + w] = x[n, c, h, w]
///
///   x: (N, C, H, W) (any rank ≥ 1: every dimension after the first is folded in)
///   y: (N, C·H·W)
/// ```
/// The elements stay where they are in memory: a contiguous NCHW tensor already lists each
/// image channel by channel, row by row. So flatten is a reshape, costs no arithmetic, has
/// no parameters, and its backward pass is the reverse reshape (`flattenBackward`).
/// Scalar reference (the index formula as loops): `Pooling.flattenReference`.
///
///     flatten(Tensor(shape: [2, 512, 7, 7], repeating: 1)).shape   // [2, 25088]
public func flatten<T>(_ x: Tensor<T>) -> Tensor<T> {
  precondition(x.rank >= 1, "flatten needs at least a batch dimension")
  return x.reshaped([x.shape[0], x.shape.dropFirst().reduce(1, *)])
}

/// The input gradient of `flatten`: the gradient rows reshaped back to the input's shape.
///
/// ```
///   ∂L/∂x[n, c, h, w] = ∂L/∂y[n, (c·H + h)·W + w]
///
///   gradOutput: (N, C·H·W)   result: inputShape = (N, C, H, W)
/// ```
///
///     flattenBackward(gradOutput: Tensor(rows: [[1, 2, 3, 4]]), inputShape: [1, 1, 2, 2])
///     // shape [1, 1, 2, 2], scalars [1, 2, 3, 4]
public func flattenBackward<T>(gradOutput dy: Tensor<T>, inputShape: [Int]) -> Tensor<T> {
  precondition(
    dy.shape == [inputShape.first ?? 0, inputShape.dropFirst().reduce(1, *)],
    "gradOutput shape \(dy.shape) does not flatten inputShape \(inputShape)")
  return dy.reshaped(inputShape)
}
