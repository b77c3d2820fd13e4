import CNNCore

/// A layer with an explicit forward and backward pass, on batches in NCHW (images) or
/// (N, F) (features).
///
/// ```
///   forward:   y = f(x; θ)                   x: (N, …in)    y: (N, …out)
///   backward:  given ∂L/∂y, add ∂L/∂θ to every parameter's gradient and return ∂L/∂x
/// ```
///
/// `backward` refers to the most recent `forward` (the layer keeps what it needs, such as
/// the input or the arg-max positions). Shapes are validated once, when a model is built,
/// through `outputShape(for:)`, whose errors explain the arithmetic.
public protocol Layer: AnyObject {
  /// A short type name for summaries: "Conv2D", "MaxPool2D", "Dense", …
  var kind: String { get }
  /// The layer's name in its model ("conv1"); set by the model, used to name parameters.
  var name: String { get set }
  /// The per-sample output shape for a per-sample input shape (no batch dimension):
  /// e.g. [1, 28, 28] → [6, 28, 28] for a 5×5 convolution with padding 2 and 6 filters.
  func outputShape(for inputShape: [Int]) throws -> [Int]
  /// The learnable parameters (empty for activations, pooling, flatten, dropout).
  var parameters: [Parameter] { get }
  /// State that is not learned but must be saved with the model, such as batch norm's
  /// running mean and variance: `forward` updates it in training, no optimizer touches it,
  /// and its `gradient` stays zero. Checkpoints save `parameters` and `buffers`.
  var buffers: [Parameter] { get }
  /// The forward pass on a batch. `training` switches dropout and batch-norm statistics.
  func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float>
  /// The backward pass for the last `forward`: accumulates parameter gradients, returns ∂L/∂x.
  func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float>
  /// The backward pass when nobody needs ∂L/∂x (the first layer of a model in training):
  /// accumulates the parameter gradients only. The default runs `backward`; a convolution
  /// skips its input gradient, a third of its backward work.
  func accumulateParameterGradients(_ outputGradient: Tensor<Float>)
  /// Lets go of what the last `forward` kept for `backward` when it belongs to another layer
  /// (the input tensor, which is the previous layer's output). `Sequential` calls it on every
  /// layer before each forward pass: a layer writes its output into the same memory batch
  /// after batch, and that is possible without a copy only if no other layer still holds it.
  /// After it, `backward` needs a new `forward`. The default keeps nothing to let go.
  func releaseBackwardState()
}

extension Layer {
  public func accumulateParameterGradients(_ outputGradient: Tensor<Float>) {
    _ = backward(outputGradient)
  }

  public func releaseBackwardState() {}

  public var parameters: [Parameter] { [] }
  /// No state besides the parameters.
  public var buffers: [Parameter] { [] }
  /// Number of learnable scalars.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
}
