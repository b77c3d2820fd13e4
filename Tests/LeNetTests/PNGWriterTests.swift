import Datasets
import Testing

/// Reads the PNG back by hand: signature, chunk layout and CRCs, IHDR, the stored deflate
/// blocks, Adler-32, and the scanlines.
@Suite struct PNGWriterTests {
  struct Chunk { var type: String; var data: [UInt8]; var crc: UInt32 }

  func uint32(_ b: [UInt8], _ i: Int) -> UInt32 {
    UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
  }

  func chunks(_ png: [UInt8]) -> [Chunk] {
    var out: [Chunk] = []
    var i = 8
    while i + 12 <= png.count {
      let length = Int(uint32(png, i))
      let type = String(decoding: png[(i + 4)..<(i + 8)], as: UTF8.self)
      let data = Array(png[(i + 8)..<(i + 8 + length)])
      out.append(Chunk(type: type, data: data, crc: uint32(png, i + 8 + length)))
      i += 12 + length
    }
    #expect(i == png.count, "chunks must fill the file exactly")
    return out
  }

  /// Undoes the zlib framing of stored blocks and checks the Adler-32.
  func inflateStored(_ z: [UInt8]) -> [UInt8] {
    #expect(z[0] == 0x78 && (UInt32(z[0]) * 256 + UInt32(z[1])) % 31 == 0)  // zlib header check
    var out: [UInt8] = []
    var i = 2
    while true {
      let header = z[i]
      #expect(header & 0b110 == 0, "BTYPE 00: stored")
      let len = Int(z[i + 1]) | Int(z[i + 2]) << 8
      let nlen = Int(z[i + 3]) | Int(z[i + 4]) << 8
      #expect(len ^ nlen == 0xFFFF)
      out += z[(i + 5)..<(i + 5 + len)]
      i += 5 + len
      if header & 1 == 1 { break }
    }
    #expect(uint32(z, i) == Adler32.checksum(out))
    #expect(i + 4 == z.count)
    return out
  }

  @Test func adler32KnownValues() {
    #expect(Adler32.checksum([]) == 1)  // a = 1, b = 0
    // "Wikipedia": a = 1 + 920 = 921 = 0x398, b = 4582 = 0x11E6 (the usual worked example)
    #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
    // 10,000 bytes of 255 cross the 5,552-byte reduction point:
    // a = 1 + 2,550,000 mod 65521 = 2,550,001 − 38·65521 = 60,203
    // b = Σ_{i=1..10000} (1 + 255 i) = 10,000 + 255·50,005,000 = 12,751,285,000 mod 65521
    let a: UInt64 = (1 + 255 * 10_000) % 65_521
    let b: UInt64 = (10_000 + 255 * 50_005_000) % 65_521
    #expect(a == 60_203)
    #expect(Adler32.checksum([UInt8](repeating: 255, count: 10_000)) == UInt32(b << 16 | a))
  }

  @Test func grayImage() {
    // 3×2: rows [0, 128, 255] and [1, 2, 3]
    let pixels: [UInt8] = [0, 128, 255, 1, 2, 3]
    let png = PNGWriter.encode(width: 3, height: 2, pixels: pixels, color: .gray)
    #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    let parts = chunks(png)
    #expect(parts.map(\.type) == ["IHDR", "IDAT", "IEND"])
    for chunk in parts {
      #expect(chunk.crc == CRC32.checksum(Array(chunk.type.utf8) + chunk.data), "\(chunk.type)")
    }
    // IHDR: width 3, height 2, depth 8, colour type 0, compression, filter, interlace 0
    #expect(parts[0].data == [0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 0, 0])
    #expect(parts[2].data.isEmpty)
    // Scanlines: filter byte 0 then the row: 2·(1 + 3) = 8 bytes
    #expect(inflateStored(parts[1].data) == [0, 0, 128, 255, 0, 1, 2, 3])
    #expect(png.count == 8 + 25 + (12 + 2 + 5 + 8 + 4) + 12)  // = 76
  }

  @Test func digitSizeFile() {
    // 28·(1 + 28) = 812 bytes of scanlines + 68 of framing (8 + 25 + 12 + 2 + 5 + 4 + 12)
    let png = PNGWriter.encode(
      width: 28, height: 28, pixels: [UInt8](repeating: 7, count: 784), color: .gray)
    #expect(png.count == 880)
  }

  @Test func rgbImageSpanningSeveralStoredBlocks() {
    // 200×120 RGB: 120·(1 + 600) = 72,120 bytes of scanlines > 65,535, so two blocks.
    let (w, h) = (200, 120)
    let pixels = (0..<(w * h * 3)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    let png = PNGWriter.encode(width: w, height: h, pixels: pixels, color: .rgb)
    let parts = chunks(png)
    for chunk in parts {
      #expect(chunk.crc == CRC32.checksum(Array(chunk.type.utf8) + chunk.data), "\(chunk.type)")
    }
    #expect(parts[0].data[9] == 2)  // colour type 2: RGB
    let raw = inflateStored(parts[1].data)
    #expect(raw.count == 72_120)
    var expected: [UInt8] = []
    for y in 0..<h { expected += [0] + pixels[(y * w * 3)..<((y + 1) * w * 3)] }
    #expect(raw == expected)
    // Two stored blocks: the first not final (byte 2 of the zlib stream is 0).
    #expect(parts[1].data[2] == 0)
    #expect(parts[1].data.count == 2 + 5 + 65_535 + 5 + (72_120 - 65_535) + 4)
  }
}
