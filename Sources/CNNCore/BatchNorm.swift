// Shapes: N = batch, C = channels (features), L = positions per channel and sample
// (H·W for (N, C, H, W), 1 for (N, F)). M = N·L values per channel.

/// What the training-mode batch norm computes besides its output: the batch statistics, kept
/// in `Double` because the backward pass subtracts them from the input (with a batch of two,
/// a Float mean alone would cost the input gradient about four digits).
public struct BatchNormStatistics: Sendable, Equatable {
  /// `μ[c]`, the mean of channel `c` over the batch (and positions).
  public var mean: [Double]
  /// `σ²[c]`, the biased variance (divided by M), the one used to normalise.
  public var variance: [Double]
  /// Values per channel, `M = N·L` (for the unbiased variance `σ²·M/(M − 1)`).
  public var count: Int

  /// Statistics of `count` values per channel.
  public init(mean: [Double], variance: [Double], count: Int) {
    self.mean = mean
    self.variance = variance
    self.count = count
  }
}

/// The gradients of batch norm with respect to its input and its two parameters.
public struct BatchNormGradients<Scalar: BinaryFloatingPoint & Sendable>: Sendable, Equatable {
  /// `∂L/∂x`, shaped like the input.
  public var input: Tensor<Scalar>
  /// `∂L/∂γ`, one per channel.
  public var gamma: Tensor<Scalar>
  /// `∂L/∂β`, one per channel.
  public var beta: Tensor<Scalar>

  /// Groups the three gradients.
  public init(input: Tensor<Scalar>, gamma: Tensor<Scalar>, beta: Tensor<Scalar>) {
    self.input = input
    self.gamma = gamma
    self.beta = beta
  }
}

/// `(N, C, L)` of an input of rank ≥ 2 whose axis 1 holds the channels.
@inline(__always)
func batchNormLayout(_ shape: [Int]) -> (batch: Int, channels: Int, positions: Int) {
  precondition(shape.count >= 2, "batch norm needs (N, C, …), got shape \(shape)")
  return (shape[0], shape[1], shape.dropFirst(2).reduce(1, *))
}

/// Channels per chunk: about 2¹⁶ values per chunk, from the problem size alone.
@inline(__always)
private func channelsPerChunk(batch: Int, positions: Int) -> Int {
  max(1, (1 << 16) / max(1, batch * positions))
}

/// Runs `body(c)` for every channel, in parallel chunks of channels.
private func forEachChannel(
  batch: Int, channels: Int, positions: Int, _ body: @Sendable (Int) -> Void
) {
  let per = channelsPerChunk(batch: batch, positions: positions)
  let chunks = (channels + per - 1) / per
  Parallel.forEach(chunks: chunks) { chunk in
    for c in chunk * per..<min(channels, (chunk + 1) * per) { body(c) }
  }
}

