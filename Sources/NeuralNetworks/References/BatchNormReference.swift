import CNNCore

// Shapes: x is (N, C, H, W) or (N, C); L = H·W (or 1) positions per channel and sample,
// M = N·L values per channel. Element (n, c, l) is x.scalars[(n·C + c)·L + l].

/// Training-mode batch norm written like its formulas: the scalar reference for
/// `CNNCore.batchNormTraining`.
///
/// ```
///   μ[c] = (1/M) Σ_{n,l} x[n, c, l]        σ²[c] = (1/M) Σ_{n,l} (x[n, c, l] − μ[c])²
///   y[n, c, l] = γ[c] · (x[n, c, l] − μ[c]) / √(σ²[c] + ε) + β[c]
/// ```
///
///     // x = [[1], [3]], γ = [1], β = [0], ε = 0: μ = [2], σ² = [1], y = [[−1], [1]]
@inlinable
public func batchNormTrainingReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, gamma: Tensor<T>, beta: Tensor<T>, epsilon: T
) -> (output: Tensor<T>, mean: [T], variance: [T]) {
  let (batch, channels) = (x.shape[0], x.shape[1])
  let positions = x.shape.dropFirst(2).reduce(1, *)
  let m = T(batch * positions)
  var y = x
  var mean = [T](repeating: 0, count: channels)
  var variance = mean
  for c in 0..<channels {
    var sum: T = 0
    for n in 0..<batch {
      for l in 0..<positions { sum += x.scalars[(n * channels + c) * positions + l] }
    }
    mean[c] = sum / m
    var squares: T = 0
    for n in 0..<batch {
      for l in 0..<positions {
        let d = x.scalars[(n * channels + c) * positions + l] - mean[c]
        squares += d * d
      }
    }
    variance[c] = squares / m
    for n in 0..<batch {
      for l in 0..<positions {
        let i = (n * channels + c) * positions + l
        y.scalars[i] =
          gamma[c] * (x.scalars[i] - mean[c]) / (variance[c] + epsilon).squareRoot()
          + beta[c]
      }
    }
  }
  return (y, mean, variance)
}

/// Inference-mode batch norm: the scalar reference for `CNNCore.batchNormInference`.
///
/// ```
///   y[n, c, l] = γ[c] · (x[n, c, l] − μ_run[c]) / √(σ²_run[c] + ε) + β[c]
/// ```
///
///     // x = [[4]], μ_run = [2], σ²_run = [4], γ = [3], β = [1], ε = 0: y = [[3·2/2 + 1]] = [[4]]
@inlinable
public func batchNormInferenceReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, gamma: Tensor<T>, beta: Tensor<T>, runningMean: Tensor<T>,
  runningVariance: Tensor<T>, epsilon: T
) -> Tensor<T> {
  let (batch, channels) = (x.shape[0], x.shape[1])
  let positions = x.shape.dropFirst(2).reduce(1, *)
  var y = x
  for n in 0..<batch {
    for c in 0..<channels {
      for l in 0..<positions {
        let i = (n * channels + c) * positions + l
        y.scalars[i] =
          gamma[c] * (x.scalars[i] - runningMean[c])
          / (runningVariance[c] + epsilon).squareRoot() + beta[c]
      }
    }
  }
  return y
}

/// Training-mode batch norm's gradients: the scalar reference for `CNNCore.batchNormBackward`.
///
/// With `x̂ = (x − μ)/s`, `s = √(σ² + ε)`, and `μ`, `σ²` functions of the whole channel:
/// ```
///   dβ[c] = Σ_{n,l} dy             dγ[c] = Σ_{n,l} dy · x̂
///   dx̂    = dy · γ[c]
///   dx    = (1/s) · (dx̂ − (1/M) Σ dx̂ − x̂ · (1/M) Σ dx̂·x̂)
/// ```
/// (the last line is the chain rule through `μ` and `σ²`: `∂μ/∂x = 1/M`,
/// `∂σ²/∂x = 2(x − μ)/M`).
///
///     // x = [[1], [3]], γ = [1], ε = 0, dy = [[1], [0]]: x̂ = [−1, 1], dβ = 1, dγ = −1,
///     // dx = [1 − 1/2 − (−1)·(−1/2), 0 − 1/2 − 1·(−1/2)] = [0, 0]
@inlinable
public func batchNormBackwardReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, gamma: Tensor<T>, epsilon: T, outputGradient dy: Tensor<T>
) -> BatchNormGradients<T> {
  let (batch, channels) = (x.shape[0], x.shape[1])
  let positions = x.shape.dropFirst(2).reduce(1, *)
  let m = T(batch * positions)
  let (_, mean, variance) = batchNormTrainingReference(
    input: x, gamma: gamma, beta: Tensor(zeros: [channels]), epsilon: epsilon)
  var dx = x
  var dgamma = Tensor<T>(zeros: [channels])
  var dbeta = Tensor<T>(zeros: [channels])
  for c in 0..<channels {
    let s = (variance[c] + epsilon).squareRoot()
    var sumDxhat: T = 0
    var sumDxhatXhat: T = 0
    for n in 0..<batch {
      for l in 0..<positions {
        let i = (n * channels + c) * positions + l
        let xhat = (x.scalars[i] - mean[c]) / s
        dbeta[c] += dy.scalars[i]
        dgamma[c] += dy.scalars[i] * xhat
        sumDxhat += dy.scalars[i] * gamma[c]
        sumDxhatXhat += dy.scalars[i] * gamma[c] * xhat
      }
    }
    for n in 0..<batch {
      for l in 0..<positions {
        let i = (n * channels + c) * positions + l
        let xhat = (x.scalars[i] - mean[c]) / s
        let dxhat = dy.scalars[i] * gamma[c]
        dx.scalars[i] = (dxhat - sumDxhat / m - xhat * sumDxhatXhat / m) / s
      }
    }
  }
  return BatchNormGradients(input: dx, gamma: dgamma, beta: dbeta)
}
