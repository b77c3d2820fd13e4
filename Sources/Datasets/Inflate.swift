// Decompressing a deflate stream (RFC 1951), the format inside gzip, zip and PNG.

/// The kind of a deflate block, as given by its 2-bit BTYPE header field.
public enum DeflateBlockType: Int, Sendable, Equatable, CustomStringConvertible {
  /// BTYPE 00: the bytes are copied verbatim (used for incompressible data).
  case stored = 0
  /// BTYPE 01: literals, lengths and distances use the code fixed by the RFC.
  case fixedHuffman = 1
  /// BTYPE 10: the block starts with its own Huffman code lengths.
  case dynamicHuffman = 2

  /// A one-word name: "stored", "fixed" or "dynamic".
  public var description: String {
    switch self {
    case .stored: "stored"
    case .fixedHuffman: "fixed"
    case .dynamicHuffman: "dynamic"
    }
  }
}

/// The output of `inflate`: the bytes, where the stream ended, and the blocks it held.
public struct InflateResult: Sendable, Equatable {
  /// The decompressed bytes.
  public var bytes: [UInt8]
  /// Index of the first input byte after the deflate stream (for reading a trailer).
  public var end: Int
  /// The type of every block, in stream order.
  public var blocks: [DeflateBlockType]
}

/// Decompresses the deflate stream that starts at `input[start]`.
///
/// A stream is a sequence of blocks, each with a 3-bit header `BFINAL, BTYPE`:
///
/// ```
/// stored:   align to a byte; LEN, NLEN = ~LEN (16 bits each); LEN raw bytes
/// Huffman:  repeat { s = decode(literal/length code)
///                    s < 256  → output byte s
///                    s = 256  → end of block
///                    s > 256  → length = base[s] + extra bits,
///                               distance = base[decode(distance code)] + extra bits,
///                               copy `length` bytes from `distance` bytes back }
/// dynamic:  HLIT, HDIST, HCLEN; code-length code; run-length coded code lengths
/// ```
///
/// Every malformed input — reserved block type, bad stored length, over-subscribed or
/// incomplete codes, invalid symbols, a distance reaching before the start, a stream
/// that ends early — throws a `DatasetError` (`.corruptData` or `.truncated`); nothing
/// in the input can make it read or write out of bounds.
///
///     try inflate([0x4B, 0x4C, 0x4A, 0x06, 0x00]).bytes   // Array("abc".utf8)
///     // one fixed-Huffman block: literals 'a', 'b', 'c', then end-of-block
///
/// - Parameters:
///   - input: Bytes holding the compressed stream (and possibly more after it).
///   - start: Index of the stream's first byte.
///   - sizeHint: The expected output size (gzip's ISIZE), used to allocate the output
///     once if it is at most 16 times the input; a wrong hint costs only speed.
/// - Returns: The decompressed bytes, the index just past the stream, and its blocks.
/// - Complexity: O(n) in the output size; one table lookup per code of ≤ 10 bits.
public func inflate(_ input: [UInt8], from start: Int = 0, sizeHint: Int = 0)
  throws -> InflateResult
{
  guard start >= 0 && start <= input.count else {
    throw DatasetError.truncated("the deflate stream would start at byte \(start), "
      + "but there are only \(input.count) bytes.")
  }
  return try input.withUnsafeBufferPointer { buffer in
    // The hint comes from the file's last 4 bytes, which are garbage if the file is cut
    // short: trust it only up to a 16:1 ratio (MNIST compresses about 5:1) so that a
    // damaged file cannot make us allocate gigabytes; otherwise start at 4:1 and double.
    let available = input.count - start
    let hint = sizeHint > 0 && sizeHint / 16 <= available ? sizeHint : 4 * available
    var inflater = Inflater(
      reader: BitReader(buffer, position: start),
      output: [UInt8](repeating: 0, count: hint + Inflater.slack))
    do {
      try inflater.run()
    } catch let error as DatasetError where error.kind == .corruptData {
      // Nonsense decoded from the zero padding past the end means "too short".
      if inflater.reader.bitsConsumed > buffer.count * 8 {
        throw DatasetError.truncated("the compressed data ends in the middle of a deflate "
          + "block (\(buffer.count) bytes available, more needed).")
      }
      throw error
    }
    var output = inflater.output
    inflater.output = []  // leave `output` as the only reference, so trimming copies nothing
    output.removeLast(output.count - inflater.count)
    if output.capacity > 2 * output.count + 4096 {
      output = output.withUnsafeBufferPointer { Array($0) }  // give the spare room back
    }
    return InflateResult(bytes: output, end: inflater.reader.position, blocks: inflater.blocks)
  }
}

/// The decoding state of one `inflate` call.
struct Inflater {
  var reader: BitReader
  /// The output buffer; `output[0..<count]` is decompressed data, the rest is spare room.
  var output: [UInt8]
  var count = 0
  var blocks: [DeflateBlockType] = []