/// Batch normalisation in training mode: normalise each channel with the batch's own mean
/// and (biased) variance, then scale and shift.
///
/// ```
///   μ[c]  = (1/M) Σ_{n,l} x[n, c, l]              σ²[c] = (1/M) Σ_{n,l} (x[n, c, l] − μ[c])²
///   x̂     = (x − μ[c]) / √(σ²[c] + ε)             y = γ[c]·x̂ + β[c]
///
///   x, y: (N, C, H, W) or (N, C)   γ, β: (C)   M = N·H·W (or N)
/// ```
///
///     // x = [[1], [3]] (N = 2, C = 1), γ = 1, β = 0, ε = 0: μ = 2, σ² = ((−1)² + 1²)/2 = 1
///     // y = [[−1], [1]]
///
/// Sums run over `n`, then `l`, in `Double`; channels are split into fixed chunks, so the
/// result is bit-identical for any thread count. Scalar reference:
/// `NeuralNetworks.batchNormTrainingReference`.
public func batchNormTraining(
  input x: Tensor<Float>, gamma: Tensor<Float>, beta: Tensor<Float>, epsilon: Float
) -> (output: Tensor<Float>, statistics: BatchNormStatistics) {
  let (batch, channels, positions) = batchNormLayout(x.shape)
  precondition(gamma.shape == [channels] && beta.shape == [channels], "γ, β must be [\(channels)]")
  let count = batch * positions
  precondition(count >= 1, "batch norm needs at least one value per channel")
  var y = [Float](repeating: 0, count: x.count)
  var mean = [Double](repeating: 0, count: channels)
  var variance = [Double](repeating: 0, count: channels)
  x.scalars.withUnsafeBufferPointer { px in
    y.withUnsafeMutableBufferPointer { py in
      mean.withUnsafeMutableBufferPointer { pm in
        variance.withUnsafeMutableBufferPointer { pv in
          let sx = SharedConstPointer(px.baseAddress!)
          let sy = SharedPointer(py.baseAddress!)
          let sm = SharedPointer(pm.baseAddress!)
          let sv = SharedPointer(pv.baseAddress!)
          let (gs, bs) = (gamma.scalars, beta.scalars)
          forEachChannel(batch: batch, channels: channels, positions: positions) { c in
            var total = 0.0
            for n in 0..<batch {
              let row = sx.base + (n * channels + c) * positions
              for l in 0..<positions { total += Double(row[l]) }
            }
            let mu = total / Double(count)
            var squares = 0.0
            for n in 0..<batch {
              let row = sx.base + (n * channels + c) * positions
              for l in 0..<positions {
                let d = Double(row[l]) - mu
                squares += d * d
              }
            }
            let sigma2 = squares / Double(count)
            sm.base[c] = mu
            sv.base[c] = sigma2
            let inv = 1 / (sigma2 + Double(epsilon)).squareRoot()
            let scale = Float(Double(gs[c]) * inv)
            let shift = Float(Double(bs[c]) - Double(gs[c]) * inv * mu)
            for n in 0..<batch {
              let offset = (n * channels + c) * positions
              for l in 0..<positions { sy.base[offset + l] = scale * sx.base[offset + l] + shift }
            }
          }
        }
      }
    }
  }
  return (
    Tensor(shape: x.shape, scalars: y),
    BatchNormStatistics(mean: mean, variance: variance, count: count)
  )
}

/// Batch normalisation in inference mode: the running statistics replace the batch's.
///
/// ```
///   y = γ[c] · (x − μ_run[c]) / √(σ²_run[c] + ε) + β[c]
///
///   x, y: (N, C, H, W) or (N, C)   γ, β, μ_run, σ²_run: (C)
/// ```
///
///     // x = [[4]], μ_run = 2, σ²_run = 4, γ = 3, β = 1, ε = 0: y = 3·(4 − 2)/2 + 1 = 4
///
/// Scalar reference: `NeuralNetworks.batchNormInferenceReference`.
public func batchNormInference(
  input x: Tensor<Float>, gamma: Tensor<Float>, beta: Tensor<Float>,
  runningMean: Tensor<Float>, runningVariance: Tensor<Float>, epsilon: Float
) -> Tensor<Float> {
  let (batch, channels, positions) = batchNormLayout(x.shape)
  for t in [gamma, beta, runningMean, runningVariance] {
    precondition(t.shape == [channels], "per-channel tensor shape \(t.shape) ≠ [\(channels)]")
  }
  var scale = [Float](repeating: 0, count: channels)
  var shift = scale
  for c in 0..<channels {
    let inv = 1 / (Double(runningVariance[c]) + Double(epsilon)).squareRoot()
    scale[c] = Float(Double(gamma[c]) * inv)
    shift[c] = Float(Double(beta[c]) - Double(gamma[c]) * inv * Double(runningMean[c]))
  }
  var y = [Float](repeating: 0, count: x.count)
  x.scalars.withUnsafeBufferPointer { px in
    y.withUnsafeMutableBufferPointer { py in
      guard let bx = px.baseAddress, let by = py.baseAddress else { return }
      let sx = SharedConstPointer(bx)
      let sy = SharedPointer(by)
      let (sc, sh) = (scale, shift)
      forEachChannel(batch: batch, channels: channels, positions: positions) { c in
        for n in 0..<batch {
          let offset = (n * channels + c) * positions
          for l in 0..<positions { sy.base[offset + l] = sc[c] * sx.base[offset + l] + sh[c] }
        }
      }
    }
  }
  return Tensor(shape: x.shape, scalars: y)
}

