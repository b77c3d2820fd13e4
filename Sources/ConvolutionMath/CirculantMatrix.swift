import CNNCore

/// The circulant matrix of a kernel for period `M`: `C·x = x ⊛ k` (circular convolution).
///
/// ```
///   C[n, m] = k̃[(n − m) mod M]          k̃ = k zero-padded to length M
///
///   k: (N ≤ M)   C: (M, M)
/// ```
/// Every row is the row above rotated one step right, so the last tap of a row wraps
/// round to its front: the Toeplitz matrix with its corners filled in.
///
///     circulantMatrix(kernel: [1.0, 2], count: 3).rows
///     // [[1, 0, 2],
///     //  [2, 1, 0],
///     //  [0, 2, 1]]
///
/// - Precondition: `1 ≤ kernel.count ≤ count`.
public func circulantMatrix<T: BinaryFloatingPoint & Sendable>(
  kernel k: [T], count: Int
) -> Tensor<T> {
  precondition(
    !k.isEmpty && k.count <= count,
    "circulantMatrix needs 1 ≤ kernel length ≤ count, got \(k.count) and \(count)")
  var c = Tensor<T>(zeros: [count, count])
  for n in 0..<count {
    for m in 0..<count {
      let index = ((n - m) % count + count) % count
      if index < k.count { c[n, m] = k[index] }
    }
  }
  return c
}

/// The doubly-block circulant matrix of a 2-D kernel on an `H × W` torus:
/// `D·vec(A) = vec(A ⊛ K)` (circular 2-D convolution), `vec` flattening row by row.
///
/// ```
///   D[(i, j), (a, b)] = K̃((i − a) mod H, (j − b) mod W)      K̃ = K zero-padded to H × W
///
///   k: (R ≤ H, S ≤ W)   D: (H·W, H·W)
/// ```
/// Cut into `H × H` blocks of size `W × W`: block `(i, a)` is
/// `circulantMatrix(kernel: K̃[(i − a) mod H, ·], count: W)`, and the blocks themselves
/// repeat circulantly: a circulant matrix of circulant matrices. The 2-D DFT diagonalizes
/// every such matrix, which is the convolution theorem in matrix form.
///
///     // K = [[1, 2]], 2 × 2 torus: D is 4 × 4
///     doublyBlockCirculantMatrix(kernel: K, height: 2, width: 2).rows
///     // [[1, 2, 0, 0], [2, 1, 0, 0], [0, 0, 1, 2], [0, 0, 2, 1]]
///
/// - Precondition: the kernel has rank 2 and fits inside `height × width`.
public func doublyBlockCirculantMatrix<T: BinaryFloatingPoint & Sendable>(
  kernel k: Tensor<T>, height h: Int, width w: Int
) -> Tensor<T> {
  precondition(
    k.rank == 2 && k.count > 0 && k.shape[0] <= h && k.shape[1] <= w,
    "doublyBlockCirculantMatrix needs a rank-2 kernel that fits in \(h) × \(w), got \(k.shape)")
  let zeroRow = [T](repeating: 0, count: k.shape[1])
  let blocks = (0..<h).map { row in
    circulantMatrix(kernel: row < k.shape[0] ? k.rows[row] : zeroRow, count: w)
  }
  var d = Tensor<T>(zeros: [h * w, h * w])
  for i in 0..<h {
    for a in 0..<h {
      let block = blocks[((i - a) % h + h) % h]
      for row in 0..<w {
        for column in 0..<w {
          d[i * w + row, a * w + column] = block[row, column]
        }
      }
    }
  }
  return d
}
