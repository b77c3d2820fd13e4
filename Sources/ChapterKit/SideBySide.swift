/// Multi-line blocks of text printed next to each other, each padded to its own widest
/// line; trailing spaces are dropped.
///
/// ```
///   line i = block₀[i] padded  +  separator  +  block₁[i] padded  + …
/// ```
///
///     sideBySide(["a\nbb", "c"], separator: " | ")   // "a  | c\nbb |"
public func sideBySide(_ blocks: [String], separator: String = "    ") -> String {
  let split = blocks.map { $0.split(separator: "\n", omittingEmptySubsequences: false) }
  let widths = split.map { $0.map(\.count).max() ?? 0 }
  let height = split.map(\.count).max() ?? 0
  return (0..<height).map { line in
    zip(split, widths).map { lines, width in
      let text = line < lines.count ? String(lines[line]) : ""
      return text + String(repeating: " ", count: width - text.count)
    }.joined(separator: separator)
  }.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
}
