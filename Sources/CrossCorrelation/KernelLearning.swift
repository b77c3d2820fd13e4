import CNNCore

/// The squared error between a prediction and a target of the same shape.
///
/// ```
///   L = Σ_i (ŷ[i] − y[i])²
/// ```
///
///     squaredError(Tensor<Double>(rows: [[1, 2]]), Tensor(rows: [[0, 4]]))   // 1 + 4 = 5
public func squaredError<T: BinaryFloatingPoint & Sendable>(
  _ prediction: Tensor<T>, _ target: Tensor<T>
) -> T {
  precondition(
    prediction.shape == target.shape,
    "prediction \(prediction.shape) and target \(target.shape) differ in shape")
  return zip(prediction.scalars, target.scalars).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
}

/// The gradient of a loss with respect to the kernel of `corr2d`, given the gradient with
/// respect to its output: itself a cross-correlation, of the input with the output gradient.
///
/// ```
///   y = corr2d(x, k)  ⇒  ∂L/∂k[r, s] = Σ_i Σ_j ∂L/∂y[i, j] · x[i + r, j + s]
///                                   = corr2d(x, ∂L/∂y)[r, s]
///
///   x: (H, W)   ∂L/∂y: (H − R + 1, W − S + 1)   ∂L/∂k: (R, S)
/// ```
///
///     // x: rows [1, 1, 0], ∂L/∂y = [[−2, 0]] (from y = corr2d(x, k) with a 1×2 kernel)
///     try corr2dKernelGradient(input: Tensor<Double>(rows: [[1, 1, 0]]),
///                              outputGradient: Tensor(rows: [[-2, 0]])).rows
///     // [[−2, −2]]   (∂L/∂k₀ = −2·1 + 0·1, ∂L/∂k₁ = −2·1 + 0·0)
///
/// - Throws: `GeometryError` if the output gradient is larger than the input.
@inlinable
public func corr2dKernelGradient<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, outputGradient dy: Tensor<T>
) throws -> Tensor<T> {
  try corr2d(x, dy)
}

/// A kernel learned by gradient descent, and the loss seen along the way.
public struct KernelFit<T: BinaryFloatingPoint & Sendable>: Sendable {
  /// The kernel after the last step.
  public var kernel: Tensor<T>
  /// `losses[t]` is the loss before step `t + 1`; the last entry is the loss of `kernel`.
  public var losses: [T]
}

/// Recovers a kernel from an input and the output it produced, by gradient descent on the
/// squared error — what a convolution layer does when it learns.
///
/// ```
///   ŷ = corr2d(x, k)        L = Σ (ŷ − y)²        ∂L/∂k = corr2d(x, 2·(ŷ − y))
///   k ← k − η · ∂L/∂k       (repeated `steps` times from a seeded uniform start in [−1, 1])
///
///   x: (H, W)   y: (H − R + 1, W − S + 1)   k: (R, S)
/// ```
///
///     // x = the 6×8 stripe image, y = corr2d(x, [[1, −1]]), η = 0.03, 30 steps:
///     try learnKernel(input: x, target: y, kernelSize: (1, 2), learningRate: 0.03,
///                     steps: 30, seed: 7).kernel   // ≈ [[1, −1]]
///
/// The loss is quadratic in `k`; the step size must stay below 2/λ_max of its Hessian
/// `2·Σ x_win x_winᵀ` (for the stripe image λ_max = 60, so η < 1/30).
///
/// - Throws: `GeometryError` if the shapes do not fit together.
public func learnKernel<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, target y: Tensor<T>, kernelSize: (height: Int, width: Int),
  learningRate: T, steps: Int, seed: UInt64
) throws -> KernelFit<T> {
  var generator = SeededGenerator(seed: seed)
  var k = Tensor<T>(
    shape: [kernelSize.height, kernelSize.width], uniformIn: -1...1, using: &generator)
  // The loss of `k` and its gradient ∂L/∂k.
  func evaluate(_ k: Tensor<T>) throws -> (loss: T, gradient: Tensor<T>) {
    let prediction = try corr2d(x, k)
    guard prediction.shape == y.shape else {
      throw GeometryError(
        "a \(kernelSize.height)×\(kernelSize.width) kernel on \(x.shape) gives "
          + "\(prediction.shape), but the target is \(y.shape)")
    }
    let outputGradient = Tensor(
      shape: y.shape, scalars: zip(prediction.scalars, y.scalars).map { 2 * ($0 - $1) })
    let gradient = try corr2dKernelGradient(input: x, outputGradient: outputGradient)
    return (squaredError(prediction, y), gradient)
  }
  var losses: [T] = []
  for _ in 0..<steps {
    let (loss, gradient) = try evaluate(k)
    losses.append(loss)
    for index in k.scalars.indices { k.scalars[index] -= learningRate * gradient.scalars[index] }
  }
  losses.append(try evaluate(k).loss)
  return KernelFit(kernel: k, losses: losses)
}
