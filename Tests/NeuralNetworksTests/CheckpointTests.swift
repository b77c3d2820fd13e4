import CNNCore
import Datasets
import Foundation
import Testing
@testable import NeuralNetworks

@Suite("Checkpoints")
struct CheckpointTests {
  /// A trained tiny model with Adam state, and its data.
  private func trainedModel() throws -> (Sequential, (x: ImageSet, y: [Int])) {
    let data = syntheticTopBottom(count: 48, seed: 11)
    let model = try Sequential(
      inputShape: [1, 2, 2],
      layers: [TestDense(inputSize: 4, outputSize: 3, seed: 1),
               TestDense(inputSize: 3, outputSize: 2, seed: 2)])
    model.compile(loss: TestCrossEntropy(), optimizer: Adam(learningRate: 0.01))
    try model.fit(x: data.x, y: data.y, batchSize: 8, epochs: 2, seed: 3, verbosity: .silent)
    return (model, data)
  }

  private func freshModel(hidden: Int = 3) throws -> Sequential {
    let model = try Sequential(
      inputShape: [1, 2, 2],
      layers: [TestDense(inputSize: 4, outputSize: hidden, seed: 7),
               TestDense(inputSize: hidden, outputSize: 2, seed: 8)])
    model.compile(loss: TestCrossEntropy(), optimizer: Adam(learningRate: 0.01))
    return model
  }

  /// `body` gets the bytes of a valid checkpoint and the URL to write a variant to.
  private func expectError(
    _ kind: CheckpointError.Kind, mentioning text: String,
    _ damage: ([UInt8]) -> [UInt8], sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    try withTemporaryDirectory { dir in
      let (model, _) = try trainedModel()
      let url = dir.appendingPathComponent("model.ckpt")
      try model.save(to: url)
      let damaged = damage([UInt8](try Data(contentsOf: url)))
      try Data(damaged).write(to: url)
      let target = try freshModel()
      let before = target.stateTensors.map(\.tensor)
      do {
        try target.load(from: url)
        Issue.record("expected a \(kind) error", sourceLocation: sourceLocation)
      } catch let error as CheckpointError {
        #expect(error.kind == kind, sourceLocation: sourceLocation)
        #expect(error.description.contains(text), "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.hasPrefix(url.path), sourceLocation: sourceLocation)
      }
      // A failed load leaves the model untouched.
      #expect(target.stateTensors.map(\.tensor) == before, sourceLocation: sourceLocation)
    }
  }

  @Test func roundTripGivesBitIdenticalPredictions() throws {
    try withTemporaryDirectory { dir in
      let (model, data) = try trainedModel()
      let url = dir.appendingPathComponent("model.ckpt")
      try model.save(to: url)
      let copy = try freshModel()
      #expect(try copy.predict(x: data.x) != model.predict(x: data.x))
      try copy.load(from: url)
      let expected = try model.predict(x: data.x)
      #expect(bits(try copy.predict(x: data.x).scalars) == bits(expected.scalars))
      // The Adam moments came along: one more epoch gives identical weights in both.
      try model.fit(x: data.x, y: data.y, batchSize: 8, epochs: 1, seed: 5, verbosity: .silent)
      try copy.fit(x: data.x, y: data.y, batchSize: 8, epochs: 1, seed: 5, verbosity: .silent)
      #expect(bits(copy.parameters.flatMap(\.value.scalars))
        == bits(model.parameters.flatMap(\.value.scalars)))
      // No temporary files are left beside the checkpoint.
      #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["model.ckpt"])
    }
  }

  @Test func layoutOfAnEmptyModel() throws {
    let model = try Sequential(inputShape: [1, 2, 2], layers: [])
    let bytes = CheckpointFormat.encode(.init(
      fingerprint: model.fingerprint, tensors: [], optimizerKind: "", optimizerTensors: []))
    // 20 header + (4 + 13 "input 1×2×2") + 4 + (4 + 0) + 4 + 4 CRC = 53 bytes
    #expect(bytes.count == 53)
    #expect(Array(bytes[0..<8]) == Array("CNNCKPT".utf8) + [0])
    #expect(Array(bytes[8..<12]) == [1, 0, 0, 0])  // version 1, little-endian
    #expect(Array(bytes[12..<20]) == [29, 0, 0, 0, 0, 0, 0, 0])  // payload 53 − 24 = 29
    let crc = CRC32.checksum(Array(bytes[20..<49]))
    #expect(Array(bytes[49..<53]) == (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) })
  }

  @Test func truncatedFile() throws {
    try expectError(.truncated, mentioning: "ends after") { Array($0.prefix($0.count / 2)) }
    try expectError(.truncated, mentioning: "ends after 10 bytes") { Array($0.prefix(10)) }
    try expectError(.truncated, mentioning: "ends after 3 bytes") { Array($0.prefix(3)) }
  }

  @Test func wrongMagic() throws {
    try expectError(.wrongMagic, mentioning: "not a checkpoint") { _ in
      Array("PK\u{3}\u{4} this is a zip file, not a checkpoint at all".utf8)
    }
  }

  @Test func newerVersion() throws {
    try expectError(.unsupportedVersion, mentioning: "update the code") {
      var b = $0
      b[8] = 2
      return b
    }
  }

  @Test func damagedPayload() throws {
    try expectError(.corrupt, mentioning: "CRC-32") {
      var b = $0
      b[b.count - 30] ^= 0x10  // a bit of the last tensor
      return b
    }
    try expectError(.corrupt, mentioning: "more than its header announces") { $0 + [0, 0] }
  }

  @Test func differentArchitecture() throws {
    try withTemporaryDirectory { dir in
      let (model, _) = try trainedModel()
      let url = dir.appendingPathComponent("model.ckpt")
      try model.save(to: url)
      let other = try freshModel(hidden: 5)
      #expect {
        try other.load(from: url)
      } throws: { error in
        guard let e = error as? CheckpointError, e.kind == .architectureMismatch else {
          return false
        }
        return e.description.contains("saved: dense1 Dense 3 dense1.weight[3,4]")
          && e.description.contains("model: dense1 Dense 5 dense1.weight[5,4]")
          && e.description.contains("train this model from scratch")
      }
    }
  }

  @Test func missingFileAndUnwritableDirectory() throws {
    let (model, _) = try trainedModel()
    let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/model.ckpt")
    #expect {
      try model.load(from: missing)
    } throws: { error in
      (error as? CheckpointError)?.kind == .unreadable
        && String(describing: error).contains("does not exist")
    }
    #expect {
      try model.save(to: missing)
    } throws: { error in
      (error as? CheckpointError)?.kind == .unreadable
        && String(describing: error).contains("writable")
    }
  }

  @Test func overwritingKeepsOneFile() throws {
    try withTemporaryDirectory { dir in
      let (model, data) = try trainedModel()
      let url = dir.appendingPathComponent("model.ckpt")
      try model.save(to: url)
      try model.fit(x: data.x, y: data.y, batchSize: 8, epochs: 1, verbosity: .silent)
      try model.save(to: url, includeOptimizer: false)
      #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["model.ckpt"])
      let copy = try freshModel()
      try copy.load(from: url)
      #expect(copy.stateTensors.map(\.tensor) == model.stateTensors.map(\.tensor))
    }
  }
}
