import CNNCore
import Datasets

/// The checkpoint file format, version 1. All integers are unsigned little-endian, all
/// floats IEEE-754 binary32 little-endian.
///
/// ```
/// offset   bytes  field
/// 0        8      magic "CNNCKPT" followed by one 0 byte
/// 8        4      format version (1)
/// 12       8      payload size P
/// 20       P      payload
/// 20 + P   4      CRC-32 of the payload (Datasets.CRC32, as in gzip)
///
/// payload:
///   string   architecture fingerprint (Sequential.fingerprint, lines joined by "\n")
///   u32      number of model tensors T, then T tensors (parameters, then buffers)
///   string   optimizer kind ("SGD", "Adam"; "" when no optimizer state is stored)
///   u32      number of optimizer tensors U, then U tensors ("conv1.weight/m", …)
/// string = u32 byte count + UTF-8 bytes
/// tensor = string name, u32 rank, rank × u32 extents, ∏extents × f32 values
/// ```
///
///     // An empty model with no optimizer: 20 + (4 + 13 + 4 + 4 + 4) + 4 = 53 bytes
///     // ("input 1×2×2" is 13 UTF-8 bytes: "×" takes 2 of them).
public enum CheckpointFormat {
  /// "CNNCKPT\0".
  public static let magic: [UInt8] = Array("CNNCKPT".utf8) + [0]
  /// The version this code writes and the only one it reads.
  public static let version: UInt32 = 1
  /// Header bytes before the payload: magic, version, payload size.
  static let headerSize = 8 + 4 + 8

  /// The contents of a checkpoint.
  public struct Contents: Equatable, Sendable {
    /// The architecture lines (`Sequential.fingerprint`).
    public var fingerprint: [String]
    /// Parameters, then buffers, in layer order.
    public var tensors: [NamedTensor]
    /// "SGD", "Adam", or "" when no optimizer state is stored.
    public var optimizerKind: String
    /// The optimizer state (`Optimizer.state(for:)`).
    public var optimizerTensors: [NamedTensor]
  }

  /// A tensor with its name.
  public struct NamedTensor: Equatable, Sendable {
    /// e.g. "conv1.weight" or "conv1.weight/m".
    public var name: String
    /// The values.
    public var tensor: Tensor<Float>
    /// A named tensor.
    public init(name: String, tensor: Tensor<Float>) {
      self.name = name
      self.tensor = tensor
    }
  }

  /// The file bytes for `contents`.
  public static func encode(_ contents: Contents) -> [UInt8] {
    var payload = [UInt8]()
    payload.append(string: contents.fingerprint.joined(separator: "\n"))
    payload.append(u32: UInt32(contents.tensors.count))
    for t in contents.tensors { payload.append(tensor: t) }
    payload.append(string: contents.optimizerKind)
    payload.append(u32: UInt32(contents.optimizerTensors.count))
    for t in contents.optimizerTensors { payload.append(tensor: t) }
    var file = magic
    file.append(u32: version)
    file.append(u64: UInt64(payload.count))
    file += payload
    file.append(u32: CRC32.checksum(payload))
    return file
  }

