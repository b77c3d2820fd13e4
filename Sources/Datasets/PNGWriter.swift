import Foundation

/// Writes 8-bit grayscale or RGB images as PNG files, with the standard library alone.
///
/// ```
/// file   = 89 50 4E 47 0D 0A 1A 0A  IHDR  IDAT  IEND            (signature, three chunks)
/// chunk  = length (4 bytes, big-endian)  type (4)  data  CRC-32(type + data)
/// IHDR   = width, height (4 bytes each), bit depth 8, colour type 0 (gray) or 2 (RGB),
///          compression 0, filter 0, interlace 0
/// IDAT   = zlib stream of the scanlines, each preceded by its filter byte 0 ("none"):
///          78 01  stored blocks  Adler-32 (big-endian)
/// stored block = BFINAL/BTYPE=00 byte, LEN, ~LEN (16 bits each, little-endian), LEN bytes
/// ```
/// The deflate data are "stored" blocks (no compression, at most 65 535 bytes each): a
/// 28×28 gray picture takes 28·(1 + 28) = 812 bytes of scanlines plus 68 of framing
/// (8 signature, 25 IHDR, 12 + 2 + 5 + 4 around the IDAT data, 12 IEND). That
/// keeps the writer short and obviously correct; every PNG reader accepts it.
///
///     let png = PNGWriter.encode(width: 2, height: 1, pixels: [0, 255], color: .gray)
///     png.count   // 71 = 8 (signature) + 25 (IHDR: 12 + 13) + 26 (IDAT: 12 + 2 + 5 + 3 + 4)
///                 //      + 12 (IEND)
public enum PNGWriter {
  /// The colour types written here.
  public enum Color: UInt8, Sendable {
    /// One byte per pixel (PNG colour type 0).
    case gray = 0
    /// Three bytes per pixel, red, green, blue (PNG colour type 2).
    case rgb = 2

    /// Bytes per pixel.
    public var channels: Int { self == .gray ? 1 : 3 }
  }

  /// The eight bytes every PNG starts with.
  public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  /// The PNG file of a `width × height` image whose pixels are given row by row
  /// (`width · height · color.channels` bytes, RGB interleaved).
  public static func encode(width: Int, height: Int, pixels: [UInt8], color: Color) -> [UInt8] {
    precondition(width >= 1 && height >= 1, "a PNG needs width, height ≥ 1, got \(width)×\(height)")
    let rowBytes = width * color.channels
    precondition(
      pixels.count == height * rowBytes,
      "\(width)×\(height) \(color) pixels need \(height * rowBytes) bytes, got \(pixels.count)")
    var header: [UInt8] = []
    header += bigEndian(UInt32(width))
    header += bigEndian(UInt32(height))
    header += [8, color.rawValue, 0, 0, 0]  // depth 8, colour type, deflate, filter 0, no interlace
    var scanlines: [UInt8] = []
    scanlines.reserveCapacity(height * (rowBytes + 1))
    for y in 0..<height {
      scanlines.append(0)  // filter type 0: the row as it is
      scanlines += pixels[(y * rowBytes)..<((y + 1) * rowBytes)]
    }
    var file = signature
    file += chunk("IHDR", header)
    file += chunk("IDAT", zlibStored(scanlines))
    file += chunk("IEND", [])
    return file
  }

  /// Encodes the image and writes it to `url` (creating missing directories).
  public static func write(
    to url: URL, width: Int, height: Int, pixels: [UInt8], color: Color
  ) throws {
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let bytes = encode(width: width, height: height, pixels: pixels, color: color)
    try Data(bytes).write(to: url, options: .atomic)
  }

  /// A zlib stream (RFC 1950) of `data` in stored deflate blocks (RFC 1951, BTYPE = 00).
  ///
  /// ```
  /// 78 01          CMF: deflate, 32 KiB window; FLG: check bits, (0x78·256 + 0x01) % 31 = 0
  /// per block: final-flag byte, LEN (LE), NLEN = ~LEN (LE), LEN bytes
  /// Adler-32 of data (big-endian)
  /// ```
  public static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]
    var start = 0
    repeat {
      let length = min(65_535, data.count - start)
      let final = start + length == data.count
      out.append(final ? 1 : 0)
      let len = UInt16(length)
      out += [UInt8(len & 0xFF), UInt8(len >> 8), UInt8(~len & 0xFF), UInt8(~len >> 8)]
      out += data[start..<(start + length)]
      start += length
    } while start < data.count
    out += bigEndian(Adler32.checksum(data))
    return out
  }

  /// One chunk: length, type, data, CRC-32 of type and data.
  static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let typeBytes = Array(type.utf8)
    precondition(typeBytes.count == 4, "a PNG chunk type has four letters, got \(type)")
    return bigEndian(UInt32(data.count)) + typeBytes + data
      + bigEndian(CRC32.checksum(typeBytes + data))
  }

  private static func bigEndian(_ v: UInt32) -> [UInt8] {
    [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
  }
}
