import Foundation

extension History {
  /// A hand-written SVG picture of the history: two panels, loss and val_loss on the left,
  /// accuracy and val_accuracy on the right, against the epoch, with ticks, grid lines and a
  /// legend (training solid blue, validation dashed orange).
  ///
  /// ```
  /// y ticks: step = 1, 2 or 5 × 10ᵏ, the smallest giving ≤ 6 intervals over [min, max]
  /// x ticks: every epoch up to 10 epochs, else every ⌈epochs / 10⌉ rounded to 1, 2, 5 × 10ᵏ
  /// ```
  ///
  ///     try history.writeSVG(to: URL(fileURLWithPath: "history.svg"))
  public func svg(title: String = "Training history") -> String {
    let (panelWidth, panelHeight) = (420.0, 300.0)
    let width = 2 * panelWidth + 20, height = panelHeight + 70
    var out = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
      viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" \
      font-size="12">
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(Int(width / 2))" y="22" text-anchor="middle" font-size="16">\(escape(title))</text>

      """
    let epochNumbers = epochs.map { Double($0.epoch) }
    out += HistoryPanel(
      title: "loss", x: 10, y: 40, width: panelWidth, height: panelHeight, epochs: epochNumbers,
      series: [("loss", loss.map(Double.init)),
               ("val_loss", validationLoss.map { $0.map(Double.init) ?? .nan })]
    ).svg()
    out += HistoryPanel(
      title: "accuracy", x: 10 + panelWidth + 10, y: 40, width: panelWidth, height: panelHeight,
      epochs: epochNumbers,
      series: [("acc", accuracy.map(Double.init)),
               ("val_acc", validationAccuracy.map { $0.map(Double.init) ?? .nan })]
    ).svg()
    return out + "</svg>\n"
  }
}

/// `&`, `<`, `>` and `"` as XML entities.
func escape(_ s: String) -> String {
  s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}

/// Tick values covering [low, high]: multiples of a step of 1, 2 or 5 × 10ᵏ, at most
/// `maxIntervals` intervals.  `niceTicks(0.031, 0.42)` → [0, 0.1, 0.2, 0.3, 0.4, 0.5].
func niceTicks(_ low: Double, _ high: Double, maxIntervals: Int = 6) -> [Double] {
  var (lo, hi) = (low, high)
  if !(hi > lo) { (lo, hi) = (lo - 0.5, lo + 0.5) }
  let raw = (hi - lo) / Double(maxIntervals)
  let magnitude = pow(10, floor(log10(raw)))
  let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-9) }!
  let first = floor(lo / step + 1e-9), last = ceil(hi / step - 1e-9)
  return stride(from: first, through: last, by: 1).map { $0 * step }
}

/// One panel of the history plot: axes, ticks, grid, two series and a legend.
struct HistoryPanel {
  var title: String
  var x: Double, y: Double, width: Double, height: Double
  var epochs: [Double]
  var series: [(name: String, values: [Double])]

  func svg() -> String {
    let (left, right, top, bottom) = (x + 55, x + width - 10, y + 42, y + height - 40)
    let finite = series.flatMap(\.values).filter(\.isFinite)
    let yTicks = niceTicks(finite.min() ?? 0, finite.max() ?? 1)
    let (yLow, yHigh) = (yTicks.first!, yTicks.last!)
    let lastEpoch = max(epochs.last ?? 1, 1)
    let xStep = lastEpoch <= 10 ? 1 : niceTicks(0, lastEpoch, maxIntervals: 10)[1]
    let xTicks = stride(from: lastEpoch <= 10 ? 1 : 0, through: lastEpoch, by: xStep).map { $0 }
    let xLow = lastEpoch <= 1 ? 0.5 : (lastEpoch <= 10 ? 1 : 0)
    let xHigh = lastEpoch <= 1 ? 1.5 : lastEpoch
    func px(_ e: Double) -> Double { left + (e - xLow) / (xHigh - xLow) * (right - left) }
    func py(_ v: Double) -> Double { bottom - (v - yLow) / (yHigh - yLow) * (bottom - top) }
    func f(_ v: Double) -> String { String(format: "%.1f", v) }
    let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
    let decimals = max(0, -Int(floor(log10(max(yStep, 1e-9)))))

    var s = "<g>\n"
    s += "<text x=\"\(f((left + right) / 2))\" y=\"\(f(y + 10))\" text-anchor=\"middle\" "
      + "font-size=\"14\">\(escape(title))</text>\n"
    for t in yTicks {
      s += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(right))\" y2=\"\(f(py(t)))\" "
        + "stroke=\"#e0e0e0\"/>\n"
      s += "<line x1=\"\(f(left - 5))\" y1=\"\(f(py(t)))\" x2=\"\(f(left))\" y2=\"\(f(py(t)))\" "
        + "stroke=\"black\"/>\n"
      s += "<text x=\"\(f(left - 8))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">"
        + String(format: "%.\(decimals)f", t) + "</text>\n"
    }
    for t in xTicks {
      s += "<line x1=\"\(f(px(t)))\" y1=\"\(f(bottom))\" x2=\"\(f(px(t)))\" "
        + "y2=\"\(f(bottom + 5))\" stroke=\"black\"/>\n"
      s += "<text x=\"\(f(px(t)))\" y=\"\(f(bottom + 18))\" text-anchor=\"middle\">"
        + "\(Int(t))</text>\n"
    }
    s += "<polyline points=\"\(f(left)),\(f(top)) \(f(left)),\(f(bottom)) "
      + "\(f(right)),\(f(bottom))\" fill=\"none\" stroke=\"black\"/>\n"
    s += "<text x=\"\(f((left + right) / 2))\" y=\"\(f(bottom + 34))\" text-anchor=\"middle\">"
      + "epoch</text>\n"
    let styles = [("#1f77b4", ""), ("#ff7f0e", " stroke-dasharray=\"6 4\"")]
    // The legend sits in its own row between the panel title and the plot, right-aligned.
    var legendX = right - 90 * Double(series.count) + 10
    let legendY = y + 28
    for (k, entry) in series.enumerated() {
      let (color, dash) = styles[k % styles.count]
      let points = zip(epochs, entry.values).filter { $0.1.isFinite }
      guard !points.isEmpty else { continue }
      let coordinates = points.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " ")
      s += "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(color)\" "
        + "stroke-width=\"2\"\(dash)/>\n"
      for (e, v) in points {
        s += "<circle cx=\"\(f(px(e)))\" cy=\"\(f(py(v)))\" r=\"3\" fill=\"\(color)\"/>\n"
      }
      s += "<line x1=\"\(f(legendX))\" y1=\"\(f(legendY))\" x2=\"\(f(legendX + 28))\" "
        + "y2=\"\(f(legendY))\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>\n"
      s += "<text x=\"\(f(legendX + 34))\" y=\"\(f(legendY + 4))\">\(escape(entry.name))</text>\n"
      legendX += 90
    }
    return s + "</g>\n"
  }
}
