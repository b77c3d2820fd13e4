// The header of one gzip member (RFC 1952, section 2.3).

/// The parsed header of a gzip member: the fixed 10 bytes and the optional fields that
/// the flag byte announces.
///
/// ```
/// ID1 ID2 CM FLG MTIME(4, little-endian) XFL OS        10 bytes, ID = 1F 8B, CM = 8
/// FLG bit 2 FEXTRA   → XLEN (2 bytes) + XLEN bytes
/// FLG bit 3 FNAME    → original file name, Latin-1, zero-terminated
/// FLG bit 4 FCOMMENT → comment, Latin-1, zero-terminated
/// FLG bit 1 FHCRC    → CRC16 = low 16 bits of the CRC-32 of all header bytes before it
/// FLG bits 5–7 are reserved and must be zero
/// ```
///
///     // gzip -c notes.txt starts 1F 8B 08 08 <mtime> 00 03 "notes.txt" 00 …
///     try GzipHeader.parse(bytes).fileName   // "notes.txt"
public struct GzipHeader: Sendable, Equatable {
  /// The flag byte FLG.
  public var flags: UInt8
  /// MTIME: seconds since 1970 of the original file, 0 if unknown.
  public var modificationTime: UInt32
  /// XFL: 2 = slowest compression (`-9`), 4 = fastest (`-1`).
  public var extraFlags: UInt8
  /// OS: the system the file was compressed on (3 = Unix).
  public var operatingSystem: UInt8
  /// The FEXTRA field, if present.
  public var extra: [UInt8]?
  /// The FNAME field, if present.
  public var fileName: String?
  /// The FCOMMENT field, if present.
  public var comment: String?
  /// The FHCRC field, if present (already verified by `parse`).
  public var headerCRC: UInt16?
  /// Size of the header in bytes: the deflate stream starts this far after the member.
  public var length: Int

  /// FLG bit: the data is probably text (informational only).
  public static let textFlag: UInt8 = 1 << 0
  /// FLG bit: a CRC16 of the header follows the optional fields.
  public static let headerCRCFlag: UInt8 = 1 << 1
  /// FLG bit: an extra field is present.
  public static let extraFlag: UInt8 = 1 << 2
  /// FLG bit: the original file name is present.
  public static let nameFlag: UInt8 = 1 << 3
  /// FLG bit: a comment is present.
  public static let commentFlag: UInt8 = 1 << 4

  /// Parses the member header that starts at `bytes[start]`.
  ///
  /// Throws `.wrongMagic` if the bytes do not start with 1F 8B, `.unsupported` for a
  /// compression method other than 8 (deflate), `.corruptData` for reserved flag bits
  /// or a header CRC mismatch, `.truncated` if the header is cut off.
  public static func parse(_ bytes: [UInt8], at start: Int = 0) throws -> GzipHeader {
    func cutOff(_ field: String) -> DatasetError {
      DatasetError.truncated("the data ends inside the gzip header's \(field) "
        + "(\(bytes.count - start) bytes from the member start).")
    }
    guard bytes.count - start >= 2 else { throw cutOff("signature (1F 8B)") }
    guard bytes[start] == 0x1F && bytes[start + 1] == 0x8B else {
      throw DatasetError(
        .wrongMagic,
        problem: "expected the gzip signature 1F 8B, found "
          + "\(hex(bytes[start])) \(hex(bytes[start + 1])).",
        fix: "This is not a gzip file: use the .gz file as downloaded, or decompress it "
          + "and drop the .gz suffix.")
    }
    guard bytes.count - start >= 10 else { throw cutOff("fixed 10-byte part") }
    guard bytes[start + 2] == 8 else {
      throw DatasetError(
        .unsupported, problem: "compression method \(bytes[start + 2]) is not deflate (8).",
        fix: "Recompress the file with gzip.")
    }
    let flags = bytes[start + 3]
    guard flags & 0xE0 == 0 else {
      throw DatasetError.corrupt("the gzip flag byte \(hex(flags)) sets reserved bits 5–7.")
    }
    var header = GzipHeader(
      flags: flags,
      modificationTime: (0..<4).reduce(0) { $0 | UInt32(bytes[start + 4 + $1]) << (8 * $1) },
      extraFlags: bytes[start + 8], operatingSystem: bytes[start + 9], length: 10)
    var p = start + 10
    if flags & extraFlag != 0 {
      guard p + 2 <= bytes.count else { throw cutOff("extra-field length") }
      let size = Int(bytes[p]) | Int(bytes[p + 1]) << 8
      guard p + 2 + size <= bytes.count else { throw cutOff("extra field") }
      header.extra = Array(bytes[p + 2..<p + 2 + size])
      p += 2 + size
    }
    func zeroTerminated(_ field: String) throws -> String {
      guard let end = bytes[p...].firstIndex(of: 0) else { throw cutOff(field) }
      // Latin-1: every byte is the Unicode scalar of the same value.
      let text = String(String.UnicodeScalarView(bytes[p..<end].map { Unicode.Scalar($0) }))
      p = end + 1
      return text
    }
    if flags & nameFlag != 0 { header.fileName = try zeroTerminated("file name") }
    if flags & commentFlag != 0 { header.comment = try zeroTerminated("comment") }
    if flags & headerCRCFlag != 0 {
      guard p + 2 <= bytes.count else { throw cutOff("header CRC") }
      let stored = UInt16(bytes[p]) | UInt16(bytes[p + 1]) << 8
      let computed = UInt16(truncatingIfNeeded: CRC32.checksum(Array(bytes[start..<p])))
      guard stored == computed else {
        throw DatasetError(
          .crcMismatch,
          problem: "the gzip header CRC is \(hex(stored)) but the header bytes give "
            + "\(hex(computed)).", fix: DatasetError.downloadAgain)
      }
      header.headerCRC = stored
      p += 2
    }
    header.length = p - start
    return header
  }
}

/// `value` as 0x-prefixed uppercase hexadecimal, zero-padded to its width.
func hex<T: FixedWidthInteger>(_ value: T) -> String {
  let digits = String(value, radix: 16, uppercase: true)
  return "0x" + String(repeating: "0", count: max(0, T.bitWidth / 4 - digits.count)) + digits
}
