import CNNCore

/// `parameter.gradient += gradient`, in place (the layers accumulate, the model zeroes).
func accumulate(_ gradient: Tensor<Float>, into parameter: Parameter) {
  precondition(
    gradient.shape == parameter.value.shape,
    "gradient shape \(gradient.shape) ≠ \(parameter.name) shape \(parameter.value.shape)")
  add(gradient, into: &parameter.gradient)
}

/// Runs a shape check that `outputShape(for:)` should already have made, stopping with its
/// explanation if it fails (`forward` cannot throw).
func validated<R>(_ body: () throws -> R) -> R {
  do { return try body() } catch { preconditionFailure("\(error)") }
}

/// The error for a per-sample shape of the wrong rank.
func rankError(_ kind: String, expected: String, got shape: [Int]) -> GeometryError {
  GeometryError(
    "\(kind) expects a per-sample input \(expected), got shape \(shape) "
      + "(rank \(shape.count)); shapes exclude the batch dimension")
}