  /// Spare room kept free while decoding Huffman symbols: the longest match (258) plus
  /// 8 bytes that the 8-byte-wide match copy may overshoot.
  static let slack = 258 + 8

  /// Decodes blocks until the one marked final, then steps to the next byte boundary.
  mutating func run() throws {
    var final = false
    while !final {
      final = try reader.read(1) == 1
      switch try reader.read(2) {
      case 0:
        blocks.append(.stored)
        try copyStoredBlock()
      case 1:
        blocks.append(.fixedHuffman)
        try decodeHuffmanBlock(Inflater.fixedLiterals, Inflater.fixedDistances)
      case 2:
        blocks.append(.dynamicHuffman)
        let (literals, distances) = try readDynamicCodes()
        try decodeHuffmanBlock(literals, distances)
      default:
        throw DatasetError.corrupt("a deflate block has the reserved type 3.")
      }
    }
    try reader.alignToByte()
  }

  /// Makes room for `n` more output bytes, doubling the buffer when it is short.
  mutating func reserve(_ n: Int) {
    let free = output.count - count
    if free < n {
      output.append(contentsOf: repeatElement(0, count: max(output.count, n - free)))
    }
  }

  /// A stored block: LEN, its ones' complement NLEN, then LEN bytes copied verbatim.
  mutating func copyStoredBlock() throws {
    try reader.alignToByte()
    let input = reader.input
    let p = reader.position
    guard p + 4 <= input.count else {
      throw DatasetError.truncated("the data ends inside a stored block's length field.")
    }
    let length = Int(input[p]) | Int(input[p + 1]) << 8
    let complement = Int(input[p + 2]) | Int(input[p + 3]) << 8
    guard length == ~complement & 0xFFFF else {
      throw DatasetError.corrupt("a stored block's length \(length) does not match its "
        + "complement \(complement) (expected \(~length & 0xFFFF)).")
    }
    guard p + 4 + length <= input.count else {
      throw DatasetError.truncated("a stored block of \(length) bytes is cut off after "
        + "\(input.count - p - 4) bytes.")
    }
    reserve(length)
    let n = count
    output.withUnsafeMutableBytes { o in
      o.baseAddress!.advanced(by: n)
        .copyMemory(from: input.baseAddress! + p + 4, byteCount: length)
    }
    count += length
    reader.position = p + 4 + length
  }

  /// Decodes literal/length and distance symbols until the end-of-block symbol 256.
  mutating func decodeHuffmanBlock(_ literals: HuffmanDecoder, _ distances: HuffmanDecoder)
    throws
  {
    var r = reader
    var n = count
    defer {
      reader = r
      count = n
    }
    var finished = false
    while !finished {
      if output.count - n < Inflater.slack {
        count = n
        reserve(Inflater.slack)
      }
      finished = try output.withUnsafeMutableBufferPointer { o -> Bool in
        let base = o.baseAddress!
        let limit = o.count - Inflater.slack
        let lengthCodes = Inflater.lengthCodes.baseAddress!
        let distanceCodes = Inflater.distanceCodes.baseAddress!
        while n <= limit {
          // One symbol needs at most 15 + 5 + 15 + 13 = 48 bits; refill gives ≥ 56.
          if r.count < 48 { try r.refill() }
          let symbol = try literals.decode(&r.buffer, &r.count)
          if symbol < 256 {
            base[n] = UInt8(truncatingIfNeeded: symbol)
            n &+= 1
            continue
          }
          if symbol == 256 { return true }
          guard symbol <= 285 else {
            throw DatasetError.corrupt("the invalid length symbol \(symbol) occurs.")
          }
          let lengthCode = Int(lengthCodes[symbol &- 257])
          let length = lengthCode &>> 4 &+ r.take(lengthCode & 15)
          let ds = try distances.decode(&r.buffer, &r.count)
          guard ds < 30 else {
            throw DatasetError.corrupt("the invalid distance symbol \(ds) occurs.")
          }
          let distanceCode = Int(distanceCodes[ds])
          let distance = distanceCode &>> 4 &+ r.take(distanceCode & 15)
          guard distance <= n else {
            throw DatasetError.corrupt("a match refers \(distance) bytes back, "
              + "but only \(n) bytes have been produced.")
          }
          Inflater.copyMatch(base, to: n, distance: distance, length: length)
          n &+= length
        }
        return false
      }
    }
  }

  /// Copies `length` bytes from `distance` bytes before `destination` to `destination`,
  /// byte by byte when the source overlaps the bytes being written (distance < 8, e.g.
  /// distance 1 repeats one byte), otherwise 8 bytes at a time; the wide copy may write
  /// up to 7 bytes past the match, into the spare room that `slack` keeps free.
  @inline(__always)
  static func copyMatch(
    _ base: UnsafeMutablePointer<UInt8>, to destination: Int, distance: Int, length: Int
  ) {
    var i = 0
    if distance >= 8 {
      let to = UnsafeMutableRawPointer(base + destination)
      let from = UnsafeRawPointer(base + (destination &- distance))
      while i < length {
        to.storeBytes(
          of: from.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i,
          as: UInt64.self)
        i &+= 8
      }
    } else {
      let to = base + destination
      let from = base + (destination &- distance)
      while i < length {
        to[i] = from[i]
        i &+= 1
      }
    }
  }

