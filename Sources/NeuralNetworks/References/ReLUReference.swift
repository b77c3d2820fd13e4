import CNNCore

/// ReLU written like its formula: the scalar reference for `CNNCore.relu`.
///
/// ```
///   y[i] = max(0, x[i])
/// ```
///
///     reluReference(Tensor<Double>(rows: [[−1, 0, 2]]))   // [[0, 0, 2]]
@inlinable
public func reluReference<T: BinaryFloatingPoint & Sendable>(_ x: Tensor<T>) -> Tensor<T> {
  var y = x
  for i in 0..<x.count { y.scalars[i] = x.scalars[i] > 0 ? x.scalars[i] : 0 }
  return y
}

/// ReLU's backward pass: the scalar reference for `CNNCore.reluBackward`.
///
/// ```
///   dx[i] = dy[i] · [x[i] > 0]
/// ```
///
///     // x = [[−1, 0, 2]], dy = [[5, 6, 7]] → [[0, 0, 7]]
@inlinable
public func reluBackwardReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, outputGradient dy: Tensor<T>
) -> Tensor<T> {
  var dx = dy
  for i in 0..<x.count { dx.scalars[i] = x.scalars[i] > 0 ? dy.scalars[i] : 0 }
  return dx
}
