/// The tolerance for comparing a Float32 sum of `terms` products, each at most `magnitude` in
/// size, computed in two different orders (kernel vs scalar reference).
///
/// ```
///   tolerance = 8 · n · ε · magnitude        ε = 2⁻²³, n = terms
/// ```
/// With random-sign terms the partial sums grow like √n·magnitude and each of the n roundings
/// adds about ε of them, so a typical error is √n · ε · √n·magnitude = n·ε·magnitude; the
/// factor 8 covers the largest of many outputs. (The worst-case bound, n²·ε·magnitude, is far
/// looser than any error seen.)
func sumTolerance(terms: Int, magnitude: Double = 1) -> Double {
  8 * Double(max(1, terms)) * Double(Float.ulpOfOne) * magnitude
}

/// The largest |a[i] − b[i]| (NaN if any element differs by NaN).
func maxDifference(_ a: [Float], _ b: [Float]) -> Double {
  precondition(a.count == b.count, "compared arrays differ in length: \(a.count) vs \(b.count)")
  var worst = 0.0
  for i in a.indices {
    let d = abs(Double(a[i]) - Double(b[i]))
    if d > worst || d.isNaN { worst = d }
  }
  return worst
}
