import Datasets
import Testing

@Suite struct CRC32Tests {
  @Test func standardCheckValues() {
    // The CRC-32 "check" value: CRC of the ASCII digits "123456789" is 0xCBF43926.
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    // No bytes: register 0xFFFFFFFF inverted at the end gives 0.
    #expect(CRC32.checksum([]) == 0)
    // Python: zlib.crc32(b"The quick brown fox jumps over the lazy dog") == 0x414FA339
    #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8))
      == 0x414F_A339)
    // Python: zlib.crc32(b"abc") == 0x352441C2
    #expect(CRC32.checksum(Array("abc".utf8)) == 0x3524_41C2)
  }

  @Test func eightBytesAtATimeMatchesTheBytewiseRecurrence() {
    // The slicing-by-8 loop must give the byte-at-a-time result for every length and
    // every split of the input into updates (lengths 0…40 cover all 8-byte remainders).
    let data = incompressibleBytes(40, seed: 7)
    for n in 0...data.count {
      var crc: UInt32 = 0xFFFF_FFFF
      for byte in data[0..<n] {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
      }
      let expected = crc ^ 0xFFFF_FFFF
      #expect(CRC32.checksum(Array(data[0..<n])) == expected, "length \(n)")
      var pieces = CRC32()
      pieces.update(Array(data[0..<n / 3]))
      pieces.update(Array(data[n / 3..<n]))
      #expect(pieces.value == expected, "length \(n) fed in two pieces")
    }
  }
}
