// Canonical Huffman codes as deflate defines them (RFC 1951, section 3.2.2): a code is
// fully described by the code length of each symbol.

/// A decoder for one canonical Huffman code, built from per-symbol code lengths.
///
/// Canonical codes are assigned in order of (length, symbol):
///
/// ```
/// code = 0;  for len in 1…15:  code = (code + count[len − 1]) << 1;  next[len] = code
/// symbol s with length L gets code next[L]++, sent most-significant bit first
/// ```
///
/// Decoding is table-driven: the next `fastBits` = 10 stream bits index `fast`, whose
/// entry holds `symbol << 4 | length` for every code of at most 10 bits (each code fills
/// the 2^(10 − length) entries whose low bits are its bit-reversed code). Longer codes —
/// rare by construction, since they belong to rare symbols — and invalid bit patterns
/// find a zero entry and fall back to walking the code lengths one bit at a time.
///
///     // lengths [2, 1, 3, 3] → codes A = 10, B = 0, C = 110, D = 111 (RFC 1951's example)
///
/// A final class so that the 1024-entry table is allocated once and read through a raw
/// pointer (no array bounds checks or reference counting in the decoding loop, which
/// keeps unoptimized debug builds usable on the 47 MB MNIST file); immutable after `init`.
final class HuffmanDecoder: @unchecked Sendable {
  /// Number of stream bits resolved by one table lookup.
  static let fastBits = 10
  /// `symbol << 4 | length` for codes of ≤ `fastBits` bits, 0 for "use the slow path";
  /// `1 << fastBits` entries.
  let fast: UnsafeMutablePointer<UInt16>
  /// `counts[len]` = number of codes of each length, 0…15.
  let counts: [Int]
  /// The symbols ordered by (length, symbol): the order of their canonical codes.
  let symbols: [Int]

  /// The decoder for `lengths[s]` = code length of symbol s (0 = symbol unused).
  ///
  /// Throws if the lengths over-subscribe the code space (Kraft sum above 1) or leave it
  /// incomplete, except for a code with a single 1-bit code or none at all, which
  /// deflate allows (a block may use one distance code, or only literals).
  init(lengths: ArraySlice<UInt8>, what: String) throws {
    var counts = [Int](repeating: 0, count: 16)
    for length in lengths { counts[Int(length)] += 1 }
    counts[0] = 0

    // Kraft check: `left` is the number of unused codes of the current length.
    var left = 1
    for length in 1...15 {
      left = 2 * left - counts[length]
      if left < 0 {
        throw DatasetError.corrupt("the \(what) code lengths are over-subscribed.")
      }
    }
    let used = counts.reduce(0, +)
    if left > 0 && !(used == 0 || (used == 1 && counts[1] == 1)) {
      throw DatasetError.corrupt("the \(what) code lengths leave the code incomplete.")
    }

    // Symbols sorted by (length, symbol) and the first canonical code of each length.
    var offsets = [Int](repeating: 0, count: 16)
    for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
    var symbols = [Int](repeating: 0, count: used)
    var nextCode = [Int](repeating: 0, count: 16)
    var code = 0
    for length in 1...15 {
      code = (code + counts[length - 1]) << 1
      nextCode[length] = code
    }

    let size = 1 << HuffmanDecoder.fastBits
    let fast = UnsafeMutablePointer<UInt16>.allocate(capacity: size)
    fast.initialize(repeating: 0, count: size)
    for (symbol, length) in zip(0..., lengths.map(Int.init)) where length > 0 {
      symbols[offsets[length]] = symbol
      offsets[length] += 1
      let code = nextCode[length]
      nextCode[length] += 1
      guard length <= HuffmanDecoder.fastBits else { continue }
      // The stream sends the code's most significant bit first, i.e. into bit 0.
      var reversed = 0
      for bit in 0..<length where code & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
      let entry = UInt16(symbol << 4 | length)
      for index in stride(from: reversed, to: size, by: 1 << length) { fast[index] = entry }
    }
    self.fast = fast
    self.counts = counts
    self.symbols = symbols
  }

  deinit { fast.deallocate() }

  /// Decodes one symbol from the low bits of `buffer` (which must hold ≥ 15 valid bits),
  /// removing its code from `buffer` and `count`.
  @inline(__always)
  func decode(_ buffer: inout UInt64, _ count: inout Int) throws -> Int {
    let entry = Int(fast[Int(truncatingIfNeeded: buffer) & 1023])  // 1023 = 2^fastBits − 1
    if entry != 0 {
      let length = entry & 15
      buffer &>>= UInt64(length)
      count &-= length
      return entry &>> 4
    }
    return try decodeSlowly(&buffer, &count)
  }

  /// Bit-by-bit canonical decoding: after reading `len` bits, `code − first` is the rank
  /// of the code among those of length `len` if it is below their count.
  func decodeSlowly(_ buffer: inout UInt64, _ count: inout Int) throws -> Int {
    var code = 0, first = 0, index = 0
    for length in 1...15 {
      code |= Int(buffer & 1)
      buffer &>>= 1
      count &-= 1
      let n = counts[length]
      if code - first < n { return symbols[index + code - first] }
      index += n
      first = (first + n) << 1
      code <<= 1
    }
    throw DatasetError.corrupt("an invalid Huffman code occurs in the compressed data.")
  }
}
