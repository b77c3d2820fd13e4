import CNNCore
import Datasets
import Foundation
import Testing

@Suite struct InflateTests {
  // MARK: Hand-made streams

  @Test func fixedHuffmanAbc() throws {
    // Python: zlib.compressobj(9, zlib.DEFLATED, -15) on b"abc" gives 4b 4c 4a 06 00:
    // BFINAL 1, BTYPE 01, literals 'a' 'b' 'c' (8-bit codes 0x30 + 97…99), end of block.
    let result = try inflate([0x4B, 0x4C, 0x4A, 0x06, 0x00])
    #expect(result.bytes == Array("abc".utf8))
    #expect(result.blocks == [.fixedHuffman])
    #expect(result.end == 5)
  }

  @Test func storedBlocksByHand() throws {
    // 0x01 = BFINAL 1, BTYPE 00; LEN = 3 (03 00), NLEN = ~3 = 0xFFFC (FC FF); "abc".
    let one = try inflate([0x01, 0x03, 0x00, 0xFC, 0xFF, 0x61, 0x62, 0x63])
    #expect(one.bytes == Array("abc".utf8))
    #expect(one.blocks == [.stored])
    // An empty final stored block: LEN 0, NLEN 0xFFFF.
    #expect(try inflate([0x01, 0x00, 0x00, 0xFF, 0xFF]).bytes == [])
    // Two blocks, "ab" (not final: 0x00) then "c" (final), and 2 bytes after the stream.
    let two = try inflate([0x00, 2, 0, 0xFD, 0xFF, 0x61, 0x62, 0x01, 1, 0, 0xFE, 0xFF, 0x63, 9, 9])
    #expect(two.bytes == Array("abc".utf8))
    #expect(two.blocks == [.stored, .stored])
    #expect(two.end == 13)  // 5 + 2 + 5 + 1 bytes, the trailing 9 9 are not part of it
  }

  @Test func fixedHuffmanMatchesIncludingOverlap() throws {
    // "a", then a match of length 9 at distance 1 (overlapping copy: "aaaaaaaaa"),
    // then "b", then length 4 at distance 2 ("ab" → "abab"): "a" + 9·"a" + "b" + "abab".
    var w = BitWriter()
    w.bits(1, 1); w.bits(1, 2)  // BFINAL = 1, BTYPE = 01
    w.fixedSymbol(97)
    w.fixedSymbol(263); w.code(0, 5)  // symbol 263 = length 9, distance code 0 = 1
    w.fixedSymbol(98)
    w.fixedSymbol(258); w.code(1, 5)  // symbol 258 = length 4, distance code 1 = 2
    w.fixedSymbol(256)
    let result = try inflate(w.bytes)
    #expect(result.bytes == Array("aaaaaaaaaab".utf8) + Array("abab".utf8))
    #expect(result.blocks == [.fixedHuffman])
  }

  @Test func matchesWithExtraBitsAndLongDistances() throws {
    // 300 seeded bytes as literals, then symbol 284 (base 227, 5 extra bits = 30 → 257)
    // at distance code 16 (base 257, 7 extra bits = 43 → 300): the copy repeats bytes
    // 0…256 of the literals (distance 300 ≥ 8 takes the 8-bytes-at-a-time path).
    let literals = incompressibleBytes(300, seed: 3)
    var w = BitWriter()
    w.bits(1, 1); w.bits(1, 2)
    for byte in literals { w.fixedSymbol(Int(byte)) }
    w.fixedSymbol(284); w.bits(30, 5)
    w.code(16, 5); w.bits(43, 7)
    w.fixedSymbol(256)
    let result = try inflate(w.bytes)
    #expect(result.bytes == literals + literals[0..<257])
  }

  // MARK: Files made by the system gzip

