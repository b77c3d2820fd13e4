// SHA-256 (FIPS 180-4, section 6.2), written out for verifying downloaded data files.

/// The SHA-256 hash of a byte stream, fed in pieces with `update` and read with `finalize`.
///
/// The message is padded to a multiple of 64 bytes (a 1 bit, zeros, then the bit
/// length as a big-endian 64-bit integer) and processed block by block:
///
/// ```
/// W[t] = block word t                                   0 ≤ t < 16 (big-endian)
/// W[t] = σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16]    16 ≤ t < 64
/// σ0(x) = ROTR7(x) ⊕ ROTR18(x) ⊕ SHR3(x)    σ1(x) = ROTR17(x) ⊕ ROTR19(x) ⊕ SHR10(x)
/// Σ0(a) = ROTR2(a) ⊕ ROTR13(a) ⊕ ROTR22(a)   Σ1(e) = ROTR6(e) ⊕ ROTR11(e) ⊕ ROTR25(e)
/// T1 = h + Σ1(e) + Ch(e,f,g) + K[t] + W[t]   Ch(e,f,g)  = (e ∧ f) ⊕ (¬e ∧ g)
/// T2 = Σ0(a) + Maj(a,b,c)                    Maj(a,b,c) = (a ∧ b) ⊕ (a ∧ c) ⊕ (b ∧ c)
/// h,g,f,e,d,c,b,a ← g, f, e, d + T1, c, b, a, T1 + T2        (all sums mod 2³²)
/// ```
///
/// after which the eight working variables are added into the hash state.
///
///     SHA256.hexDigest(Array("abc".utf8))
///     // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
///
/// - Complexity: O(n) for n bytes; 64 rounds per 64-byte block.
public struct SHA256: Sendable {
  /// The eight 32-bit words of the hash state (H0…H7).
  private var state: [UInt32] = [
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
    0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
  ]
  /// Bytes waiting for a full 64-byte block.
  private var pending: [UInt8] = []
  /// Message length in bytes so far.
  private var length: UInt64 = 0

  /// An empty hash computation.
  public init() {}

