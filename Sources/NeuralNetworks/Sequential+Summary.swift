extension Sequential {
  /// A table of the layers: name, kind, per-sample output shape and parameter count, with
  /// totals (like Keras' `model.summary()`).
  ///
  /// ```
  /// layer     kind       output shape   parameters
  /// --------  ---------  -------------  ----------
  /// input                1×28×28
  /// conv1     Conv2D     6×28×28               156      (6·1·5·5 + 6 = 156)
  /// …
  /// buffers (saved, not trained, e.g. batch-norm statistics): 12      (only if any)
  /// total parameters: 61,706
  /// ```
  public func summary() -> String {
    func dims(_ s: [Int]) -> String { s.map(String.init).joined(separator: "×") }
    var rows: [[String]] = [["layer", "kind", "output shape", "parameters"]]
    rows.append(["input", "", dims(inputShape), ""])
    for (layer, shape) in zip(layers, shapes) {
      rows.append([layer.name, layer.kind, dims(shape), grouped(layer.parameterCount)])
    }
    var widths = [Int](repeating: 0, count: 4)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    func render(_ row: [String]) -> String {
      var line = ""
      for (i, cell) in row.enumerated() {
        let pad = String(repeating: " ", count: widths[i] - cell.count)
        line += i == 3 ? pad + cell : cell + pad + "  "
      }
      while line.hasSuffix(" ") { line.removeLast() }
      return line
    }
    var lines = [render(rows[0]), render(widths.map { String(repeating: "-", count: $0) })]
    lines += rows.dropFirst().map(render)
    let bufferCount = buffers.reduce(0) { $0 + $1.count }
    if bufferCount > 0 {
      lines.append(
        "buffers (saved, not trained, e.g. batch-norm statistics): \(grouped(bufferCount))")
    }
    lines.append("total parameters: \(grouped(parameterCount))")
    return lines.joined(separator: "\n")
  }
}

/// 61706 → "61,706".
func grouped(_ n: Int) -> String {
  let digits = String(n.magnitude)
  var out = ""
  for (i, c) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
    out.append(c)
  }
  return (n < 0 ? "-" : "") + out
}
