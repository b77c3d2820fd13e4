import CNNCore

/// The `"padding": {"top": …, "bottom": …, "left": …, "right": …}` object of the conv2d and
/// pad fixtures: how many rows or columns are added on each side.
///
///     // {"top": 1, "bottom": 2, "left": 0, "right": 1}.padding2D
///     //   == Padding2D(top: 1, bottom: 2, left: 0, right: 1)
struct FixturePadding: Decodable, Sendable {
  let top: Int, bottom: Int, left: Int, right: Int

  var padding2D: Padding2D { Padding2D(top: top, bottom: bottom, left: left, right: right) }
}
