/// `pad.json`: `torch.nn.functional.pad` of one 1×2×4×5 float32 input, with input gradients.
///
/// ```
///   input  x: (1, 2, 4, 5), values 0, 1, …, 39 row-major
///   output y: (1, 2, 4 + top + bottom, 5 + left + right)
///   gradInput = ∂L/∂x for L = Σ y · gradOutput  (each x collects g from all its copies)
/// ```
///
/// Modes: `constant` (fill `value`), `reflect` (mirror without repeating the edge,
/// pad < size), `replicate` (repeat the edge), `circular` (wrap around). For example the
/// row 0 1 2 3 4 reflect-padded by 2 on the left is 2 1 0 1 2 3 4.
struct PadFixtureFile: Decodable {
  let generator: FixtureGenerator
  let description: String
  let input: Float32Array
  let inputShape: [Int]
  let cases: [PadFixture]
}

/// One `pad.json` case.
struct PadFixture: Decodable {
  let name: String, torchCall: String
  /// `constant`, `reflect`, `replicate` or `circular`.
  let mode: String
  /// The fill of `constant` mode (0 or 2.5); nil for the other modes.
  let value: Double?
  let padding: FixturePadding
  let outputShape: [Int]
  let output: Float32Array, gradOutput: Float32Array, gradInput: Float32Array
}
