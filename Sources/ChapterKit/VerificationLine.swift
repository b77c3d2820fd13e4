/// The closing line of a chapter: each comparison of a scalar reference with the vectorized
/// core and its largest difference, and an optional note.
///
/// ```
///   "verified: " + "<what> max |diff| = <scientific(d)>" joined by ", " + (" " + note)
/// ```
///
///     verificationLine([("scalar vs vectorized", 2.4e-7)])
///     // "verified: scalar vs vectorized max |diff| = 2.4e-07"
public func verificationLine(_ comparisons: [(String, Double)], note: String? = nil) -> String {
  let parts = comparisons.map { "\($0.0) max |diff| = \(scientific($0.1))" }
  return "verified: " + parts.joined(separator: ", ") + (note.map { " " + $0 } ?? "")
}
