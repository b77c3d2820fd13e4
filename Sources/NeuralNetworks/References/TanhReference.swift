import CNNCore
import Foundation

/// The hyperbolic tangent written like its formula: the scalar reference for `CNNCore.tanh`.
///
/// ```
///   y[i] = (e^x − e^(−x)) / (e^x + e^(−x))       (evaluated by the C library's tanh)
/// ```
///
///     tanhReference(Tensor<Double>(rows: [[0]]))   // [[0]]
@inlinable
public func tanhReference<T: BinaryFloatingPoint & Sendable>(_ x: Tensor<T>) -> Tensor<T> {
  var y = x
  for i in 0..<x.count { y.scalars[i] = T(Foundation.tanh(Double(x.scalars[i]))) }
  return y
}

/// The hyperbolic tangent's backward pass from its output: the scalar reference for
/// `CNNCore.tanhBackward`.
///
/// ```
///   dx[i] = dy[i] · (1 − y[i]²)
/// ```
///
///     // y = [[0.5]], dy = [[4]] → [[3]]   (4 · (1 − 0.25))
@inlinable
public func tanhBackwardReference<T: BinaryFloatingPoint & Sendable>(
  output y: Tensor<T>, outputGradient dy: Tensor<T>
) -> Tensor<T> {
  var dx = dy
  for i in 0..<y.count { dx.scalars[i] = dy.scalars[i] * (1 - y.scalars[i] * y.scalars[i]) }
  return dx
}
