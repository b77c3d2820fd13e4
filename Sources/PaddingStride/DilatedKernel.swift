import CNNCore

/// A kernel with `D − 1` zeros inserted between its taps: convolving with it at dilation 1
/// is the same as convolving with the original kernel at dilation `D`.
///
/// ```
///   w_D[…, D·r, D·s] = w[…, r, s],   zero elsewhere
///   w: (…, R, S)  →  w_D: (…, D·(R − 1) + 1, D·(S − 1) + 1)
/// ```
///
///     try dilatedKernel(Tensor<Double>(rows: [[1, 2], [3, 4]]), dilation: 2).rows
///     // [[1, 0, 2], [0, 0, 0], [3, 0, 4]]   — a 2×2 kernel covering 3×3 with 4 weights
///
/// - Throws: `GeometryError` when `dilation < 1` or the tensor's rank is < 2.
public func dilatedKernel<T: BinaryFloatingPoint & Sendable>(
  _ w: Tensor<T>, dilation d: Int
) throws -> Tensor<T> {
  guard d >= 1 else { throw GeometryError("dilation must be at least 1, got \(d)") }
  guard w.rank >= 2 else {
    throw GeometryError("a kernel needs rank ≥ 2 (…, R, S), got \(w.shape)")
  }
  let rows = w.shape[w.rank - 2]
  let columns = w.shape[w.rank - 1]
  let outRows = d * (rows - 1) + 1
  let outColumns = d * (columns - 1) + 1
  let planes = w.shape.dropLast(2).reduce(1, *)
  var result = Tensor<T>(zeros: Array(w.shape.dropLast(2)) + [outRows, outColumns])
  for plane in 0..<planes {
    for r in 0..<rows {
      for s in 0..<columns {
        let target = (plane * outRows + d * r) * outColumns + d * s
        result.scalars[target] = w.scalars[(plane * rows + r) * columns + s]
      }
    }
  }
  return result
}
