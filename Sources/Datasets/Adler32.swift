// Adler-32 as used by zlib (RFC 1950, section 8.2), the trailer of every PNG's image data.

/// The Adler-32 checksum of a byte stream: two running sums modulo 65 521, the largest prime
/// below 2¹⁶.
///
/// ```
/// a = 1 + Σ bᵢ                 (mod 65521)
/// b = Σ_i (1 + b₁ + … + bᵢ)    (mod 65521)      the sum of every intermediate a
/// value = b · 65536 + a
/// ```
///
/// The sums are reduced every 5 552 bytes, the most that cannot overflow 32 bits
/// (255·n(n+1)/2 + (n+1)·65520 < 2³² for n = 5552), as zlib does.
///
///     Adler32.checksum(Array("Wikipedia".utf8))   // 0x11E60398
///
/// - Complexity: O(n) for n bytes.
public struct Adler32: Sendable {
  private var a: UInt32 = 1
  private var b: UInt32 = 0

  /// A checksum of no bytes yet (`value == 1`).
  public init() {}

  /// The checksum of every byte passed to `update` so far.
  public var value: UInt32 { b << 16 | a }

  /// Feeds `bytes` into the checksum.
  public mutating func update(_ bytes: [UInt8]) {
    let modulus: UInt32 = 65_521
    var start = 0
    while start < bytes.count {
      let end = min(start + 5_552, bytes.count)
      for i in start..<end {
        a &+= UInt32(bytes[i])
        b &+= a
      }
      a %= modulus
      b %= modulus
      start = end
    }
  }

  /// The Adler-32 of `bytes`.
  public static func checksum(_ bytes: [UInt8]) -> UInt32 {
    var adler = Adler32()
    adler.update(bytes)
    return adler.value
  }
}
