import CNNCore

/// `conv2d.json`: `torch.nn.functional.conv2d` forward and backward in float32.
///
/// ```
///   y[n, k, p, q] = b[k] + Σ_{c,r,s} w[k, c, r, s]
///                          · x[n, g·C/G + c, p·Sh + r·Dh − Pt, q·Sw + s·Dw − Pl]
///   L = Σ y · gradOutput;  gradInput = ∂L/∂x,  gradWeight = ∂L/∂w,  gradBias = ∂L/∂b
///
///   x: (N, C, H, W)   w: (K, C/G, R, S)   b: (K) or null   y: (N, K, P, Q)
/// ```
struct Conv2DFixtureFile: Decodable {
  let generator: FixtureGenerator
  /// Values with their IEEE-754 bit patterns, to check that reading the JSON is exact.
  let float32Check: Float32Check
  let description: String
  let cases: [Conv2DFixture]

  struct Float32Check: Decodable {
    let values: Float32Array
    let bits: [UInt32]
  }
}

/// One `conv2d.json` case; every data array is flattened row-major and holds float32 values.
struct Conv2DFixture: Decodable {
  let name: String, note: String, torchCall: String
  /// `(N, C, H, W)`, `(K, C/G, R, S)`, `(N, K, P, Q)`.
  let inputShape: [Int], weightShape: [Int], outputShape: [Int]
  /// `(height, width)` pairs.
  let stride: [Int], dilation: [Int]
  let padding: FixturePadding
  let groups: Int
  let input: Float32Array, weight: Float32Array, bias: Float32Array?, output: Float32Array
  let gradOutput: Float32Array, gradInput: Float32Array, gradWeight: Float32Array
  let gradBias: Float32Array?

  /// The case's configuration as a validated geometry, rounding down as PyTorch does.
  func geometry() throws -> Conv2DGeometry {
    try Conv2DGeometry(
      batch: inputShape[0], inChannels: inputShape[1], height: inputShape[2],
      width: inputShape[3], outChannels: weightShape[0],
      kernel: (weightShape[2], weightShape[3]), stride: (stride[0], stride[1]),
      padding: padding.padding2D,
      dilation: (dilation[0], dilation[1]), groups: groups, rounding: .floor)
  }

  /// The fixture's input, weight and bias as tensors of `T` (via the exact float32 values).
  func tensors<T: BinaryFloatingPoint & Sendable>(
    _: T.Type
  ) -> (input: Tensor<T>, weight: Tensor<T>, bias: Tensor<T>?) {
    func tensor(_ data: Float32Array, _ shape: [Int]) -> Tensor<T> {
      Tensor(shape: shape, scalars: data.converted(to: T.self))
    }
    return (
      tensor(input, inputShape), tensor(weight, weightShape),
      bias.map { tensor($0, [weightShape[0]]) }
    )
  }
}
