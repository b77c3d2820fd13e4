import CNNCore

/// A dense layer's forward pass written like its formula: the scalar reference for
/// `CNNCore.dense`.
///
/// ```
///   y[n, o] = b[o] + Σ_f x[n, f] · W[o, f]
///
///   x: (N, F)   W: (O, F)   b: (O) or nil   y: (N, O)
/// ```
///
///     // x = [[1, 2, 3]], W = [[1, 0, −1]], b = [10]: y = [[10 + 1 − 3]] = [[8]]
@inlinable
public func denseReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, weight w: Tensor<T>, bias b: Tensor<T>?
) -> Tensor<T> {
  let (batch, features, outputs) = (x.shape[0], x.shape[1], w.shape[0])
  precondition(
    w.shape == [outputs, features], "weight \(w.shape) does not take \(features) features")
  var y = Tensor<T>(zeros: [batch, outputs])
  for n in 0..<batch {
    for o in 0..<outputs {
      var sum: T = b?[o] ?? 0
      for f in 0..<features { sum += x[n, f] * w[o, f] }
      y[n, o] = sum
    }
  }
  return y
}

/// A dense layer's gradients written like their formulas: the scalar reference for
/// `CNNCore.denseBackward`.
///
/// ```
///   dx[n, f] = Σ_o dy[n, o] · W[o, f]
///   dW[o, f] = Σ_n dy[n, o] · x[n, f]
///   db[o]    = Σ_n dy[n, o]
/// ```
///
///     // x = [[1, 2, 3]], W = [[1, 0, −1]], dy = [[2]]:
///     // dx = [[2, 0, −2]], dW = [[2, 4, 6]], db = [2]
@inlinable
public func denseBackwardReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, weight w: Tensor<T>, outputGradient dy: Tensor<T>
) -> DenseGradients<T> {
  let (batch, features, outputs) = (x.shape[0], x.shape[1], w.shape[0])
  var dx = Tensor<T>(zeros: x.shape)
  var dw = Tensor<T>(zeros: w.shape)
  var db = Tensor<T>(zeros: [outputs])
  for n in 0..<batch {
    for f in 0..<features {
      var sum: T = 0
      for o in 0..<outputs { sum += dy[n, o] * w[o, f] }
      dx[n, f] = sum
    }
  }
  for o in 0..<outputs {
    for f in 0..<features {
      var sum: T = 0
      for n in 0..<batch { sum += dy[n, o] * x[n, f] }
      dw[o, f] = sum
    }
    var sum: T = 0
    for n in 0..<batch { sum += dy[n, o] }
    db[o] = sum
  }
  return DenseGradients(input: dx, weight: dw, bias: db)
}