  @Test(.enabled(if: hasGzip)) func smallTextUsesAFixedBlock() throws {
    let text = Array("hello hello hello, convolution!\n".utf8)
    let gz = try systemGzip(text, ["-9"])
    let start = deflateStart(ofGzip: gz)
    #expect(firstBlockType(gz, at: start) == 1)  // read from the bits: fixed Huffman
    let result = try inflate(gz, from: start, sizeHint: text.count)
    #expect(result.bytes == text)
    #expect(result.blocks == [.fixedHuffman])
    #expect(result.end == gz.count - 8)  // then the 8-byte trailer
  }

  @Test(.enabled(if: hasGzip)) func largeTextUsesManyDynamicBlocks() throws {
    let text = wordyText(400_000, seed: 11)
    for level in ["-1", "-6", "-9"] {
      let gz = try systemGzip(text, [level, "-n"])
      let start = deflateStart(ofGzip: gz)
      #expect(firstBlockType(gz, at: start) == 2, "gzip \(level): first block is dynamic")
      let result = try inflate(gz, from: start)
      #expect(result.bytes == text, "gzip \(level)")
      #expect(result.blocks.count > 1, "gzip \(level): \(result.blocks.count) blocks")
      #expect(result.blocks.allSatisfy { $0 == .dynamicHuffman }, "gzip \(level)")
    }
  }

  @Test(.enabled(if: hasGzip)) func incompressibleDataUsesStoredBlocks() throws {
    // 200 000 random bytes: no match pays off, so gzip stores them; a stored block holds
    // at most 65 535 bytes, so there are at least ⌈200000 / 65535⌉ = 4 blocks.
    let data = incompressibleBytes(200_000, seed: 5)
    let gz = try systemGzip(data, ["-9"])
    let start = deflateStart(ofGzip: gz)
    let walked = try #require(countStoredBlocks(gz, at: start), "every block is stored")
    #expect(walked >= 4)
    let result = try inflate(gz, from: start)
    #expect(result.bytes == data)
    #expect(result.blocks == [DeflateBlockType](repeating: .stored, count: walked))
  }

  @Test(.enabled(if: hasGzip)) func mixedBlockTypesInOneStream() throws {
    // Random bytes, then text, then random bytes: gzip switches block types mid-stream.
    let data = incompressibleBytes(100_000, seed: 8) + wordyText(150_000, seed: 9)
      + incompressibleBytes(100_000, seed: 10)
    let gz = try systemGzip(data, ["-6"])
    let result = try inflate(gz, from: deflateStart(ofGzip: gz))
    #expect(result.bytes == data)
    #expect(result.blocks.contains(.stored))
    #expect(result.blocks.contains(.dynamicHuffman))
  }

