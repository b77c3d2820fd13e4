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
