/// Padding on the four sides of an image; `Padding2D(1)` pads every side by one.
public struct Padding2D: Equatable, Sendable, CustomStringConvertible {
  public var top: Int, bottom: Int, left: Int, right: Int

  public init(top: Int, bottom: Int, left: Int, right: Int) {
    self.top = top; self.bottom = bottom; self.left = left; self.right = right
  }
  /// The same padding `p` on every side.
  public init(_ p: Int) { self.init(top: p, bottom: p, left: p, right: p) }
  /// `height` rows above and below, `width` columns left and right.
  public init(height: Int, width: Int) {
    self.init(top: height, bottom: height, left: width, right: width)
  }

  public var isSymmetric: Bool { top == bottom && left == right && top == left }
  public var description: String {
    isSymmetric ? "\(top)" : "(top \(top), bottom \(bottom), left \(left), right \(right))"
  }
}

extension Padding2D {
  /// The height and width of the input that, padded by `self`, has the shape `paddedShape`:
  /// what a padding's backward pass needs to know about its input.
  ///
  /// ```
  ///   H = H′ − top − bottom,   W = W′ − left − right      paddedShape: (…, H′, W′)
  /// ```
  ///
  ///     try Padding2D(1).unpaddedSize(of: [2, 5, 7], operation: "pad2dBackward")   // (3, 5)
  ///
  /// - Throws: `GeometryError` naming `operation` if `paddedShape` has fewer than two axes or
  ///   the padding leaves less than 1×1.
  public func unpaddedSize(
    of paddedShape: [Int], operation: String
  ) throws -> (height: Int, width: Int) {
    guard paddedShape.count >= 2 else {
      throw GeometryError(
        "\(operation) needs a tensor of rank ≥ 2 (…, H, W), got shape \(paddedShape)")
    }
    let outHeight = paddedShape[paddedShape.count - 2]
    let outWidth = paddedShape[paddedShape.count - 1]
    let height = outHeight - top - bottom
    let width = outWidth - left - right
    guard height >= 1, width >= 1 else {
      throw GeometryError(
        "\(operation): the gradient is \(outHeight)×\(outWidth) but the padding \(self) "
          + "leaves an input of \(height)×\(width); pass the gradient of the padded output")
    }
    return (height, width)
  }
}