  /// Parses checkpoint bytes; `file` names the file in errors.
  public static func decode(_ bytes: [UInt8], file: String) throws -> Contents {
    let retry = "Use an earlier checkpoint, or train again."
    let prefix = Array(bytes.prefix(magic.count))
    guard prefix == Array(magic.prefix(prefix.count)) else {
      throw CheckpointError(
        .wrongMagic, file: file,
        problem: "this is not a checkpoint: it does not start with \"CNNCKPT\".",
        fix: "Pass a file written by Sequential.save(to:) (is this the right path?).")
    }
    guard bytes.count >= headerSize + 4 else {
      throw CheckpointError(
        .truncated, file: file,
        problem: "the file ends after \(bytes.count) bytes, inside the \(headerSize + 4)-byte "
          + "header and trailer (an interrupted save or copy?).", fix: retry)
    }
    var header = Reader(bytes[magic.count..<headerSize])
    let fileVersion = try header.u32()
    guard fileVersion == version else {
      throw CheckpointError(
        .unsupportedVersion, file: file,
        problem: "the checkpoint has format version \(fileVersion); this code reads version "
          + "\(version).",
        fix: fileVersion > version
          ? "It was written by a newer version of the companion: update the code."
          : "Re-save it with the version that wrote it, or train again.")
    }
    let payloadSize = try header.u64()
    let expected = UInt64(headerSize) + payloadSize + 4
    guard UInt64(bytes.count) >= expected else {
      throw CheckpointError(
        .truncated, file: file,
        problem: "the file ends after \(grouped(bytes.count)) of \(grouped(Int(expected))) "
          + "bytes (an interrupted save or copy?).", fix: retry)
    }
    guard UInt64(bytes.count) == expected else {
      throw CheckpointError(
        .corrupt, file: file,
        problem: "the file has \(grouped(bytes.count)) bytes, \(UInt64(bytes.count) - expected) "
          + "more than its header announces.", fix: retry)
    }
    let payload = bytes[headerSize..<headerSize + Int(payloadSize)]
    var trailer = Reader(bytes[(headerSize + Int(payloadSize))...])
    let stored = try trailer.u32()
    var crc = CRC32()
    payload.withUnsafeBytes { crc.update($0) }
    guard crc.value == stored else {
      throw CheckpointError(
        .corrupt, file: file,
        problem: "the CRC-32 of the contents is \(hex(crc.value)), the file says "
          + "\(hex(stored)): the data was damaged after saving.", fix: retry)
    }
    do {
      var r = Reader(payload)
      let fingerprint = try r.string().split(separator: "\n", omittingEmptySubsequences: false)
        .map(String.init)
      var tensors: [NamedTensor] = []
      for _ in 0..<(try r.u32()) { tensors.append(try r.tensor()) }
      let kind = try r.string()
      var optimizerTensors: [NamedTensor] = []
      for _ in 0..<(try r.u32()) { optimizerTensors.append(try r.tensor()) }
      guard r.isAtEnd else { throw Reader.Malformed(reason: "unused bytes after the last field") }
      return Contents(fingerprint: fingerprint, tensors: tensors, optimizerKind: kind,
                      optimizerTensors: optimizerTensors)
    } catch let error as Reader.Malformed {
      throw CheckpointError(
        .corrupt, file: file,
        problem: "the contents break the format (\(error.reason)) although the CRC-32 matches: "
          + "the writer was faulty.", fix: retry)
    }
  }

  static func hex(_ v: UInt32) -> String {
    let digits = String(v, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
  }

  /// A bounds-checked little-endian reader over a slice of bytes.
  struct Reader {
    struct Malformed: Error { var reason: String }
    let bytes: ArraySlice<UInt8>
    var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
      self.bytes = bytes
      self.position = bytes.startIndex
    }

    var isAtEnd: Bool { position == bytes.endIndex }

    mutating func take(_ n: Int, _ what: String) throws -> ArraySlice<UInt8> {
      guard n >= 0, bytes.endIndex - position >= n else {
        throw Malformed(reason: "\(what) needs \(n) bytes, \(bytes.endIndex - position) remain")
      }
      defer { position += n }
      return bytes[position..<position + n]
    }

    mutating func u32() throws -> UInt32 {
      try take(4, "an integer").reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws -> UInt64 {
      try take(8, "an integer").reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func string() throws -> String {
      let n = Int(try u32())
      guard let s = String(validating: try take(n, "a string"), as: UTF8.self) else {
        throw Malformed(reason: "a name is not valid UTF-8")
      }
      return s
    }

    mutating func tensor() throws -> NamedTensor {
      let name = try string()
      let rank = Int(try u32())
      guard rank <= 8 else { throw Malformed(reason: "tensor \(name) has rank \(rank)") }
      var shape: [Int] = []
      for _ in 0..<rank { shape.append(Int(try u32())) }
      let (count, overflow) = shape.reduce((1, false)) { acc, d in
        let (p, o) = acc.0.multipliedReportingOverflow(by: d)
        return (p, acc.1 || o)
      }
      guard !overflow, count <= (bytes.endIndex - position) / 4 else {
        throw Malformed(reason: "tensor \(name) of shape \(shape) does not fit in the file")
      }
      let raw = try take(count * 4, "tensor \(name)")
      var scalars = [Float](repeating: 0, count: count)
      raw.withUnsafeBytes { src in
        for i in 0..<count {
          scalars[i] = Float(bitPattern: UInt32(littleEndian: src.loadUnaligned(
            fromByteOffset: 4 * i, as: UInt32.self)))
        }
      }
      return NamedTensor(name: name, tensor: Tensor(shape: shape, scalars: scalars))
    }
  }
}

extension [UInt8] {
  mutating func append(u32 v: UInt32) {
    for k in 0..<4 { append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) }
  }
  mutating func append(u64 v: UInt64) {
    for k in 0..<8 { append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) }
  }
  mutating func append(string s: String) {
    let utf8 = Array(s.utf8)
    append(u32: UInt32(utf8.count))
    self += utf8
  }
  mutating func append(tensor t: CheckpointFormat.NamedTensor) {
    append(string: t.name)
    append(u32: UInt32(t.tensor.rank))
    for d in t.tensor.shape { append(u32: UInt32(d)) }
    reserveCapacity(count + 4 * t.tensor.count)
    for x in t.tensor.scalars { append(u32: x.bitPattern) }
  }
}
