import CNNCore

/// An update rule that moves parameters against their gradients.
///
/// ```
/// after each batch:  θ ← update(θ, ∂L/∂θ, state)      for every parameter θ
/// ```
///
/// Per-parameter state (momentum, Adam's moments) is keyed by the parameter's identity;
/// `state(for:)` / `loadState(_:for:)` name it by parameter name for checkpoints
/// (`"conv1.weight/momentum"`).
///
///     let sgd = SGD(learningRate: 0.1)
///     sgd.step(model.parameters)        // θ ← θ − 0.1 · ∂L/∂θ
public protocol Optimizer: AnyObject {
  /// "SGD", "Adam": stored in checkpoints so state is only restored into the same kind.
  var kind: String { get }
  /// The step size η.
  var learningRate: Float { get set }
  /// Updates every parameter from its `gradient` (which the caller has filled).
  func step(_ parameters: [Parameter])
  /// The per-parameter state, as tensors named `"<parameter name>/<slot>"`.
  func state(for parameters: [Parameter]) -> [(name: String, tensor: Tensor<Float>)]
  /// Restores state saved by `state(for:)`; missing entries leave a parameter fresh.
  func loadState(_ state: [String: Tensor<Float>], for parameters: [Parameter])
  /// Forgets all state (a fresh optimizer).
  func reset()
}

extension Parameter {
  /// Runs `body` on the value and gradient scalars (same count) without bounds checks.
  func withValueAndGradient(
    _ body: (UnsafeMutableBufferPointer<Float>, UnsafeBufferPointer<Float>) -> Void
  ) {
    let g = gradient
    g.scalars.withUnsafeBufferPointer { grad in
      value.scalars.withUnsafeMutableBufferPointer { body($0, grad) }
    }
  }
}
