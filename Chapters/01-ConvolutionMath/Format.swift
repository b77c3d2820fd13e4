// Printing and timing helpers only the chapter-1 script needs: vectors in parentheses,
// aligned rows, bar charts, block matrices, framed shade maps, a calibrated stopwatch.
// The shared ones (number, matrixText, shadeText, section, check, …) are in ChapterKit.
import CNNCore
import ChapterKit
import Foundation

/// A number as a person writes it (ChapterKit's `number`), under the chapter's short name.
func show(_ x: Double, digits: Int = 4) -> String { number(x, digits: digits) }

/// `(4, 13, 28, 27, 18)`.
func show(_ xs: [Double]) -> String { "(" + xs.map { show($0) }.joined(separator: ", ") + ")" }

func show(_ xs: [Float]) -> String { show(xs.map(Double.init)) }

/// The entries of `values` right-aligned in columns of a common width.
func aligned(_ values: [Double], width: Int? = nil) -> String {
  let texts = values.map { show($0) }
  let w = width ?? (texts.map(\.count).max() ?? 1)
  return texts.map { pad($0, w) }.joined(separator: " ")
}

/// A matrix, one row per line, columns aligned; `blockRows`/`blockColumns` draw lines
/// between blocks (for the doubly-block matrices).
func matrixText(_ m: Tensor<Double>, blockRows: Int = 0, blockColumns: Int = 0) -> String {
  ChapterKit.matrixText(
    m, indent: "    ", separator: " ", blockRows: blockRows, blockColumns: blockColumns)
}

/// A horizontal bar of length `value / maximum · width` in eighths of a block.
func bar(_ value: Double, maximum: Double, width: Int) -> String {
  let eighths = Int((value / maximum * Double(width) * 8).rounded())
  let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
  return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
}

/// A small map as shade blocks in a frame, darker for larger `|value|`, two characters
/// per entry.
func shades(_ m: Tensor<Double>) -> String {
  let magnitude = Tensor(shape: m.shape, scalars: m.scalars.map(abs))
  return shadeText(magnitude, lowest: 0, pixelWidth: 2, indent: "    ", framed: true)
}

/// The time per call, in seconds, of `body`: calls are batched to last at least `minimum`
/// seconds, and the median of `batches` batches is reported.
func timePerCall(minimum: Double = 0.02, batches: Int = 3, _ body: () -> Void) -> Double {
  let single = seconds(body)  // also warms the caches and the plan cache
  guard single <= 4 * minimum else { return single }
  let repeats = max(1, Int(minimum / max(single, 1e-9)))
  return medianSeconds(runs: batches) { for _ in 0..<repeats { body() } } / Double(repeats)
}

/// A time in the unit that suits it: `12.3 µs`, `4.56 ms`, `1.23 s`.
func duration(_ seconds: Double) -> String {
  if seconds < 1e-3 { return String(format: "%.1f µs", seconds * 1e6) }
  if seconds < 1 { return String(format: "%.2f ms", seconds * 1e3) }
  return String(format: "%.2f s", seconds)
}

/// `text` right-aligned in `width` columns.
func pad(_ text: String, _ width: Int) -> String {
  String(repeating: " ", count: max(0, width - text.count)) + text
}