/// The backward pass of training-mode batch norm (the batch statistics depend on `x` too).
///
/// ```
///   x̂ = (x − μ)/√(σ² + ε)
///   ∂L/∂β[c] = Σ_{n,l} dy          ∂L/∂γ[c] = Σ_{n,l} dy · x̂
///   ∂L/∂x    = γ[c] / (M·√(σ²[c] + ε)) · (M·dy − ∂L/∂β[c] − x̂ · ∂L/∂γ[c])
///
///   x, dy: (N, C, H, W) or (N, C)   γ, μ, σ²: (C)
/// ```
///
///     // x = [[1], [3]], γ = 1, ε = 0 (μ = 2, σ² = 1, x̂ = [−1, 1]), dy = [[1], [0]]:
///     // dβ = 1, dγ = −1, dx = (1/2)·(2·[1, 0] − 1 − [−1, 1]·(−1)) = [0, 0]
///
/// Sums in `Double`, over `n` then `l`; channels in fixed chunks: bit-identical for any
/// thread count. Scalar reference: `NeuralNetworks.batchNormBackwardReference`.
public func batchNormBackward(
  input x: Tensor<Float>, gamma: Tensor<Float>, statistics s: BatchNormStatistics,
  epsilon: Float, outputGradient dy: Tensor<Float>
) -> BatchNormGradients<Float> {
  let (batch, channels, positions) = batchNormLayout(x.shape)
  precondition(dy.shape == x.shape, "output gradient \(dy.shape) ≠ input shape \(x.shape)")
  precondition(gamma.shape == [channels], "γ must be [\(channels)]")
  let count = batch * positions
  var dx = [Float](repeating: 0, count: x.count)
  var dgamma = [Float](repeating: 0, count: channels)
  var dbeta = dgamma
  x.scalars.withUnsafeBufferPointer { px in
    dy.scalars.withUnsafeBufferPointer { pdy in
      dx.withUnsafeMutableBufferPointer { pdx in
        dgamma.withUnsafeMutableBufferPointer { pg in
          dbeta.withUnsafeMutableBufferPointer { pb in
            let sx = SharedConstPointer(px.baseAddress!)
            let sdy = SharedConstPointer(pdy.baseAddress!)
            let sdx = SharedPointer(pdx.baseAddress!)
            let sg = SharedPointer(pg.baseAddress!)
            let sb = SharedPointer(pb.baseAddress!)
            let gs = gamma.scalars
            forEachChannel(batch: batch, channels: channels, positions: positions) { c in
              let mu = s.mean[c]
              let inv = 1 / (s.variance[c] + Double(epsilon)).squareRoot()
              var sumDy = 0.0
              var sumDyXhat = 0.0
              for n in 0..<batch {
                let offset = (n * channels + c) * positions
                for l in 0..<positions {
                  let g = Double(sdy.base[offset + l])
                  sumDy += g
                  sumDyXhat += g * (Double(sx.base[offset + l]) - mu) * inv
                }
              }
              sb.base[c] = Float(sumDy)
              sg.base[c] = Float(sumDyXhat)
              let m = Double(count)
              let factor = Double(gs[c]) * inv / m
              for n in 0..<batch {
                let offset = (n * channels + c) * positions
                for l in 0..<positions {
                  let xhat = (Double(sx.base[offset + l]) - mu) * inv
                  let g = Double(sdy.base[offset + l])
                  sdx.base[offset + l] = Float(factor * (m * g - sumDy - xhat * sumDyXhat))
                }
              }
            }
          }
        }
      }
    }
  }
  return BatchNormGradients(
    input: Tensor(shape: x.shape, scalars: dx), gamma: Tensor(shape: [channels], scalars: dgamma),
    beta: Tensor(shape: [channels], scalars: dbeta))
}
