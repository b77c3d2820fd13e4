import CNNCore

/// The doubly-block Toeplitz matrix of a 2-D kernel: `D·vec(A) = vec(K * A)` for every
/// `H × W` image `A`, where `vec` flattens row by row (entry `(a, b)` at `a·W + b`).
///
/// ```
///   D[(i, j), (a, b)] = K(i − a, j − b)   when 0 ≤ i − a < R and 0 ≤ j − b < S, else 0
///
///   k: (R, S)   image: (H, W)   D: (P·Q, H·W), (P, Q) the output shape
///                               (full: P = H + R − 1, Q = W + S − 1)
/// ```
/// Cut `D` into `P × H` blocks of size `Q × W`: block `(i, a)` is the 1-D Toeplitz matrix
/// `toeplitzMatrix(kernel: K[i − a, ·], inputCount: W)` of kernel row `i − a` (zero when
/// that row does not exist). Blocks depend only on `i − a`, so the blocks form a Toeplitz
/// pattern too: a Toeplitz matrix of Toeplitz matrices.
///
///     // K = [[1, 2], [3, 4]], image 2 × 2, full: D is (3·3) × (2·2) = 9 × 4
///     doublyBlockToeplitzMatrix(kernel: K, inputHeight: 2, inputWidth: 2, mode: .full).shape
///     // [9, 4]
///
/// - Precondition: `kernel` has rank 2 and at least one element; `inputHeight`,
///   `inputWidth` ≥ 1.
public func doublyBlockToeplitzMatrix<T: BinaryFloatingPoint & Sendable>(
  kernel k: Tensor<T>, inputHeight h: Int, inputWidth w: Int, mode: ConvolutionMode
) -> Tensor<T> {
  precondition(
    k.rank == 2 && k.count > 0 && h >= 1 && w >= 1,
    "doublyBlockToeplitzMatrix needs a non-empty rank-2 kernel and an image of at least "
      + "1 × 1, got kernel \(k.shape) and image \(h) × \(w)")
  let r = k.shape[0]
  let outRows = mode.outputRange(h, r)
  let blocks = k.rows.map { toeplitzMatrix(kernel: $0, inputCount: w, mode: mode) }
  let q = blocks[0].shape[0]  // output columns; every block is Q × W
  var d = Tensor<T>(zeros: [outRows.count * q, h * w])
  for i in outRows {
    for a in 0..<h where i - a >= 0 && i - a < r {
      let block = blocks[i - a]
      for row in 0..<q {
        for column in 0..<w {
          d[(i - outRows.lowerBound) * q + row, a * w + column] = block[row, column]
        }
      }
    }
  }
  return d
}
