import CNNCore

/// A convolution layer computed the way fast libraries do, but in plain code: for every
/// image and group, unfold the receptive fields (`im2colReference`), multiply by the
/// weights viewed as a matrix (`matmulReference`), and view the product as feature maps.
///
/// ```
///   X_col = im2col(x[n, group g])                     (C/G·R·S, P·Q)
///   W_row = w[filters of g] viewed as a matrix        (K/G, C/G·R·S)
///   Y     = W_row · X_col  (+ b[k] on row k)          (K/G, P·Q)  →  y[n, filters of g]
///
///   x: (N, C, H, W)   w: (K, C/G, R, S)   b: (K) or nil   y: (N, K, P, Q)
/// ```
/// It computes exactly what `conv2dReference` computes (tests check it for random
/// configurations), and it is the algorithm of `CNNCore.conv2d`.
///
///     // AlexNet conv1: X_col (363, 3025), W_row (96, 363), Y (96, 3025) → (1, 96, 55, 55)
///
/// - Throws: `GeometryError` if a shape does not match the geometry.
@inlinable
public func conv2dIm2ColReference<T: BinaryFloatingPoint & Sendable>(
  input x: Tensor<T>, weight w: Tensor<T>, bias b: Tensor<T>?, geometry g: Conv2DGeometry
) throws -> Tensor<T> {
  guard x.shape == g.inputShape, w.shape == g.weightShape else {
    throw GeometryError(
      "for \(g) the input must be \(g.inputShape) and the weight \(g.weightShape), "
        + "got \(x.shape) and \(w.shape)")
  }
  if let b { try requireEqual(b.count, g.outChannels, "bias elements and filters K") }
  let (channelsPerGroup, filtersPerGroup) = (g.inChannelsPerGroup, g.outChannelsPerGroup)
  let rowLength = channelsPerGroup * g.kernelHeight * g.kernelWidth
  var maps: [Tensor<T>] = []  // (K/G, P, Q) blocks in the order (n, g)
  for n in 0..<g.batch {
    let image = outerSlice(x, n)
    for group in 0..<g.groups {
      let channels = group * channelsPerGroup..<(group + 1) * channelsPerGroup
      let filters = group * filtersPerGroup..<(group + 1) * filtersPerGroup
      let xCol = try im2colReference(outerSlice(image, channels), geometry: g)
      let wRow = outerSlice(w, filters).reshaped([filtersPerGroup, rowLength])
      var y = try matmulReference(wRow, xCol)
      if let b {
        for k in 0..<filtersPerGroup {
          for column in 0..<y.shape[1] { y[k, column] += b[filters.lowerBound + k] }
        }
      }
      maps.append(y.reshaped([filtersPerGroup, g.outHeight, g.outWidth]))
    }
  }
  return outerConcatenation(maps).reshaped(g.outputShape)
}