  @Test(.enabled(if: hasGzip)) func edgeCaseContents() throws {
    // Empty input, one byte, a long run (distance-1 matches), all byte values.
    let cases: [[UInt8]] = [
      [], [42], [UInt8](repeating: 7, count: 100_000), (0..<256).map { UInt8($0) },
    ]
    for data in cases {
      for level in ["-1", "-9"] {
        let gz = try systemGzip(data, [level])
        #expect(try inflate(gz, from: deflateStart(ofGzip: gz)).bytes == data,
                "\(data.count) bytes, gzip \(level)")
      }
    }
  }

  // MARK: Corrupt input

  @Test func reservedBlockTypeIsAnError() {
    // 0x07 = BFINAL 1, BTYPE 11 (reserved).
    let error = datasetError { _ = try inflate([0x07, 0, 0, 0]) }
    #expect(error?.kind == .corruptData)
    #expect(error?.description.contains("reserved type 3") == true, "\(String(describing: error))")
  }

  @Test func storedLengthMustMatchItsComplement() {
    // LEN = 3 but NLEN = 0 instead of 0xFFFC.
    let error = datasetError { _ = try inflate([0x01, 0x03, 0x00, 0x00, 0x00, 1, 2, 3]) }
    #expect(error?.kind == .corruptData)
    #expect(error?.description.contains("complement") == true)
  }

  @Test func distanceBeforeTheStartIsAnError() {
    // A match (length 3, distance 1) as the very first symbol: nothing to copy from.
    var w = BitWriter()
    w.bits(1, 1); w.bits(1, 2)
    w.fixedSymbol(257); w.code(0, 5)
    w.fixedSymbol(256)
    let error = datasetError { _ = try inflate(w.bytes) }
    #expect(error?.kind == .corruptData)
    #expect(error?.description.contains("1 bytes back, but only 0") == true)
  }

  @Test func invalidFixedSymbolsAreErrors() {
    // Length symbol 286 and distance symbol 30 exist in the fixed code but are invalid.
    var bad = BitWriter()
    bad.bits(1, 1); bad.bits(1, 2)
    bad.fixedSymbol(65); bad.fixedSymbol(286)
    #expect(datasetError { _ = try inflate(bad.bytes + [0, 0]) }?.kind == .corruptData)
    var badDistance = BitWriter()
    badDistance.bits(1, 1); badDistance.bits(1, 2)
    badDistance.fixedSymbol(65); badDistance.fixedSymbol(257); badDistance.code(30, 5)
    let error = datasetError { _ = try inflate(badDistance.bytes + [0, 0]) }
    #expect(error?.description.contains("distance symbol 30") == true)
  }

  @Test func overSubscribedAndIncompleteCodesAreErrors() {
    // Dynamic header: HLIT = 257, HDIST = 1, HCLEN = 19, then 19 code-length code lengths.
    func dynamicHeader(_ lengths: [Int]) -> [UInt8] {
      var w = BitWriter()
      w.bits(1, 1); w.bits(2, 2)
      w.bits(0, 5); w.bits(0, 5); w.bits(15, 4)
      for length in lengths { w.bits(length, 3) }
      return w.bytes + [UInt8](repeating: 0, count: 64)
    }
    // Three codes of length 1: 3 · 2⁻¹ > 1.
    let over = datasetError {
      _ = try inflate(dynamicHeader([1, 1, 1] + Array(repeating: 0, count: 16)))
    }
    #expect(over?.description.contains("over-subscribed") == true, "\(String(describing: over))")
    // Two codes of length 2: 2 · 2⁻² = 1/2 < 1.
    let incomplete = datasetError {
      _ = try inflate(dynamicHeader([2, 2] + Array(repeating: 0, count: 17)))
    }
    #expect(incomplete?.description.contains("incomplete") == true)
  }

  @Test(.enabled(if: hasGzip)) func everyTruncationIsReportedAsTruncated() throws {
    let text = wordyText(3_000, seed: 21)
    let gz = try systemGzip(text, ["-9", "-n"])
    let stream = Array(gz[deflateStart(ofGzip: gz)..<(gz.count - 8)])
    #expect(try inflate(stream).bytes == text)
    for n in 0..<stream.count {
      let error = datasetError { _ = try inflate(Array(stream[0..<n])) }
      #expect(error?.kind == .truncated,
              "prefix of \(n) of \(stream.count) bytes: \(String(describing: error))")
    }
  }

  @Test(.enabled(if: hasGzip)) func corruptedStreamsThrowOrDecodeButNeverTrap() throws {
    // Flip 1–3 random bytes of a real stream, 300 times (seeded). Any outcome but a crash
    // is acceptable for inflate alone; most flips must be caught.
    let text = wordyText(4_000, seed: 31)
    let gz = try systemGzip(text, ["-9", "-n"])
    let stream = Array(gz[deflateStart(ofGzip: gz)..<(gz.count - 8)])
    var g = SeededGenerator(seed: 99)
    var caught = 0
    for _ in 0..<300 {
      var damaged = stream
      for _ in 0..<g.nextInt(in: 1...3) {
        damaged[g.nextInt(in: 0...(damaged.count - 1))] ^= UInt8(g.nextInt(in: 1...255))
      }
      if datasetError({ _ = try inflate(damaged) }) != nil { caught += 1 }
    }
    #expect(caught > 0)
    // Pure noise of many lengths, too.
    for seed in 0..<200 {
      let noise = incompressibleBytes(Int(seed % 50) * 7, seed: UInt64(seed))
      _ = try? inflate(noise)
    }
  }
}
