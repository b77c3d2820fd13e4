// Reading gzip files (RFC 1952): one or more members, each a header, a deflate stream
// and an 8-byte trailer.

/// One decompressed gzip member: its header, its bytes and the deflate blocks it held.
public struct GzipMember: Sendable, Equatable {
  /// The member's header.
  public var header: GzipHeader
  /// The decompressed data (already checked against CRC32 and ISIZE).
  public var bytes: [UInt8]
  /// The deflate block types, in stream order.
  public var blocks: [DeflateBlockType]
}

/// Gzip decompression with full verification.
///
/// ```
/// file   = member member …  (optionally followed by zero padding)
/// member = header · deflate stream · CRC32 (4 bytes LE) · ISIZE (4 bytes LE)
/// CRC32  = CRC-32 of the member's decompressed bytes
/// ISIZE  = their count mod 2³²
/// ```
///
/// The output of a multi-member file is the concatenation of its members (what
/// `cat a.gz b.gz | gunzip` prints).
///
///     let z: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0x4B, 0x4C, 0x4A, 0x06, 0x00,
///                       0xC2, 0x41, 0x24, 0x35, 3, 0, 0, 0]
///     try Gzip.decompress(z)   // Array("abc".utf8); CRC-32("abc") = 0x352441C2, ISIZE = 3
public enum Gzip {
  /// The two bytes every gzip member starts with.
  public static let magic: [UInt8] = [0x1F, 0x8B]

  /// Whether `bytes` starts with the gzip signature (the file name is not consulted).
  public static func hasMagic(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 2 && bytes[0] == magic[0] && bytes[1] == magic[1]
  }

  /// The decompressed contents of a gzip file: all members, concatenated.
  ///
  /// Throws `DatasetError` for a bad signature, a truncated file, corrupt deflate data,
  /// a CRC-32 or ISIZE mismatch, or bytes after the last member that are neither zero
  /// padding nor another member.
  public static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
    let parts = try members(bytes)
    if parts.count == 1 { return parts[0].bytes }
    var all = [UInt8]()
    all.reserveCapacity(parts.reduce(0) { $0 + $1.bytes.count })
    for part in parts { all += part.bytes }
    return all
  }

  /// Every member of a gzip file, decompressed and verified.
  public static func members(_ bytes: [UInt8]) throws -> [GzipMember] {
    var members: [GzipMember] = []
    var position = 0
    repeat {
      let header = try GzipHeader.parse(bytes, at: position)
      // A single-member file ends with its own ISIZE: the exact output size, which lets
      // inflate allocate once. (For later members it would be wrong, so don't guess.)
      let hint = members.isEmpty ? Int(littleEndianWord(bytes, at: bytes.count - 4)) : 0
      let stream = try inflate(bytes, from: position + header.length, sizeHint: hint)
      let trailer = stream.end
      guard trailer + 8 <= bytes.count else {
        throw DatasetError.truncated("the gzip file ends \(bytes.count - trailer) bytes "
          + "into the 8-byte trailer (CRC-32 and size) of member \(members.count + 1).")
      }
      let storedCRC = littleEndianWord(bytes, at: trailer)
      let storedSize = littleEndianWord(bytes, at: trailer + 4)
      let crc = CRC32.checksum(stream.bytes)
      guard crc == storedCRC else {
        throw DatasetError(
          .crcMismatch,
          problem: "the CRC-32 of the decompressed data is \(hex(crc)), but the gzip "
            + "trailer says \(hex(storedCRC)).", fix: DatasetError.downloadAgain)
      }
      guard storedSize == UInt32(truncatingIfNeeded: stream.bytes.count) else {
        throw DatasetError(
          .wrongSize,
          problem: "the data decompresses to \(stream.bytes.count) bytes, but the gzip "
            + "trailer's ISIZE says \(storedSize) (mod 2³²).", fix: DatasetError.downloadAgain)
      }
      members.append(GzipMember(header: header, bytes: stream.bytes, blocks: stream.blocks))
      position = trailer + 8
      if bytes[position...].allSatisfy({ $0 == 0 }) { break }  // padding, as gzip allows
      guard bytes.count - position >= 2 && bytes[position] == 0x1F
        && bytes[position + 1] == 0x8B
      else {
        throw DatasetError.corrupt("\(bytes.count - position) bytes after gzip member "
          + "\(members.count) are neither another member nor zero padding.")
      }
    } while true
    return members
  }

  /// The 32-bit little-endian word at `bytes[i…i+3]`, or 0 if it is out of range.
  static func littleEndianWord(_ bytes: [UInt8], at i: Int) -> UInt32 {
    guard i >= 0 && i + 4 <= bytes.count else { return 0 }
    return (0..<4).reduce(0) { $0 | UInt32(bytes[i + $1]) << (8 * $1) }
  }
}