  /// Reads a dynamic block's header: the code-length code, then the literal/length and
  /// distance code lengths, run-length coded with symbols 16 (repeat the previous length
  /// 3–6 times), 17 (3–10 zeros) and 18 (11–138 zeros).
  mutating func readDynamicCodes() throws -> (HuffmanDecoder, HuffmanDecoder) {
    let literalCount = try reader.read(5) + 257
    let distanceCount = try reader.read(5) + 1
    let lengthCodeCount = try reader.read(4) + 4
    guard literalCount <= 286 && distanceCount <= 30 else {
      throw DatasetError.corrupt("a dynamic block declares \(literalCount) literal/length "
        + "and \(distanceCount) distance codes (at most 286 and 30 exist).")
    }
    var lengthCodeLengths = [UInt8](repeating: 0, count: 19)
    for i in 0..<lengthCodeCount {
      lengthCodeLengths[Inflater.lengthCodeOrder[i]] = UInt8(try reader.read(3))
    }
    let lengthCode = try HuffmanDecoder(lengths: lengthCodeLengths[...], what: "code-length")

    let total = literalCount + distanceCount
    var lengths = [UInt8]()
    lengths.reserveCapacity(total)
    while lengths.count < total {
      if reader.count < 24 { try reader.refill() }
      let symbol = try lengthCode.decode(&reader.buffer, &reader.count)
      var value: UInt8 = 0
      var repeats = 1
      switch symbol {
      case 0...15: value = UInt8(symbol)
      case 16:
        guard let previous = lengths.last else {
          throw DatasetError.corrupt("a code-length repeat has no previous length to repeat.")
        }
        value = previous
        repeats = 3 + reader.take(2)
      case 17: repeats = 3 + reader.take(3)
      default: repeats = 11 + reader.take(7)
      }
      guard lengths.count + repeats <= total else {
        throw DatasetError.corrupt("the run-length coded code lengths run past the "
          + "\(total) codes the block declares.")
      }
      lengths.append(contentsOf: repeatElement(value, count: repeats))
    }
    guard lengths[256] != 0 else {
      throw DatasetError.corrupt("a dynamic block has no end-of-block code.")
    }
    let literals = try HuffmanDecoder(lengths: lengths[0..<literalCount], what: "literal/length")
    let distances = try HuffmanDecoder(lengths: lengths[literalCount...], what: "distance")
    return (literals, distances)
  }

  /// The order in which a dynamic header lists the code-length code lengths.
  static let lengthCodeOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
  /// `base << 4 | extra bits` for length symbols 257…285: the match length is the base
  /// plus the value of the extra bits (e.g. symbol 269: base 19, 2 extra bits → 19…22).
  nonisolated(unsafe) static let lengthCodes = table(
    bases: [
      3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
      35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ],
    extraBits: [
      0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ])

  /// `base << 4 | extra bits` for distance symbols 0…29 (e.g. symbol 4: base 5, 1 extra
  /// bit → distance 5 or 6).
  nonisolated(unsafe) static let distanceCodes = table(
    bases: [
      1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
      257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ],
    extraBits: [
      0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
      13, 13,
    ])

  /// Packs bases and extra-bit counts into a table that lives for the whole program and
  /// is never written after this (hence `nonisolated(unsafe)` above is safe); the decoding
  /// loop reads it through a pointer.
  static func table(bases: [Int], extraBits: [Int]) -> UnsafeBufferPointer<Int32> {
    let table = UnsafeMutableBufferPointer<Int32>.allocate(capacity: bases.count)
    for i in bases.indices { table[i] = Int32(bases[i] << 4 | extraBits[i]) }
    return UnsafeBufferPointer(table)
  }

  /// The fixed literal/length code: 0–143 → 8 bits, 144–255 → 9, 256–279 → 7, 280–287 → 8.
  static let fixedLiterals: HuffmanDecoder = {
    let lengths = [UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112)
      + [UInt8](repeating: 7, count: 24) + [UInt8](repeating: 8, count: 8)
    // These lengths form a complete code (144/2⁸ + 112/2⁹ + 24/2⁷ + 8/2⁸ = 1).
    return try! HuffmanDecoder(lengths: lengths[...], what: "fixed literal/length")
  }()

  /// The fixed distance code: 32 codes of 5 bits (30 and 31 are invalid when used).
  static let fixedDistances: HuffmanDecoder = {
    let lengths = [UInt8](repeating: 5, count: 32)
    return try! HuffmanDecoder(lengths: lengths[...], what: "fixed distance")
  }()
}
