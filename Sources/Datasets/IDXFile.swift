import Foundation

// The IDX format of the MNIST files (described on Yann LeCun's MNIST page).

/// An IDX array of unsigned bytes: its dimensions and its data in row-major order.
///
/// ```
/// bytes 0–1   0x00 0x00
/// byte  2     data type: 0x08 unsigned byte (0x09 signed byte, 0x0B int16,
///             0x0C int32, 0x0D float32, 0x0E float64 exist but are not read here)
/// byte  3     number of dimensions d
/// then        d sizes, 32-bit big-endian
/// then        size₀ · size₁ · … · size_{d−1} data bytes, last index fastest
/// ```
///
/// MNIST images are `[N, 28, 28]` (`…-idx3-ubyte`), labels `[N]` (`…-idx1-ubyte`).
///
///     let idx = try IDXFile.parse([0, 0, 8, 2,  0, 0, 0, 2,  0, 0, 0, 3,  1, 2, 3, 4, 5, 6])
///     idx.dimensions   // [2, 3]
///     idx.data         // [1, 2, 3, 4, 5, 6]
public struct IDXFile: Sendable, Equatable {
  /// The size of every dimension, outermost first.
  public let dimensions: [Int]
  /// The elements, row-major: `dimensions.reduce(1, *)` bytes.
  public let data: [UInt8]

  /// The type byte for unsigned 8-bit data, the only type this reader accepts.
  public static let unsignedByteType: UInt8 = 0x08

  /// An IDX array with the given dimensions and data.
  public init(dimensions: [Int], data: [UInt8]) {
    precondition(dimensions.count <= 255, "IDX stores the rank in one byte")
    precondition(dimensions.allSatisfy { $0 >= 0 && $0 <= Int(UInt32.max) },
                 "IDX dimensions must be in 0…2³²−1, got \(dimensions)")
    precondition(dimensions.reduce(1, *) == data.count,
                 "dimensions \(dimensions) hold \(dimensions.reduce(1, *)) bytes, "
                   + "\(data.count) given")
    self.dimensions = dimensions
    self.data = data
  }

  /// Parses uncompressed IDX bytes.
  ///
  /// Throws `.truncated` if the header or data is cut off, `.wrongMagic` if the first
  /// two bytes are not zero, `.unsupported` for a data type other than unsigned bytes,
  /// `.wrongSize` if bytes follow the data.
  public static func parse(_ bytes: [UInt8]) throws -> IDXFile {
    guard bytes.count >= 4 else {
      throw DatasetError.truncated("the IDX header needs 4 bytes, the file has \(bytes.count).")
    }
    guard bytes[0] == 0 && bytes[1] == 0 else {
      let gz = bytes[0] == 0x1F && bytes[1] == 0x8B
      throw DatasetError(
        .wrongMagic,
        problem: "expected an IDX file starting with 0x00 0x00, found "
          + "\(hex(bytes[0])) \(hex(bytes[1]))" + (gz ? " (a gzip signature)." : "."),
        fix: gz
          ? "The file is gzip-compressed: name it with a .gz suffix or decompress it."
          : "This is not an IDX file; download it again.")
    }
    guard bytes[2] == unsignedByteType else {
      throw DatasetError(
        .unsupported,
        problem: "the IDX data type is \(hex(bytes[2])) (\(typeName(bytes[2]))); this "
          + "reader handles unsigned bytes (0x08), the type of the MNIST files.",
        fix: "Use an unsigned-byte IDX file such as the MNIST files.")
    }
    let rank = Int(bytes[3])
    let headerLength = 4 + 4 * rank
    guard bytes.count >= headerLength else {
      throw DatasetError.truncated("the IDX header declares \(rank) dimensions, which "
        + "need \(headerLength) header bytes, but the file has \(bytes.count).")
    }
    var dimensions: [Int] = []
    var size = 1
    var overflow = false
    for d in 0..<rank {
      let n = (0..<4).reduce(0) { $0 << 8 | Int(bytes[4 + 4 * d + $1]) }
      dimensions.append(n)
      let (product, o) = size.multipliedReportingOverflow(by: n)
      size = product
      overflow = overflow || o
    }
    let found = bytes.count - headerLength
    let shape = dimensions.map(String.init).joined(separator: " × ")
    guard !overflow && found >= size else {
      throw DatasetError.truncated("the IDX header declares dimensions \(shape) = "
        + (overflow ? "more bytes than fit in memory" : "\(size) data bytes")
        + ", but the file holds only \(found).")
    }
    guard found == size else {
      throw DatasetError(
        .wrongSize,
        problem: "the IDX header declares dimensions \(shape) = \(size) data bytes, but "
          + "\(found - size) more bytes follow them.", fix: DatasetError.downloadAgain)
    }
    return IDXFile(dimensions: dimensions, data: Array(bytes[headerLength...]))
  }

  /// Parses an IDX file that may be gzip-compressed: the gzip signature 1F 8B decides,
  /// not the file name (an uncompressed IDX file starts with 00 00).
  public static func decode(_ bytes: [UInt8]) throws -> IDXFile {
    try parse(Gzip.hasMagic(bytes) ? Gzip.decompress(bytes) : bytes)
  }

  /// Reads and parses the IDX file at `url`, raw or gzip-compressed; any error names it.
  public static func read(contentsOf url: URL) throws -> IDXFile {
    let bytes = try readBytes(url)
    do {
      return try decode(bytes)
    } catch let error as DatasetError {
      throw error.named(url.path)
    }
  }

  /// The file as an IDX byte stream: header, then data (the inverse of `parse`).
  public func encoded() -> [UInt8] {
    var bytes: [UInt8] = [0, 0, IDXFile.unsignedByteType, UInt8(dimensions.count)]
    for n in dimensions {
      bytes += [UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
    }
    return bytes + data
  }

  /// A readable name for an IDX type byte.
  static func typeName(_ type: UInt8) -> String {
    switch type {
    case 0x08: "unsigned byte"
    case 0x09: "signed byte"
    case 0x0B: "16-bit integer"
    case 0x0C: "32-bit integer"
    case 0x0D: "32-bit float"
    case 0x0E: "64-bit float"
    default: "not an IDX type"
    }
  }
}

/// The bytes of the file at `url`, or a `DatasetError` naming it.
func readBytes(_ url: URL) throws -> [UInt8] {
  guard FileManager.default.fileExists(atPath: url.path) else {
    throw DatasetError(.missingFile, file: url.path, problem: "the file does not exist.",
                       fix: "Check the path.")
  }
  do {
    return [UInt8](try Data(contentsOf: url))
  } catch {
    throw DatasetError(
      .unreadable, file: url.path,
      problem: "the file exists but cannot be read (\(error.localizedDescription)).",
      fix: "Check its permissions.")
  }
}
