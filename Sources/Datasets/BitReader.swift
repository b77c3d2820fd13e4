// Reading a deflate stream bit by bit (RFC 1951, section 3.1.1): bits are packed into
// bytes starting with the least-significant bit, and multi-bit values other than
// Huffman codes are stored least-significant bit first.

/// A little-endian bit buffer over borrowed bytes, refilled 8 bytes at a time.
///
/// ```
/// buffer = next unread bits, the next bit in bit 0;  count = how many are valid
/// take(n) = buffer & (2ⁿ − 1), then buffer >>= n, count −= n
/// ```
///
/// After `refill()` at least 56 bits are available. Past the end of the input the
/// buffer is padded with zero bytes so that decoding never reads out of bounds; the
/// padding is detected (`checkNotOverrun`, and at every refill) and reported as a
/// truncated stream, so a short file can never be decoded as if it were complete.
///
///     // bytes [0b1010_1101] → take(3) = 0b101 = 5, then take(5) = 0b10101 = 21
struct BitReader {
  /// The compressed bytes (borrowed for the duration of one inflate call).
  let input: UnsafeBufferPointer<UInt8>
  /// Index of the next byte to move into `buffer` (may pass `input.count` by the padding).
  var position: Int
  /// Unread bits, the next one in bit 0. Bits above `count` are either zero or equal to
  /// the bits of the following input bytes, so OR-ing those bytes in again is harmless.
  var buffer: UInt64 = 0
  /// Number of valid bits in `buffer`.
  var count: Int = 0

  init(_ input: UnsafeBufferPointer<UInt8>, position: Int) {
    self.input = input
    self.position = position
  }

  /// Bits consumed from `input` so far, counted from its first byte.
  var bitsConsumed: Int { position &* 8 &- count }

  /// Tops the buffer up to at least 56 valid bits.
  @inline(__always) mutating func refill() throws {
    if position &+ 8 <= input.count {
      let word = UnsafeRawPointer(input.baseAddress! + position)
        .loadUnaligned(as: UInt64.self).littleEndian
      buffer |= word &<< UInt64(count)
      position &+= (63 &- count) &>> 3
      count |= 56
    } else {
      try refillNearEnd()
    }
  }

  /// Byte-at-a-time refill for the last 8 bytes, padding with zeros past the end.
  mutating func refillNearEnd() throws {
    try checkNotOverrun()
    while count <= 56 {
      let byte: UInt64 = position < input.count ? UInt64(input[position]) : 0
      buffer |= byte &<< UInt64(count)
      position &+= 1
      count &+= 8
    }
  }

  /// Throws if the decoder has used any of the zero padding beyond the input.
  func checkNotOverrun() throws {
    if bitsConsumed > input.count &* 8 {
      throw DatasetError.truncated(
        "the compressed data ends in the middle of a deflate block "
          + "(\(input.count) bytes available, more needed).")
    }
  }

  /// The next `n` bits (0 ≤ n ≤ count) as an integer, least-significant bit first.
  @discardableResult @inline(__always) mutating func take(_ n: Int) -> Int {
    let value = Int(truncatingIfNeeded: buffer & ((1 &<< UInt64(n)) &- 1))
    buffer &>>= UInt64(n)
    count &-= n
    return value
  }

  /// Refills and takes `n ≤ 56` bits.
  mutating func read(_ n: Int) throws -> Int {
    if count < n { try refill() }
    return take(n)
  }

  /// Drops the bits up to the next byte boundary and hands the whole bytes still in
  /// the buffer back to the input: afterwards `position` is the next unread byte.
  mutating func alignToByte() throws {
    take(count & 7)
    position &-= count &>> 3
    buffer = 0
    count = 0
    try checkNotOverrun()
  }
}
