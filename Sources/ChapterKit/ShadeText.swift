import CNNCore

/// The shades used by `shadeText`, from the lowest value to the highest.
public let shadeLevels: [Character] = [" ", "░", "▒", "▓", "█"]

/// A rank-2 tensor as a picture: each entry becomes one of " ░▒▓█", scaled linearly so that
/// `lowest` is blank and `highest` is a full block (by default the tensor's own min and max).
///
/// ```
///   level = ⌊5·(v − lowest)/(highest − lowest)⌋, clamped to 0…4
///   t: (H, W)   picture: H lines of W·pixelWidth characters (+ 2 with a frame)
/// ```
/// Each line starts with `indent`; `framed` draws a box around the picture.
///
///     shadeText(Tensor<Double>(rows: [[0, 0.5, 1]]))   // " ▒█"
public func shadeText<T: BinaryFloatingPoint & Sendable>(
  _ t: Tensor<T>, lowest: T? = nil, highest: T? = nil, pixelWidth: Int = 1,
  indent: String = "", framed: Bool = false
) -> String {
  precondition(t.rank == 2, "shadeText needs a rank-2 tensor, got \(t.shape)")
  let lo = Double(lowest ?? t.scalars.min() ?? 0)
  let hi = Double(highest ?? t.scalars.max() ?? 1)
  let span = hi > lo ? hi - lo : 1
  let edge = String(repeating: "─", count: pixelWidth * t.shape[1])
  let lines = t.rows.map { row in
    let picture = String(
      row.flatMap { value -> [Character] in
        let level = Int(((Double(value) - lo) / span * 5).rounded(.down))
        return Array(repeating: shadeLevels[min(4, max(0, level))], count: pixelWidth)
      })
    return indent + (framed ? "│" + picture + "│" : picture)
  }
  guard framed else { return lines.joined(separator: "\n") }
  return ([indent + "┌" + edge + "┐"] + lines + [indent + "└" + edge + "┘"])
    .joined(separator: "\n")
}
