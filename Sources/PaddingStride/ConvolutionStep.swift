import CNNCore

/// How one output value of a convolution is made: which window of the padded input, which
/// filter, what each channel contributes, and the bias. The CS231n demo, as data.
///
/// ```
///   y[n, k, p, q] = b[k] + Σ_c ( Σ_{r,s} w[k, c, r, s] · x̃[n, c, rows[r], columns[s]] )
///                          └───── channelSums[c] ─────┘
/// ```
public struct ConvolutionStep<T: BinaryFloatingPoint & Sendable>: Equatable, Sendable {
  /// The output index `(n, k, p, q)`.
  public let image: Int, filter: Int, row: Int, column: Int
  /// The padded-input rows and columns the window reads (`p·Sh + r·Dh` for r = 0 … R − 1).
  public let rows: [Int], columns: [Int]
  /// The input channels of the filter's group, and each one's window · filter-slice sum.
  public let channels: [Int], channelSums: [T]
  /// `b[k]` (0 without a bias).
  public let bias: T

  public init(
    image: Int, filter: Int, row: Int, column: Int, rows: [Int], columns: [Int],
    channels: [Int], channelSums: [T], bias: T
  ) {
    self.image = image
    self.filter = filter
    self.row = row
    self.column = column
    self.rows = rows
    self.columns = columns
    self.channels = channels
    self.channelSums = channelSums
    self.bias = bias
  }

  /// `Σ channelSums + bias`: the output value.
  public var value: T { channelSums.reduce(0, +) + bias }
}

/// Every output value of a convolution as a `ConvolutionStep`, in the order
/// `(n, k, p, q)` — the slow, explained version of `paddedConv2dReference`.
///
/// ```
///   x: (N, C, H, W)   w: (K, C/G, R, S)   b: (K) or nil   →   N·K·P·Q steps
/// ```
///
///     // CS231n demo, 5×5×3 input, two 3×3 filters, S = 2, P = 1: 2·3·3 = 18 steps;
///     // step (k 0, p 1, q 2) reads padded rows [2, 3, 4] and columns [4, 5, 6].
///
/// - Throws: `GeometryError` when `mode` cannot pad this much.
public func convolutionSteps<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, weight w: Tensor<T>, bias b: Tensor<T>?, geometry g: Conv2DGeometry,
  mode: PaddingMode = .zero
) throws -> [ConvolutionStep<T>] {
  precondition(x.shape == g.inputShape, "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  precondition(w.shape == g.weightShape, "weight shape \(w.shape) ≠ \(g.weightShape) for \(g)")
  if let b {
    precondition(b.shape == [g.outChannels], "bias shape \(b.shape) ≠ [\(g.outChannels)]")
  }
  let padded = try pad2dReference(x, padding: g.padding, mode: mode)
  var steps: [ConvolutionStep<T>] = []
  for n in 0..<g.batch {
    for k in 0..<g.outChannels {
      let group = k / g.outChannelsPerGroup
      let channels = (0..<g.inChannelsPerGroup).map { group * g.inChannelsPerGroup + $0 }
      for p in 0..<g.outHeight {
        let rows = (0..<g.kernelHeight).map { p * g.strideHeight + $0 * g.dilationHeight }
        for q in 0..<g.outWidth {
          let columns = (0..<g.kernelWidth).map { q * g.strideWidth + $0 * g.dilationWidth }
          let sums = channels.enumerated().map { c, channel in
            var sum: T = 0
            for (r, row) in rows.enumerated() {
              for (s, column) in columns.enumerated() {
                sum += w[k, c, r, s] * padded[n, channel, row, column]
              }
            }
            return sum
          }
          steps.append(
            ConvolutionStep(
              image: n, filter: k, row: p, column: q, rows: rows, columns: columns,
              channels: channels, channelSums: sums, bias: b?[k] ?? 0))
        }
      }
    }
  }
  return steps
}
