import CNNCore
import Foundation

/// The sigmoid written like its formula: the scalar reference for `CNNCore.sigmoid`.
///
/// ```
///   y[i] = 1 / (1 + e^(−x[i]))
/// ```
///
///     sigmoidReference(Tensor<Double>(rows: [[0]]))   // [[0.5]]
@inlinable
public func sigmoidReference<T: BinaryFloatingPoint & Sendable>(_ x: Tensor<T>) -> Tensor<T> {
  var y = x
  for i in 0..<x.count { y.scalars[i] = 1 / (1 + T(exp(-Double(x.scalars[i])))) }
  return y
}

/// The sigmoid's backward pass from its output: the scalar reference for
/// `CNNCore.sigmoidBackward`.
///
/// ```
///   dx[i] = dy[i] · y[i] · (1 − y[i])
/// ```
///
///     // y = [[0.5]], dy = [[4]] → [[1]]   (4 · 0.5 · 0.5)
@inlinable
public func sigmoidBackwardReference<T: BinaryFloatingPoint & Sendable>(
  output y: Tensor<T>, outputGradient dy: Tensor<T>
) -> Tensor<T> {
  var dx = dy
  for i in 0..<y.count { dx.scalars[i] = dy.scalars[i] * y.scalars[i] * (1 - y.scalars[i]) }
  return dx
}
