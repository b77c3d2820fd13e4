import Datasets
import Foundation
import Testing

@Suite struct GzipTests {
  /// A gzip member of "abc" built by hand: 10-byte header (no flags, OS 3 = Unix), the
  /// fixed-Huffman stream 4B 4C 4A 06 00, CRC-32("abc") = 0x352441C2 little-endian, ISIZE 3.
  let abc: [UInt8] = [
    0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0x4B, 0x4C, 0x4A, 0x06, 0x00,
    0xC2, 0x41, 0x24, 0x35, 3, 0, 0, 0,
  ]

  @Test func handMadeMember() throws {
    #expect(try Gzip.decompress(abc) == Array("abc".utf8))
    #expect(Gzip.hasMagic(abc))
    #expect(!Gzip.hasMagic([0, 0, 8, 1]))
    #expect(!Gzip.hasMagic([0x1F]))
  }

  @Test(.enabled(if: hasGzip)) func systemGzipHeaderFields() throws {
    let text = wordyText(5_000, seed: 1)
    let best = try systemGzip(text, ["-9"], name: "notes.txt")
    let member = try #require(try Gzip.members(best).first)
    #expect(member.header.fileName == "notes.txt")
    #expect(member.header.flags & GzipHeader.nameFlag != 0)
    #expect(member.header.modificationTime > 0)  // gzip records the file's mtime
    #expect(member.header.extraFlags == 2)  // XFL 2: compressed with maximum effort
    #expect(member.header.length == 10 + "notes.txt".utf8.count + 1)
    #expect(member.bytes == text)
    let fast = try systemGzip(text, ["-1", "-n"])
    let header = try GzipHeader.parse(fast)
    #expect(header.extraFlags == 4)  // XFL 4: fastest
    #expect(header.fileName == nil && header.modificationTime == 0)  // -n: no name, no time
    #expect(try Gzip.decompress(fast) == text)
  }

  /// A member of `abc`'s data behind a header with every optional field.
  func memberWithAllOptionalFields() -> [UInt8] {
    // FLG = FHCRC 2 | FEXTRA 4 | FNAME 8 | FCOMMENT 16 = 30.
    var header: [UInt8] = [0x1F, 0x8B, 8, 30, 0x78, 0x56, 0x34, 0x12, 0, 3]
    header += [4, 0, 0x41, 0x42, 0, 0]  // XLEN = 4: subfield "AB" with length 0
    header += [0x63, 0x61, 0x66, 0xE9, 0x2E, 0x74, 0x78, 0x74, 0]  // "café.txt", Latin-1
    header += Array("made by hand".utf8) + [0]
    let crc = CRC32.checksum(header)
    header += [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF)]  // CRC16 = low half of CRC-32
    return header + abc[10...]
  }

  @Test func optionalHeaderFields() throws {
    let member = try #require(try Gzip.members(memberWithAllOptionalFields()).first)
    #expect(member.bytes == Array("abc".utf8))
    #expect(member.header.modificationTime == 0x1234_5678)  // 78 56 34 12, little-endian
    #expect(member.header.extra == [0x41, 0x42, 0, 0])
    #expect(member.header.fileName == "café.txt")
    #expect(member.header.comment == "made by hand")
    #expect(member.header.headerCRC != nil)
    // 10 fixed + 2 + 4 extra + 9 name + 13 comment + 2 CRC16 = 40
    #expect(member.header.length == 40)
  }

  @Test func headerErrors() {
    var badHeaderCRC = memberWithAllOptionalFields()
    badHeaderCRC[30] ^= 0x20  // a letter of the comment changes case
    #expect(datasetError { _ = try Gzip.decompress(badHeaderCRC) }?.kind == .crcMismatch)

    var reserved = abc
    reserved[3] = 0x20  // FLG bit 5 is reserved
    #expect(datasetError { _ = try Gzip.decompress(reserved) }?.kind == .corruptData)

    var method = abc
    method[2] = 7  // CM 7 is not deflate
    #expect(datasetError { _ = try Gzip.decompress(method) }?.kind == .unsupported)

    let notGzip = datasetError { _ = try Gzip.decompress([0, 0, 8, 1, 0, 0, 0, 1, 5]) }
    #expect(notGzip?.kind == .wrongMagic)
    #expect(notGzip?.description.contains("1F 8B") == true)
    #expect(notGzip?.description.contains("0x00 0x00") == true)
  }

  @Test func truncatedFilesAreReportedAsTruncated() {
    for n in 0..<abc.count {
      let error = datasetError { _ = try Gzip.decompress(Array(abc[0..<n])) }
      #expect(error?.kind == .truncated, "prefix of \(n) bytes: \(String(describing: error))")
      #expect(error?.description.contains("download it again") == true)
    }
  }

  @Test func badCRCIsReported() {
    var bad = abc
    bad[15] ^= 1  // lowest bit of the stored CRC: C2 → C3
    let error = datasetError { _ = try Gzip.decompress(bad) }
    #expect(error?.kind == .crcMismatch)
    #expect(error?.description.contains("0x352441C2") == true)  // what the data gives
    #expect(error?.description.contains("0x352441C3") == true)  // what the trailer says
    #expect(error?.description.contains("download it again") == true)
  }

  @Test func badISIZEIsReported() {
    var bad = abc
    bad[19] = 4  // ISIZE 4, but "abc" is 3 bytes
    let error = datasetError { _ = try Gzip.decompress(bad) }
    #expect(error?.kind == .wrongSize)
    #expect(error?.description.contains("ISIZE says 4") == true)
  }

  @Test(.enabled(if: hasGzip)) func multipleMembersAreConcatenated() throws {
    // `cat a.gz b.gz c.gz | gunzip` prints a + b + c; c is empty.
    let a = wordyText(20_000, seed: 2)
    let b = incompressibleBytes(70_000, seed: 3)
    let file = try systemGzip(a, ["-9"]) + systemGzip(b, ["-1"]) + systemGzip([], ["-6"])
    let members = try Gzip.members(file)
    #expect(members.map(\.bytes.count) == [20_000, 70_000, 0])
    #expect(try Gzip.decompress(file) == a + b)
  }

  @Test func trailingBytes() throws {
    // Zero padding after the last member is allowed (as gzip allows it) …
    #expect(try Gzip.decompress(abc + [0, 0, 0, 0]) == Array("abc".utf8))
    // … anything else is reported.
    let error = datasetError { _ = try Gzip.decompress(abc + [0x41, 0x42]) }
    #expect(error?.kind == .corruptData)
    #expect(error?.description.contains("2 bytes after gzip member 1") == true)
  }
}
