import CNNCore
import Foundation

/// A rank-2 tensor as text, one row per line, the columns right-aligned to the widest
/// entry; a rank-1 tensor as one row.
///
/// ```
///   cell = decimals == nil ? number(v) : String(format: "%.<decimals>f", v)   (never "-0")
///   line = indent + cells, each padded on the left to the widest cell, joined by separator
///   t: (H, W) or (W)
/// ```
/// `blockRows`/`blockColumns` (when > 0) draw `─`/`│` lines between blocks of that many rows
/// and columns and print zeros as `·`, for block matrices.
///
///     print(matrixText(Tensor<Double>(rows: [[19, 25], [37, 43]])))
///     //   19  25
///     //   37  43
public func matrixText<T: BinaryFloatingPoint & Sendable>(
  _ t: Tensor<T>, decimals: Int? = nil, indent: String = "  ", separator: String = "  ",
  blockRows: Int = 0, blockColumns: Int = 0
) -> String {
  precondition(t.rank == 1 || t.rank == 2, "matrixText needs rank 1 or 2, got \(t.shape)")
  let columns = max(1, t.rank == 1 ? t.count : t.shape[1])
  let blocked = blockRows > 0 || blockColumns > 0
  let cells = t.scalars.map { value -> String in
    if blocked && value == 0 { return "·" }
    guard let places = decimals else { return number(value) }
    let text = String(format: "%.\(places)f", Double(value))
    return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
  }
  let width = cells.map(\.count).max() ?? 0
  var lines: [String] = []
  for (i, start) in stride(from: 0, to: cells.count, by: columns).enumerated() {
    let row = cells[start..<min(start + columns, cells.count)]
    if blockRows > 0 && i > 0 && i % blockRows == 0 {
      let rule = row.indices.map { j in
        let first = j == start
        let cross = blockColumns > 0 && !first && (j - start) % blockColumns == 0
        return (cross ? String(repeating: "─", count: separator.count) + "┼" : "")
          + String(repeating: "─", count: width + (first ? 0 : separator.count))
      }
      lines.append(indent + rule.joined())
    }
    var line = ""
    for (j, cell) in row.enumerated() {
      if j > 0 {
        line += blockColumns > 0 && j % blockColumns == 0 ? separator + "│" + separator : separator
      }
      line += String(repeating: " ", count: width - cell.count) + cell
    }
    lines.append(indent + line)
  }
  return lines.joined(separator: "\n")
}

/// Rows of numbers as aligned text; the same as `matrixText(Tensor(rows: rows), …)`.
///
///     matrixText([[1, 2], [3, 4]], separator: " ")   // "  1 2\n  3 4"
public func matrixText(
  _ rows: [[Double]], decimals: Int? = nil, indent: String = "  ", separator: String = "  "
) -> String {
  matrixText(Tensor(rows: rows), decimals: decimals, indent: indent, separator: separator)
}
