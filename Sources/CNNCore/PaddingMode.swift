/// What the padded border of an image is filled with: PyTorch's `F.pad` modes.
///
/// ```
///   i = position relative to the first input pixel (negative: before it; ≥ n: after it)
///   zero        x̃[i] = 0                                   outside 0 … n − 1
///   constant(v) x̃[i] = v                                   outside 0 … n − 1
///   reflect     x̃[i] = x[−i]            (i < 0)            mirror at the edge pixel,
///               x̃[i] = x[2(n − 1) − i]  (i ≥ n)            which is not repeated; pad < n
///   replicate   x̃[i] = x[clamp(i, 0, n − 1)]               repeat the edge pixel
///   circular    x̃[i] = x[i mod n]                          wrap around; pad ≤ n
/// ```
///
/// The row 1 2 3 4 padded by 2 on each side:
///
///     zero       0 0 | 1 2 3 4 | 0 0
///     reflect    3 2 | 1 2 3 4 | 3 2
///     replicate  1 1 | 1 2 3 4 | 4 4
///     circular   3 4 | 1 2 3 4 | 1 2
public enum PaddingMode: Sendable, Equatable, CustomStringConvertible {
  /// Zeros: what convolution layers use by default (`F.pad(mode='constant', value=0)`).
  case zero
  /// A constant fill value (`F.pad(mode='constant', value=v)`).
  case constant(Float)
  /// Mirror around the edge pixel without repeating it (`mode='reflect'`, NumPy's
  /// `'reflect'`); the padding on each side must be smaller than the input along that axis.
  case reflect
  /// Repeat the edge pixel (`mode='replicate'`, NumPy's `'edge'`); any amount of padding.
  case replicate
  /// Wrap around, as if the image tiled the plane (`mode='circular'`, NumPy's `'wrap'`);
  /// the padding on each side may not exceed the input along that axis.
  case circular

  /// The value written into positions that read no input pixel (zero and constant modes).
  public var fill: Float {
    if case .constant(let value) = self { return value }
    return 0
  }

  /// `"zero"`, `"constant(2.5)"`, `"reflect"`, `"replicate"`, `"circular"`.
  public var description: String {
    switch self {
    case .zero: "zero"
    case .constant(let value): "constant(\(value))"
    case .reflect: "reflect"
    case .replicate: "replicate"
    case .circular: "circular"
    }
  }

  /// Checks that `padding` can be applied to an image of `height × width` in this mode,
  /// with the limits PyTorch's `F.pad` enforces.
  ///
  /// ```
  ///   every mode   top, bottom, left, right ≥ 0      (negative padding would crop)
  ///   reflect      top, bottom < H   and   left, right < W
  ///   circular     top, bottom ≤ H   and   left, right ≤ W
  /// ```
  ///
  ///     try PaddingMode.reflect.validate(Padding2D(4), height: 4, width: 5)
  ///     // throws: "reflect padding: top = 4 must be less than the input height 4 …"
  ///
  /// - Throws: `GeometryError` naming the side, the limit and the fix.
  public func validate(_ padding: Padding2D, height: Int, width: Int) throws {
    guard height >= 1, width >= 1 else {
      throw GeometryError(
        "\(self) padding: the input must be at least 1×1, got \(height)×\(width)")
    }
    let sides = [
      ("top", padding.top, "height", height), ("bottom", padding.bottom, "height", height),
      ("left", padding.left, "width", width), ("right", padding.right, "width", width),
    ]
    for (side, amount, axis, size) in sides {
      guard amount >= 0 else {
        throw GeometryError(
          "\(self) padding: \(side) = \(amount) is negative; padding must be ≥ 0 "
            + "(to remove rows or columns, crop the input instead)")
      }
      switch self {
      case .reflect where amount >= size:
        throw GeometryError(
          "reflect padding: \(side) = \(amount) must be less than the input \(axis) \(size) "
            + "(a mirror that does not repeat the edge pixel has only \(size) − 1 = \(size - 1) "
            + "pixel\(size - 1 == 1 ? "" : "s") to copy on each side); use at most \(size - 1), "
            + "or mode replicate, which allows any amount")
      case .circular where amount > size:
        throw GeometryError(
          "circular padding: \(side) = \(amount) exceeds the input \(axis) \(size) "
            + "(the padding would wrap around more than once); use at most \(size)")
      default:
        break
      }
    }
  }
}
