/// The Winograd tilings with 6×6 input tiles, F(4×4, 3×3) and F(2×2, 5×5): they differ in
/// `combine` (the rows of Bᵀ applied to 6 values) and share the code around it.
protocol WinogradSixInputs: WinogradTiling {
  /// `Bᵀ · (d0, …, d5)` on 8 lanes at once.
  static func combine(
    _ d0: SIMD8<Float>, _ d1: SIMD8<Float>, _ d2: SIMD8<Float>, _ d3: SIMD8<Float>,
    _ d4: SIMD8<Float>, _ d5: SIMD8<Float>
  ) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)
}

extension WinogradSixInputs {
  /// `f_a = Σ_i Bᵀ[a, i]·row_i` for the 6 rows of the ring (see `WinogradTiling`).
  @inline(__always)
  static func transformInputColumns(
    ring: UnsafePointer<Float>, first: Int, slot: Int, into f: UnsafeMutablePointer<Float>,
    stride: Int
  ) {
    store6(
      combine(
        load8(ring + (first % 6) * slot), load8(ring + ((first + 1) % 6) * slot),
        load8(ring + ((first + 2) % 6) * slot), load8(ring + ((first + 3) % 6) * slot),
        load8(ring + ((first + 4) % 6) * slot), load8(ring + ((first + 5) % 6) * slot)),
      f, stride: stride)
  }
}

/// Stores the six vectors of `r` at `p`, `p + stride`, …, `p + 5·stride`.
@inline(__always)
func store6(
  _ r: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>),
  _ p: UnsafeMutablePointer<Float>, stride: Int
) {
  store8(r.0, p)
  store8(r.1, p + stride)
  store8(r.2, p + 2 * stride)
  store8(r.3, p + 3 * stride)
  store8(r.4, p + 4 * stride)
  store8(r.5, p + 5 * stride)
}
