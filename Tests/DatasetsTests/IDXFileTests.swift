import Datasets
import Foundation
import Testing

@Suite struct IDXFileTests {
  /// A 2 × 3 unsigned-byte array written out by hand: magic 00 00 08 02, then the
  /// dimensions 2 and 3 as big-endian 32-bit words, then the 2 · 3 = 6 data bytes.
  let twoByThree: [UInt8] = [0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]

  @Test func parsesHandWrittenBytes() throws {
    let idx = try IDXFile.parse(twoByThree)
    #expect(idx.dimensions == [2, 3])
    #expect(idx.data == [1, 2, 3, 4, 5, 6])
    #expect(idx.encoded() == twoByThree)
  }

  @Test func bigEndianDimensions() throws {
    // 0x00 0x00 0x01 0x02 = 1 · 256 + 2 = 258 elements, rank 1 (an idx1 file like labels).
    let bytes: [UInt8] = [0, 0, 8, 1, 0, 0, 1, 2] + [UInt8](repeating: 9, count: 258)
    let idx = try IDXFile.parse(bytes)
    #expect(idx.dimensions == [258])
    // The MNIST image header 00 00 08 03 | 00 00 EA 60 | 00 00 00 1C | 00 00 00 1C
    // declares 0xEA60 = 60000 images of 0x1C × 0x1C = 28 × 28 pixels.
    let header: [UInt8] = [0, 0, 8, 3, 0, 0, 0xEA, 0x60, 0, 0, 0, 0x1C, 0, 0, 0, 0x1C]
    let error = datasetError { _ = try IDXFile.parse(header) }
    #expect(error?.description.contains("60000 × 28 × 28 = 47040000 data bytes") == true,
            "\(String(describing: error))")
  }

  @Test func wrongMagic() {
    var bytes = twoByThree
    bytes[0] = 0x50  // 'P'
    let error = datasetError { _ = try IDXFile.parse(bytes) }
    #expect(error?.kind == .wrongMagic)
    #expect(error?.description.contains("found 0x50 0x00") == true)
    // A gzip file handed to the raw parser gets a hint.
    let gz = datasetError { _ = try IDXFile.parse([0x1F, 0x8B, 8, 0, 0, 0]) }
    #expect(gz?.description.contains("gzip-compressed") == true)
  }

  @Test func unsupportedDataType() {
    var bytes = twoByThree
    bytes[2] = 0x0D  // 32-bit floats
    let error = datasetError { _ = try IDXFile.parse(bytes) }
    #expect(error?.kind == .unsupported)
    #expect(error?.description.contains("32-bit float") == true)
  }

  @Test func truncatedHeaderAndData() {
    for n in 0..<twoByThree.count {
      let error = datasetError { _ = try IDXFile.parse(Array(twoByThree[0..<n])) }
      #expect(error?.kind == .truncated, "prefix of \(n) bytes")
    }
    // 5 of the 6 data bytes: the message gives the arithmetic.
    let error = datasetError { _ = try IDXFile.parse(Array(twoByThree.dropLast())) }
    #expect(error?.description.contains("2 × 3 = 6 data bytes, but the file holds only 5") == true)
  }

  @Test func wrongDimensions() {
    // Dimensions 2 × 2 = 4 but 6 data bytes follow: 2 bytes too many.
    var bytes = twoByThree
    bytes[11] = 2
    let error = datasetError { _ = try IDXFile.parse(bytes) }
    #expect(error?.kind == .wrongSize)
    #expect(error?.description.contains("2 more bytes follow") == true)
    // Dimensions whose product overflows Int are caught, not multiplied blindly.
    let huge: [UInt8] = [0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12)
    #expect(datasetError { _ = try IDXFile.parse(huge) }?.kind == .truncated)
  }

  @Test(.enabled(if: hasGzip)) func rawAndGzippedFilesRoundTrip() throws {
    try withTemporaryDirectory { dir in
      // A small idx3 file: 5 images of 4 × 3 seeded pixels.
      let original = IDXFile(dimensions: [5, 4, 3], data: incompressibleBytes(60, seed: 4))
      let raw = dir.appendingPathComponent("small-idx3-ubyte")
      try Data(original.encoded()).write(to: raw)
      #expect(try IDXFile.read(contentsOf: raw) == original)

      let compressed = try systemGzip(original.encoded(), ["-9"], name: "small-idx3-ubyte")
      let gz = dir.appendingPathComponent("small-idx3-ubyte.gz")
      try Data(compressed).write(to: gz)
      #expect(try IDXFile.read(contentsOf: gz) == original)

      // Compressed data under an uncompressed name: the signature decides, not the name.
      let misnamed = dir.appendingPathComponent("misnamed-idx3-ubyte")
      try Data(compressed).write(to: misnamed)
      #expect(try IDXFile.read(contentsOf: misnamed) == original)
    }
  }

  @Test func readErrorsNameTheFile() throws {
    try withTemporaryDirectory { dir in
      let url = dir.appendingPathComponent("broken-idx1-ubyte")
      try Data([0, 0, 8, 1, 0, 0, 0, 9, 1, 2]).write(to: url)
      let error = datasetError { _ = try IDXFile.read(contentsOf: url) }
      #expect(error?.kind == .truncated)
      #expect(error?.description.hasPrefix(url.path + ": ") == true)
      let nope = dir.appendingPathComponent("nope")
      let missing = datasetError { _ = try IDXFile.read(contentsOf: nope) }
      #expect(missing?.kind == .missingFile)
    }
  }
}
