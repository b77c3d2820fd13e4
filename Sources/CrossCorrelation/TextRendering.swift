import CNNCore
import Foundation

/// A rank-2 tensor as aligned text, one row per line; a rank-1 tensor as one row.
/// Whole numbers print without decimals; otherwise every entry gets `decimals` digits.
///
///     print(matrixText(Tensor<Double>(rows: [[19, 25], [37, 43]])))
///     //   19  25
///     //   37  43
public func matrixText<T: BinaryFloatingPoint & Sendable>(
  _ t: Tensor<T>, decimals: Int? = nil, indent: String = "  "
) -> String {
  precondition(t.rank == 1 || t.rank == 2, "matrixText needs rank 1 or 2, got \(t.shape)")
  let columns = t.rank == 1 ? t.count : t.shape[1]
  let allWhole = t.scalars.allSatisfy { $0 == $0.rounded() && abs(Double($0)) < 1e15 }
  let places = decimals ?? (allWhole ? 0 : 2)
  let cells = t.scalars.map { value -> String in
    let v = Double(value) == 0 ? 0 : Double(value)  // never print "-0"
    let text = String(format: "%.\(places)f", v)
    return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
  }
  let width = cells.map(\.count).max() ?? 0
  var lines: [String] = []
  for start in stride(from: 0, to: cells.count, by: max(columns, 1)) {
    let row = cells[start..<min(start + columns, cells.count)]
    lines.append(
      indent
        + row.map { String(repeating: " ", count: width - $0.count) + $0 }
        .joined(separator: "  "))
  }
  return lines.joined(separator: "\n")
}

/// Multi-line blocks of text printed next to each other, each padded to its own widest line
/// (trailing spaces are dropped).
///
///     sideBySide(["a\nbb", "c"], separator: " | ")   // "a  | c\nbb |"
public func sideBySide(_ blocks: [String], separator: String = "    ") -> String {
  let split = blocks.map { $0.components(separatedBy: "\n") }
  let widths = split.map { $0.map(\.count).max() ?? 0 }
  let height = split.map(\.count).max() ?? 0
  return (0..<height).map { line in
    zip(split, widths).map { lines, width in
      let text = line < lines.count ? lines[line] : ""
      return text + String(repeating: " ", count: width - text.count)
    }.joined(separator: separator)
  }.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
}

/// The shades used by `shadeText`, from the lowest value to the highest.
public let shadeLevels: [Character] = [" ", "░", "▒", "▓", "█"]

/// A rank-2 tensor as a picture: each entry becomes one of " ░▒▓█", scaled linearly so that
/// `lowest` is blank and `highest` is a full block (by default the tensor's own min and max).
///
/// ```
///   level = ⌊5·(v − lowest)/(highest − lowest)⌋, clamped to 0…4
/// ```
///
///     shadeText(Tensor<Double>(rows: [[0, 0.5, 1]]))   // " ▒█"
public func shadeText<T: BinaryFloatingPoint & Sendable>(
  _ t: Tensor<T>, lowest: T? = nil, highest: T? = nil, pixelWidth: Int = 1
) -> String {
  precondition(t.rank == 2, "shadeText needs a rank-2 tensor, got \(t.shape)")
  let lo = Double(lowest ?? t.scalars.min() ?? 0)
  let hi = Double(highest ?? t.scalars.max() ?? 1)
  let span = hi > lo ? hi - lo : 1
  return t.rows.map { row in
    String(
      row.flatMap { value -> [Character] in
        let level = Int(((Double(value) - lo) / span * 5).rounded(.down))
        return Array(repeating: shadeLevels[min(4, max(0, level))], count: pixelWidth)
      })
  }.joined(separator: "\n")
}
