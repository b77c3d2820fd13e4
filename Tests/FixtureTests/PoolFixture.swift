/// `pool.json`: PyTorch's 2-D pooling in float32, with input gradients.
///
/// ```
///   P = ⌊(H + 2·padding − kernel) / stride⌋ + 1
///       (⌈…⌉ with ceilMode, dropping a last window that would start in the bottom/right
///       padding: CNNCore's outputSize with rounding .ceil)
///   max:  y = max over the window (padding is −∞); the gradient goes to the first maximum
///         in row-major window order
///   avg:  y = Σ window / divisor; countIncludePad: window clipped to the padded input,
///         else the number of real input elements in it
///   adaptive_avg: adaptive_avg_pool2d(x, 1), one mean per channel
///   gradInput = ∂L/∂x for L = Σ y · gradOutput
/// ```
///
/// For example the ties case's first 2×2 window [[1, 1], [1, 1]] passes its whole gradient to
/// its top-left element.
struct PoolFixtureFile: Decodable {
  let generator: FixtureGenerator
  let description: String
  let cases: [PoolFixture]
}

/// One `pool.json` case; square kernel, stride and padding.
struct PoolFixture: Decodable {
  let name: String, note: String, torchCall: String
  /// `max`, `avg` or `adaptive_avg`.
  let op: String
  /// Nil for `adaptive_avg`.
  let kernel: Int?, stride: Int?, padding: Int?, ceilMode: Bool?
  /// Only for `avg`.
  let countIncludePad: Bool?
  /// `(N, C, H, W)` and `(N, C, P, Q)`.
  let inputShape: [Int], outputShape: [Int]
  let input: Float32Array, output: Float32Array
  let gradOutput: Float32Array, gradInput: Float32Array
}
