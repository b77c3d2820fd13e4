/// The gradients of a loss with respect to the three operands of a layer
/// `y = f(x; weight, bias)`: what a convolution's or a dense layer's backward pass returns.
///
/// ```
///   input:  ∂L/∂x       shaped like x
///   weight: ∂L/∂weight  shaped like the weight
///   bias:   ∂L/∂bias    one value per output channel or feature
/// ```
///
/// `Conv2DGradients` and `DenseGradients` name it for the layer whose shapes they carry.
public struct LayerGradients<Scalar: BinaryFloatingPoint & Sendable>: Sendable, Equatable {
  /// `∂L/∂x`, shaped like the input.
  public var input: Tensor<Scalar>
  /// `∂L/∂weight`, shaped like the weight.
  public var weight: Tensor<Scalar>
  /// `∂L/∂bias`, one value per output channel or feature.
  public var bias: Tensor<Scalar>

  public init(input: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>) {
    self.input = input
    self.weight = weight
    self.bias = bias
  }
}
