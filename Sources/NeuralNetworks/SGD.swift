import CNNCore

/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight
/// decay, with PyTorch's formulas (`torch.optim.SGD`, dampening 0):
///
/// ```
/// g ← ∂L/∂θ + λ·θ                       (weight decay λ)
/// v ← μ·v + g                           (momentum μ; v starts at 0, so v₁ = g)
/// θ ← θ − η·(g + μ·v)    if nesterov
/// θ ← θ − η·v            otherwise      (μ = 0: plain θ ← θ − η·g)
/// ```
///
///     // θ = 1, g = 0.5, η = 0.1, μ = 0.9:  step 1 v = 0.5, θ = 0.95;
///     //                                    step 2 v = 0.95, θ = 0.855
///     let sgd = SGD(learningRate: 0.1, momentum: 0.9)
public final class SGD: Optimizer {
  /// The kind stored in checkpoints.
  public let kind = "SGD"
  /// The step size η.
  public var learningRate: Float
  /// The momentum μ (0: plain SGD).
  public var momentum: Float
  /// The L2 weight decay λ added to the gradient.
  public var weightDecay: Float
  /// Whether the update looks ahead along the momentum (Nesterov).
  public var nesterov: Bool
  private var velocity: [ObjectIdentifier: [Float]] = [:]

  /// An SGD optimizer; defaults are PyTorch's except η (PyTorch requires it).
  public init(learningRate: Float = 0.01, momentum: Float = 0, weightDecay: Float = 0,
              nesterov: Bool = false)
  {
    precondition(learningRate >= 0, "learning rate must be non-negative, got \(learningRate)")
    precondition(momentum >= 0, "momentum must be non-negative, got \(momentum)")
    precondition(!nesterov || momentum > 0, "Nesterov momentum needs momentum > 0")
    self.learningRate = learningRate
    self.momentum = momentum
    self.weightDecay = weightDecay
    self.nesterov = nesterov
  }

  /// Updates every parameter once; momentum buffers are created on first use.
  public func step(_ parameters: [Parameter]) {
    let (eta, mu, lambda, nesterov) = (learningRate, momentum, weightDecay, self.nesterov)
    for p in parameters {
      if mu == 0 {
        p.withValueAndGradient { theta, grad in
          for i in 0..<theta.count { theta[i] -= eta * (grad[i] + lambda * theta[i]) }
        }
        continue
      }
      let id = ObjectIdentifier(p)
      var v = velocity.removeValue(forKey: id) ?? [Float](repeating: 0, count: p.count)
      v.withUnsafeMutableBufferPointer { v in
        p.withValueAndGradient { theta, grad in
          for i in 0..<theta.count {
            let g = grad[i] + lambda * theta[i]
            v[i] = mu * v[i] + g
            theta[i] -= eta * (nesterov ? g + mu * v[i] : v[i])
          }
        }
      }
      velocity[id] = v
    }
  }

  /// The momentum buffers, named "<parameter>/momentum".
  public func state(for parameters: [Parameter]) -> [(name: String, tensor: Tensor<Float>)] {
    parameters.compactMap { p in
      velocity[ObjectIdentifier(p)].map {
        (p.name + "/momentum", Tensor(shape: p.value.shape, scalars: $0))
      }
    }
  }

  /// Restores momentum buffers saved by `state(for:)`, matched by parameter name.
  public func loadState(_ state: [String: Tensor<Float>], for parameters: [Parameter]) {
    velocity = [:]
    for p in parameters {
      if let t = state[p.name + "/momentum"], t.count == p.count {
        velocity[ObjectIdentifier(p)] = t.scalars
      }
    }
  }

  /// Forgets all momentum buffers.
  public func reset() { velocity = [:] }
}
