import Foundation

/// A seeded pseudo-random generator that produces the same numbers on every platform.
///
/// The algorithm is SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom
/// number generators", OOPSLA 2014):
///
///     state ← state + 0x9E3779B97F4A7C15
///     z ← (state ⊕ (state >> 30)) · 0xBF58476D1CE4E5B9
///     z ← (z ⊕ (z >> 27)) · 0x94D049BB133111EB
///     return z ⊕ (z >> 31)
///
/// Uniform doubles take the top 53 bits (`Double(z >> 11) · 2⁻⁵³`, in [0, 1));
/// normals use the Box–Muller transform. Integer and uniform draws are bit-identical on
/// every platform; normal draws also call the C library's `log` and `cos`, which agree
/// on Linux (glibc) and Apple platforms for all values we have compared, but which no
/// standard requires to be correctly rounded.
///
///     var g = SeededGenerator(seed: 42)
///     g.next()   // 13679457532755275413 (reference value of SplitMix64 with seed 42)
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  /// The internal 64-bit state.
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform double in [0, 1).
  public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// A uniform double in `range`.
  public mutating func nextUniform(in range: ClosedRange<Double>) -> Double {
    range.lowerBound + (range.upperBound - range.lowerBound) * nextUnit()
  }

  /// A uniform integer in `range`, by rejection so there is no modulo bias.
  public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
    let span = UInt64(range.upperBound - range.lowerBound) &+ 1
    if span == 0 { return Int(truncatingIfNeeded: next()) }  // the full 64-bit range
    let limit = UInt64.max - UInt64.max % span
    var x = next()
    while x >= limit { x = next() }
    return range.lowerBound + Int(x % span)
  }

  /// A standard normal sample (Box–Muller: `√(−2 ln u₁) · cos(2π u₂)`).
  public mutating func nextNormal() -> Double {
    let u1 = 1 - nextUnit()  // in (0, 1], so the logarithm is finite
    let u2 = nextUnit()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }
}
