/// The heading line of a chapter section: the title between rules, 88 columns wide for
/// short titles.
///
/// ```
///   "── " + title + " " + "─" × max(3, 84 − title.count)
/// ```
///
///     sectionHeading("1. corr2d")   // "── 1. corr2d ───…─" (88 characters)
public func sectionHeading(_ title: String) -> String {
  "── \(title) " + String(repeating: "─", count: max(3, 84 - title.count))
}

/// Prints an empty line and then `sectionHeading(title)`.
///
///     section("2. output size")   // prints "\n── 2. output size ────…"
public func section(_ title: String) {
  print("\n" + sectionHeading(title))
}
