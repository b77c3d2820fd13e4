/// Counts of (true class, predicted class) pairs: row = the true digit, column = the
/// network's answer, so the diagonal holds the correct answers.
///
/// ```
///   counts[t][p] = #{ i : label_i = t and prediction_i = p }
///   accuracy     = Σ_t counts[t][t] / Σ_{t,p} counts[t][p]
///   recall(t)    = counts[t][t] / Σ_p counts[t][p]
/// ```
///
///     let m = ConfusionMatrix(labels: [0, 1, 1], predictions: [0, 1, 0], classes: 2)
///     m.counts     // [[1, 0], [1, 1]]
///     m.accuracy   // 0.6667   (2 of 3 on the diagonal)
public struct ConfusionMatrix: Sendable, Equatable {
  /// `counts[t][p]`, `classes × classes`.
  public private(set) var counts: [[Int]]

  /// The matrix of `labels` against `predictions` (same length, values in 0..<classes).
  public init(labels: [Int], predictions: [Int], classes: Int) {
    precondition(
      labels.count == predictions.count,
      "\(labels.count) labels but \(predictions.count) predictions")
    counts = Array(repeating: Array(repeating: 0, count: classes), count: classes)
    for (t, p) in zip(labels, predictions) {
      precondition(
        (0..<classes).contains(t) && (0..<classes).contains(p),
        "label \(t) or prediction \(p) is not a class in 0..<\(classes)")
      counts[t][p] += 1
    }
  }

  /// The number of classes.
  public var classes: Int { counts.count }
  /// All pairs counted.
  public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
  /// The fraction on the diagonal.
  public var accuracy: Double {
    Double((0..<classes).reduce(0) { $0 + counts[$1][$1] }) / Double(max(total, 1))
  }
  /// The fraction of class `t` recognised as `t`.
  public func recall(_ t: Int) -> Double {
    Double(counts[t][t]) / Double(max(counts[t].reduce(0, +), 1))
  }

  /// The matrix as aligned text, with the row sums and recalls.
  ///
  /// ```
  ///   true\pred    0    1 …   count  recall
  ///           0  977    0 …     980  99.69%
  /// ```
  public var table: String {
    let width = max(4, String(counts.flatMap { $0 }.max() ?? 0).count + 1)
    func cell(_ s: String) -> String { s.padded(width) }
    var lines = [
      "true\\pred " + (0..<classes).map { cell(String($0)) }.joined() + "   count  recall"
    ]
    for t in 0..<classes {
      let row = counts[t].map { cell(String($0)) }.joined()
      let n = counts[t].reduce(0, +)
      let recallText = String(Int((recall(t) * 10_000).rounded()))
      let percent = recallText.count > 2
        ? String(recallText.dropLast(2)) + "." + String(recallText.suffix(2))
        : "0." + recallText.padded(2).replacingOccurrences(of: " ", with: "0")
      lines.append(
        String(t).padded(9) + " " + row + String(n).padded(8) + (percent + "%").padded(8))
    }
    return lines.joined(separator: "\n")
  }
}
