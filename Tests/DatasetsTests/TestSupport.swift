import CNNCore
import Datasets
import Foundation

/// A fresh, uniquely named directory under the system's temporary directory; `body` runs
/// with it and it is removed afterwards, whatever happens.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("datasets-tests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: url) }
  return try body(url)
}

/// The full path of `gzip` on PATH, or nil (the tests that need it are then skipped).
let gzipPath: String? = {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
  return path.split(separator: ":").map { "\($0)/gzip" }
    .first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// Whether the system `gzip` is available.
let hasGzip = gzipPath != nil

/// Compresses `bytes` with the system gzip (`gzip <options> -k file`) and returns the
/// .gz file's bytes. The input file is called `name`, which gzip stores in FNAME unless
/// `-n` is among the options.
func systemGzip(_ bytes: [UInt8], _ options: [String] = ["-9"], name: String = "data")
  throws -> [UInt8]
{
  try withTemporaryDirectory { dir in
    let input = dir.appendingPathComponent(name)
    try Data(bytes).write(to: input)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: gzipPath!)
    process.arguments = options + ["-k", "-f", input.path]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw DatasetError(.corruptData, problem: "gzip exited with \(process.terminationStatus)",
                         fix: "")
    }
    return [UInt8](try Data(contentsOf: dir.appendingPathComponent(name + ".gz")))
  }
}

/// Where a gzip member's deflate stream starts: after the 10 fixed header bytes and the
/// optional fields. Computed here independently of `GzipHeader`.
func deflateStart(ofGzip bytes: [UInt8]) -> Int {
  let flags = bytes[3]
  var p = 10
  if flags & 4 != 0 { p += 2 + Int(bytes[p]) + Int(bytes[p + 1]) << 8 }
  if flags & 8 != 0 { p = bytes[p...].firstIndex(of: 0)! + 1 }
  if flags & 16 != 0 { p = bytes[p...].firstIndex(of: 0)! + 1 }
  if flags & 2 != 0 { p += 2 }
  return p
}

/// BTYPE of the first block of the deflate stream at `bytes[start]`: bits 1–2 of its first
/// byte (bit 0 is BFINAL). Read directly from the bytes, independently of `inflate`.
func firstBlockType(_ bytes: [UInt8], at start: Int) -> Int {
  Int(bytes[start] >> 1) & 3
}

/// Walks a deflate stream that consists only of stored blocks, without `inflate`: each
/// block is a byte holding BFINAL and BTYPE = 00 (then padding to the byte boundary),
/// LEN, NLEN and LEN bytes. Returns the number of blocks, or nil as soon as a header is
/// not a stored block or the lengths are inconsistent.
func countStoredBlocks(_ bytes: [UInt8], at start: Int) -> Int? {
  var p = start
  var blocks = 0
  while true {
    guard p + 5 <= bytes.count, (bytes[p] >> 1) & 3 == 0 else { return nil }
    let final = bytes[p] & 1 == 1
    let length = Int(bytes[p + 1]) | Int(bytes[p + 2]) << 8
    let complement = Int(bytes[p + 3]) | Int(bytes[p + 4]) << 8
    guard length ^ complement == 0xFFFF else { return nil }
    p += 5 + length
    blocks += 1
    if final { return blocks }
  }
}

/// Seeded bytes that do not compress: uniform 0…255.
func incompressibleBytes(_ count: Int, seed: UInt64) -> [UInt8] {
  var g = SeededGenerator(seed: seed)
  return (0..<count).map { _ in UInt8(truncatingIfNeeded: g.next() >> 56) }
}

/// Seeded text that compresses well but not trivially: words from a 40-word vocabulary
/// with random separators, so gzip needs many matches and dynamic Huffman codes.
func wordyText(_ count: Int, seed: UInt64) -> [UInt8] {
  let words = (
    "kernel stride padding channel filter pooling tensor gradient weight bias "
      + "convolution correlation feature map receptive field neuron layer softmax loss "
      + "batch epoch learning rate momentum dropout relu sigmoid tanh image pixel digit "
      + "label train test accuracy dilation group depthwise"
  ).split(separator: " ").map { Array($0.utf8) }
  var g = SeededGenerator(seed: seed)
  var text = [UInt8]()
  text.reserveCapacity(count + 20)
  while text.count < count {
    text += words[g.nextInt(in: 0...(words.count - 1))]
    text.append([32, 32, 32, 44, 46, 10][g.nextInt(in: 0...5)])
    if g.nextInt(in: 0...9) == 0 { text += Array(String(g.nextInt(in: 0...99_999)).utf8) }
  }
  return Array(text.prefix(count))
}

/// The error thrown by `body`, or nil if it did not throw a `DatasetError`.
func datasetError(_ body: () throws -> Void) -> DatasetError? {
  do {
    try body()
    return nil
  } catch let error as DatasetError {
    return error
  } catch {
    return nil
  }
}

/// Builds deflate streams by hand: plain values go least-significant bit first, Huffman
/// codes most-significant bit first (RFC 1951, section 3.1.1).
struct BitWriter {
  var bytes: [UInt8] = []
  var used = 0  // bits used in the last byte

  /// Appends `value`'s low `n` bits, least-significant first.
  mutating func bits(_ value: Int, _ n: Int) {
    for i in 0..<n {
      if used == 0 { bytes.append(0) }
      bytes[bytes.count - 1] |= UInt8((value >> i) & 1) << UInt8(used)
      used = (used + 1) % 8
    }
  }

  /// Appends an `n`-bit Huffman code, most-significant bit first.
  mutating func code(_ value: Int, _ n: Int) {
    for i in stride(from: n - 1, through: 0, by: -1) { bits((value >> i) & 1, 1) }
  }

  /// A fixed-code literal/length symbol: 0–143 → 8 bits from 0x30, 144–255 → 9 bits from
  /// 0x190, 256–279 → 7 bits from 0, 280–287 → 8 bits from 0xC0.
  mutating func fixedSymbol(_ s: Int) {
    switch s {
    case 0...143: code(0x30 + s, 8)
    case 144...255: code(0x190 + s - 144, 9)
    case 256...279: code(s - 256, 7)
    default: code(0xC0 + s - 280, 8)
    }
  }
}
