/// The tolerance for comparing a Float32 sum of `terms` products, each at most `magnitude` in
/// size, computed in two different orders (kernel vs scalar reference).
///
/// ```
///   tolerance = 16 · n · ε · magnitude        ε = 2⁻²³, n = terms
/// ```
/// With random-sign terms the partial sums grow like √n·magnitude and each of the n roundings
/// adds about ε of them, so a typical error is √n · ε · √n·magnitude = n·ε·magnitude; a factor
/// 8 covers the largest of many outputs of a plain sum. The factor is 16 because the 3×3
/// stride-1 convolutions run by Winograd's F(2×2, 3×3): there an output's rounding depends on
/// the 4×4 input window of its tile, 16/9 of the 3×3 window of its own terms. A wrong or
/// missing term, of size up to `magnitude`, is still hundreds of times the tolerance
/// (16·1153·ε = 2.2e-3 for the Keras model's c4).
/// (The worst-case bound, n²·ε·magnitude, is far looser than any error seen.)
func sumTolerance(terms: Int, magnitude: Double = 1) -> Double {
  16 * Double(max(1, terms)) * Double(Float.ulpOfOne) * magnitude
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
