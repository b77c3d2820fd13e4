import CNNCore
import Foundation

/// Adam (Kingma and Ba, 2015) with bias correction and optional L2 weight decay, with
/// PyTorch's formulas (`torch.optim.Adam`, which are also Keras' up to where ε sits):
///
/// ```
/// g ← ∂L/∂θ + λ·θ                      (weight decay λ added to the gradient, not AdamW)
/// t ← t + 1
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
/// θ ← θ − η · m̂ / (√v̂ + ε)
/// ```
///
/// ε is added to √v̂, the bias-corrected root (PyTorch; the paper's Algorithm 1). Keras
/// adds it to the uncorrected √v, which differs only while |g| is of the order of ε.
/// The step count t is kept per parameter (PyTorch), so it is stored in checkpoints.
///
///     // θ = 1, g = 0.5, η = 0.1: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25,
///     // θ ← 1 − 0.1 · 0.5 / (0.5 + 1e-8) ≈ 0.9 (the first step moves every θ by ≈ η)
///     let adam = Adam(learningRate: 1e-3)
public final class Adam: Optimizer {
  /// The kind stored in checkpoints.
  public let kind = "Adam"
  /// The step size η.
  public var learningRate: Float
  /// The decay β₁ of the first moment (mean of g).
  public var beta1: Float
  /// The decay β₂ of the second moment (mean of g²).
  public var beta2: Float
  /// ε, added to √v̂ to keep the step finite.
  public var epsilon: Float
  /// The L2 weight decay λ added to the gradient (not decoupled, not AdamW).
  public var weightDecay: Float

  private struct Moments {
    var step: Int
    var m: [Float]
    var v: [Float]
  }
  private var moments: [ObjectIdentifier: Moments] = [:]

  /// An Adam optimizer with the defaults of the paper, PyTorch and Keras.
  public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
              epsilon: Float = 1e-8, weightDecay: Float = 0)
  {
    precondition(learningRate >= 0, "learning rate must be non-negative, got \(learningRate)")
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1,
                 "β₁ and β₂ must be in [0, 1), got \(beta1) and \(beta2)")
    precondition(epsilon >= 0, "ε must be non-negative, got \(epsilon)")
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  /// Updates every parameter once; moments are created on first use.
  public func step(_ parameters: [Parameter]) {
    let (eta, b1, b2, eps, lambda) = (learningRate, beta1, beta2, epsilon, weightDecay)
    for p in parameters {
      let id = ObjectIdentifier(p)
      var s = moments.removeValue(forKey: id)
        ?? Moments(step: 0, m: .init(repeating: 0, count: p.count),
                   v: .init(repeating: 0, count: p.count))
      s.step += 1
      let correction1 = 1 - Float(pow(Double(b1), Double(s.step)))
      let correction2 = 1 - Float(pow(Double(b2), Double(s.step)))
      s.m.withUnsafeMutableBufferPointer { m in
        s.v.withUnsafeMutableBufferPointer { v in
          p.withValueAndGradient { theta, grad in
            let update = AdamUpdate(
              theta: SharedPointer(theta.baseAddress!), grad: SharedConstPointer(grad.baseAddress!),
              m: SharedPointer(m.baseAddress!), v: SharedPointer(v.baseAddress!),
              eta: eta, beta1: b1, beta2: b2, epsilon: eps, weightDecay: lambda,
              correction1: correction1, correction2: correction2)
            let count = theta.count, chunk = AdamUpdate.chunk
            let shared = (update, count, chunk)
            Parallel.forEach(chunks: (count + chunk - 1) / chunk, sharing: shared) {
              shared, index in
              let (update, count, chunk) = shared
              update.run(index * chunk..<min(count, (index + 1) * chunk))
            }
          }
        }
      }
      moments[id] = s
    }
  }

  /// Step count and moments, named "<parameter>/step", "/m", "/v" (step as a Float).
  public func state(for parameters: [Parameter]) -> [(name: String, tensor: Tensor<Float>)] {
    parameters.flatMap { p -> [(name: String, tensor: Tensor<Float>)] in
      guard let s = moments[ObjectIdentifier(p)] else { return [] }
      return [
        (p.name + "/step", Tensor(shape: [1], scalars: [Float(s.step)])),
        (p.name + "/m", Tensor(shape: p.value.shape, scalars: s.m)),
        (p.name + "/v", Tensor(shape: p.value.shape, scalars: s.v)),
      ]
    }
  }

  /// Restores the moments saved by `state(for:)`, matched by parameter name.
  public func loadState(_ state: [String: Tensor<Float>], for parameters: [Parameter]) {
    moments = [:]
    for p in parameters {
      guard let t = state[p.name + "/step"], t.count == 1,
        let m = state[p.name + "/m"], m.count == p.count,
        let v = state[p.name + "/v"], v.count == p.count
      else { continue }
      moments[ObjectIdentifier(p)] = Moments(step: Int(t.scalars[0]), m: m.scalars, v: v.scalars)
    }
  }

  /// Forgets all moments and step counts.
  public func reset() { moments = [:] }
}

/// One Adam update of a parameter tensor, eight elements at a time; `Adam.step` runs it in
/// chunks of `chunk` elements in parallel. Every element goes through the same operations in
/// the same order (the formula of `Adam.step`, no fused multiply–adds), so the result does
/// not depend on the chunks, the lanes or the thread count.
private struct AdamUpdate: Sendable {
  /// Elements per parallel chunk: fixed, so the split depends on the tensor's size alone.
  static let chunk = 1 << 14

  let theta: SharedPointer<Float>, grad: SharedConstPointer<Float>
  let m: SharedPointer<Float>, v: SharedPointer<Float>
  let eta: Float, beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float
  let correction1: Float, correction2: Float

  func run(_ range: Range<Int>) {
    let (theta, grad, m, v) = (self.theta.base, self.grad.base, self.m.base, self.v.base)
    var i = range.lowerBound
    while i + 8 <= range.upperBound {
      func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
      }
      let t = load(theta), g = load(grad) + weightDecay * t
      let mi = beta1 * load(m) + (1 - beta1) * g
      let vi = beta2 * load(v) + (1 - beta2) * g * g
      let mHat = mi / correction1, vHat = vi / correction2
      let step = eta * mHat / (vHat.squareRoot() + epsilon)
      UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(theta + i).storeBytes(of: t - step, as: SIMD8<Float>.self)
      i += 8
    }
    while i < range.upperBound {
      let g = grad[i] + weightDecay * theta[i]
      m[i] = beta1 * m[i] + (1 - beta1) * g
      v[i] = beta2 * v[i] + (1 - beta2) * g * g
      let mHat = m[i] / correction1
      let vHat = v[i] / correction2
      theta[i] -= eta * mHat / (vHat.squareRoot() + epsilon)
      i += 1
    }
  }
}
