import CNNCore

/// Hand-made kernels that find edges, and the small test images the chapter runs them on.
///
/// All kernels are meant for `corr2d` (cross-correlation). A kernel whose entries sum to
/// zero answers 0 on a flat region and only speaks where the intensity changes.
///
///     try corr2d(EdgeDetection.stripeImage(Double.self),
///                EdgeDetection.differenceKernel(Double.self)).rows[0]
///     // [0, 1, 0, 0, 0, −1, 0]: +1 where bright turns dark, −1 where dark turns bright
public enum EdgeDetection {
  /// `[[1, −1]]` (1×2): `y[i, j] = x[i, j] − x[i, j + 1]`, a horizontal difference.
  public static func differenceKernel<T: BinaryFloatingPoint & Sendable>(
    _: T.Type = T.self
  ) -> Tensor<T> {
    Tensor(rows: [[1, -1]])
  }

  /// The 3×3 vertical-edge detector `[[1, 0, −1], [1, 0, −1], [1, 0, −1]]`: the sum of the
  /// left column minus the sum of the right column of each window.
  public static func verticalEdgeKernel<T: BinaryFloatingPoint & Sendable>(
    _: T.Type = T.self
  ) -> Tensor<T> {
    Tensor(rows: [[1, 0, -1], [1, 0, -1], [1, 0, -1]])
  }

  /// Sobel's horizontal-gradient kernel, as a cross-correlation kernel: positive where the
  /// image gets brighter to the right. (Written for true convolution it is the same matrix
  /// rotated by 180°, `[[1, 0, −1], [2, 0, −2], [1, 0, −1]]`.)
  ///
  /// ```
  ///   [[−1, 0, 1],
  ///    [−2, 0, 2],
  ///    [−1, 0, 1]]      = (1, 2, 1)ᵀ ⊗ (−1, 0, 1): smoothing down, difference across
  /// ```
  public static func sobelX<T: BinaryFloatingPoint & Sendable>(_: T.Type = T.self) -> Tensor<T> {
    Tensor(rows: [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
  }

  /// Sobel's vertical-gradient kernel (positive where the image gets brighter downwards):
  /// `sobelX` transposed, `[[−1, −2, −1], [0, 0, 0], [1, 2, 1]]`.
  public static func sobelY<T: BinaryFloatingPoint & Sendable>(_: T.Type = T.self) -> Tensor<T> {
    Tensor(rows: [[-1, -2, -1], [0, 0, 0], [1, 2, 1]])
  }

  /// The 4-neighbour Laplacian, a second difference in both directions. It is symmetric,
  /// so cross-correlation and convolution agree for it.
  ///
  /// ```
  ///   [[0,  1, 0],
  ///    [1, −4, 1],      y = x[up] + x[down] + x[left] + x[right] − 4·x[centre]
  ///    [0,  1, 0]]
  /// ```
  public static func laplacian<T: BinaryFloatingPoint & Sendable>(
    _: T.Type = T.self
  ) -> Tensor<T> {
    Tensor(rows: [[0, 1, 0], [1, -4, 1], [0, 1, 0]])
  }

  /// A 6×8 image that is 1 (bright) except its middle four columns (2…5), which are 0.
  public static func stripeImage<T: BinaryFloatingPoint & Sendable>(
    _: T.Type = T.self
  ) -> Tensor<T> {
    var x = Tensor<T>(shape: [6, 8], repeating: 1)
    for i in 0..<6 {
      for j in 2..<6 { x[i, j] = 0 }
    }
    return x
  }

  /// A 6×6 image whose left half is 10 and right half is 0: one vertical edge in the middle.
  public static func halfBrightImage<T: BinaryFloatingPoint & Sendable>(
    _: T.Type = T.self
  ) -> Tensor<T> {
    var x = Tensor<T>(zeros: [6, 6])
    for i in 0..<6 {
      for j in 0..<3 { x[i, j] = 10 }
    }
    return x
  }

  /// The length of the gradient at every pixel, from the two Sobel responses.
  ///
  /// ```
  ///   m[i, j] = √(gx[i, j]² + gy[i, j]²)        gx, gy, m: (H, W)
  /// ```
  public static func gradientMagnitude<T: BinaryFloatingPoint & Sendable>(
    _ gx: Tensor<T>, _ gy: Tensor<T>
  ) -> Tensor<T> {
    precondition(gx.shape == gy.shape, "gradient shapes differ: \(gx.shape) and \(gy.shape)")
    let lengths = zip(gx.scalars, gy.scalars).map { ($0 * $0 + $1 * $1).squareRoot() }
    return Tensor(shape: gx.shape, scalars: lengths)
  }
}
