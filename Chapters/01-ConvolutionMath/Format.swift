// Printing and timing helpers for the chapter-1 script: aligned vectors and matrices,
// bar charts, shade maps, a stopwatch, and the list of checks the script makes.
import CNNCore
import Foundation

/// A number as a person writes it: whole numbers without a decimal point, others with
/// up to `digits` significant digits.
func show(_ x: Double, digits: Int = 4) -> String {
  if x == x.rounded() && abs(x) < 1e9 { return String(Int(x)) }
  return String(format: "%.\(digits)g", x)
}

/// `(4, 13, 28, 27, 18)`.
func show(_ xs: [Double]) -> String { "(" + xs.map { show($0) }.joined(separator: ", ") + ")" }

func show(_ xs: [Float]) -> String { show(xs.map(Double.init)) }

/// A difference in scientific notation, e.g. `2.4e-07` (and `0` when exact).
func sci(_ x: Double) -> String { x == 0 ? "0" : String(format: "%.1e", x) }

/// The entries of `values` right-aligned in columns of a common width.
func aligned(_ values: [Double], width: Int? = nil) -> String {
  let texts = values.map { show($0) }
  let w = width ?? (texts.map(\.count).max() ?? 1)
  return texts.map { String(repeating: " ", count: max(0, w - $0.count)) + $0 }
    .joined(separator: " ")
}

/// A matrix, one row per line, columns aligned; `blockRows`/`blockColumns` draw lines
/// between blocks (for the doubly-block matrices).
func matrixText(
  _ m: Tensor<Double>, indent: String = "    ", blockRows: Int = 0, blockColumns: Int = 0
) -> String {
  let w = m.scalars.map { show($0).count }.max() ?? 1
  var lines = [String]()
  for (i, row) in m.rows.enumerated() {
    if blockRows > 0 && i > 0 && i % blockRows == 0 {
      let cells = (0..<row.count).map { j in
        (blockColumns > 0 && j > 0 && j % blockColumns == 0 ? "─┼" : "")
          + String(repeating: "─", count: w + (j == 0 ? 0 : 1))
      }
      lines.append(indent + cells.joined())
    }
    var line = ""
    for (j, value) in row.enumerated() {
      if j > 0 { line += blockColumns > 0 && j % blockColumns == 0 ? " │ " : " " }
      let text = value == 0 && blockRows > 0 ? "·" : show(value)
      line += String(repeating: " ", count: w - text.count) + text
    }
    lines.append(indent + line)
  }
  return lines.joined(separator: "\n")
}

/// A horizontal bar of length `value / maximum · width` in eighths of a block.
func bar(_ value: Double, maximum: Double, width: Int) -> String {
  let eighths = Int((value / maximum * Double(width) * 8).rounded())
  let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
  return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
}

/// A small map as shade blocks in a frame, darker for larger `|value|`, two characters
/// per entry.
func shades(_ m: Tensor<Double>, indent: String = "    ") -> String {
  let levels = Array(" ░▒▓█")
  let top = m.scalars.map(abs).max() ?? 1
  let edge = String(repeating: "─", count: 2 * m.shape[1])
  let rows = m.rows.map { row in
    indent + "│" + row.map { value -> String in
      let level = top == 0 ? 0 : Int((abs(value) / top * 4).rounded())
      return String(repeating: levels[level], count: 2)
    }.joined() + "│"
  }
  return ([indent + "┌" + edge + "┐"] + rows + [indent + "└" + edge + "┘"])
    .joined(separator: "\n")
}

/// The best time per call, in seconds, of `body`: batches of calls of at least `minimum`
/// seconds each, the fastest of `batches`.
func bestTime(minimum: Double = 0.02, batches: Int = 3, _ body: () -> Void) -> Double {
  let clock = ContinuousClock()
  let once = clock.measure(body)  // also warms the caches and the plan cache
  let single = seconds(once)
  let repeats = max(1, Int(minimum / max(single, 1e-9)))
  var best = single
  for _ in 0..<(single > 4 * minimum ? 1 : batches) {
    let elapsed = clock.measure { for _ in 0..<repeats { body() } }
    best = min(best, seconds(elapsed) / Double(repeats))
  }
  return best
}

/// A `Duration` in seconds.
func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// A time in the unit that suits it: `12.3 µs`, `4.56 ms`, `1.23 s`.
func duration(_ seconds: Double) -> String {
  if seconds < 1e-3 { return String(format: "%.1f µs", seconds * 1e6) }
  if seconds < 1 { return String(format: "%.2f ms", seconds * 1e3) }
  return String(format: "%.2f s", seconds)
}

/// The checks this script makes; it exits with status 1 if any failed.
nonisolated(unsafe) var failedChecks = [String]()

/// Records a check; a failed one is printed at once and again at the end.
func check(_ condition: Bool, _ what: String) {
  if !condition {
    failedChecks.append(what)
    print("  ✘ CHECK FAILED: \(what)")
  }
}

/// The largest `|a[i] − b[i]|` (lengths must match).
func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
  guard a.count == b.count else { return .infinity }
  return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// `text` right-aligned in `width` columns.
func pad(_ text: String, _ width: Int) -> String {
  String(repeating: " ", count: max(0, width - text.count)) + text
}

/// A section heading.
func heading(_ title: String) {
  print("\n" + title + "\n" + String(repeating: "─", count: title.count))
}