  /// Feeds `bytes` into the hash.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    length &+= UInt64(bytes.count)
    var offset = 0
    if !pending.isEmpty {
      let take = min(64 - pending.count, bytes.count)
      pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
      offset = take
      if pending.count < 64 { return }
      pending.withUnsafeBytes { compress($0.baseAddress!, blocks: 1) }
      pending.removeAll(keepingCapacity: true)
    }
    let blocks = (bytes.count - offset) / 64
    if blocks > 0 { compress(base + offset, blocks: blocks) }
    offset += blocks * 64
    let rest = UnsafeRawBufferPointer(start: base + offset, count: bytes.count - offset)
    pending.append(contentsOf: rest)
  }

  /// Feeds `bytes` into the hash.
  public mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// Pads the message, processes the last block(s) and returns the 32-byte digest.
  public mutating func finalize() -> [UInt8] {
    let bitLength = length &* 8
    var tail = pending
    tail.append(0x80)
    while tail.count % 64 != 56 { tail.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) {
      tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
    }
    tail.withUnsafeBytes { compress($0.baseAddress!, blocks: $0.count / 64) }
    pending = []
    return state.flatMap { word in
      (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) }
    }
  }

  /// The digest of `bytes`.
  public static func hash(_ bytes: [UInt8]) -> [UInt8] {
    var sha = SHA256()
    sha.update(bytes)
    return sha.finalize()
  }

  /// The digest of `bytes` as 64 lowercase hexadecimal digits (the `sha256sum` format).
  public static func hexDigest(_ bytes: [UInt8]) -> String {
    hex(hash(bytes))
  }

  /// Lowercase hexadecimal digits of `digest`, two per byte.
  public static func hex(_ digest: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    for byte in digest { text += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
    return String(decoding: text, as: UTF8.self)
  }

  /// Runs the compression function over `blocks` consecutive 64-byte blocks at `p`.
  ///
  /// Written with `while` loops, raw pointers and masking shifts (`&>>`, `&<<`), which
  /// the compiler inlines even in debug builds, so that verifying the 10 MB MNIST archive
  /// stays quick when the tests run unoptimized; `rotr(x, n)` is `x &>> n | x &<< (32 − n)`.
  private mutating func compress(_ p: UnsafeRawPointer, blocks: Int) {
    var h0 = state[0], h1 = state[1], h2 = state[2], h3 = state[3]
    var h4 = state[4], h5 = state[5], h6 = state[6], h7 = state[7]
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
      SHA256.roundConstants.withUnsafeBufferPointer { constants in
        let w = schedule.baseAddress!
        let k = constants.baseAddress!
        var block = 0
        while block < blocks {
          let base = p + block &* 64
          var t = 0
          while t < 16 {
            w[t] = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self))
            t &+= 1
          }
          while t < 64 {
            let x = w[t &- 15], y = w[t &- 2]
            let s0 = (x &>> 7 | x &<< 25) ^ (x &>> 18 | x &<< 14) ^ (x &>> 3)
            let s1 = (y &>> 17 | y &<< 15) ^ (y &>> 19 | y &<< 13) ^ (y &>> 10)
            w[t] = s1 &+ w[t &- 7] &+ s0 &+ w[t &- 16]
            t &+= 1
          }
          var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
          t = 0
          while t < 64 {
            let bigSigma1 = (e &>> 6 | e &<< 26) ^ (e &>> 11 | e &<< 21) ^ (e &>> 25 | e &<< 7)
            let choose = (e & f) ^ (~e & g)
            let t1 = h &+ bigSigma1 &+ choose &+ k[t] &+ w[t]
            let bigSigma0 = (a &>> 2 | a &<< 30) ^ (a &>> 13 | a &<< 19) ^ (a &>> 22 | a &<< 10)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = bigSigma0 &+ majority
            h = g; g = f; f = e; e = d &+ t1
            d = c; c = b; b = a; a = t1 &+ t2
            t &+= 1
          }
          h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
          h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
          block &+= 1
        }
      }
    }
    state = [h0, h1, h2, h3, h4, h5, h6, h7]
  }

  /// K[0…63]: the first 32 bits of the fractional parts of the cube roots of the
  /// first 64 primes (FIPS 180-4, section 4.2.2).
  private static let roundConstants: [UInt32] = [
    0x428A2F98, 0x71374491, 0xB5C0FBCF, 0xE9B5DBA5, 0x3956C25B, 0x59F111F1, 0x923F82A4, 0xAB1C5ED5,
    0xD807AA98, 0x12835B01, 0x243185BE, 0x550C7DC3, 0x72BE5D74, 0x80DEB1FE, 0x9BDC06A7, 0xC19BF174,
    0xE49B69C1, 0xEFBE4786, 0x0FC19DC6, 0x240CA1CC, 0x2DE92C6F, 0x4A7484AA, 0x5CB0A9DC, 0x76F988DA,
    0x983E5152, 0xA831C66D, 0xB00327C8, 0xBF597FC7, 0xC6E00BF3, 0xD5A79147, 0x06CA6351, 0x14292967,
    0x27B70A85, 0x2E1B2138, 0x4D2C6DFC, 0x53380D13, 0x650A7354, 0x766A0ABB, 0x81C2C92E, 0x92722C85,
    0xA2BFE8A1, 0xA81A664B, 0xC24B8B70, 0xC76C51A3, 0xD192E819, 0xD6990624, 0xF40E3585, 0x106AA070,
    0x19A4C116, 0x1E376C08, 0x2748774C, 0x34B0BCB5, 0x391C0CB3, 0x4ED8AA4A, 0x5B9CCA4F, 0x682E6FF3,
    0x748F82EE, 0x78A5636F, 0x84C87814, 0x8CC70208, 0x90BEFFFA, 0xA4506CEB, 0xBEF9A3F7, 0xC67178F2,
  ]
}
