import Datasets
import Foundation
import Testing

/// The real MNIST directory, when CNN_DATA names one.
let realData = ProcessInfo.processInfo.environment["CNN_DATA"].flatMap {
  $0.isEmpty ? nil : URL(fileURLWithPath: $0, isDirectory: true)
}
/// Both a local server and the real files.
let canServeRealData = python3Path != nil && realData != nil
let noRealData = "needs CNN_DATA (the real files to serve) and python3 (the local server)"
let noPython = "python3 is not on PATH: no local HTTP server"

/// `MNIST.download` against Python's `http.server` on 127.0.0.1 (this machine has no
/// internet; loopback is enough to exercise HTTP, verification and the error paths).
@Suite struct MNISTDownloadTests {

  /// Names in `directory`, sorted (hidden temporary files included).
  func contents(_ directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
  }

  /// Copies the `.gz` archives of `files` from the real data into `directory`.
  func copyReal(_ files: [MNISTFile], to directory: URL) throws {
    for file in files {
      try FileManager.default.copyItem(
        at: realData!.appendingPathComponent(file.archiveName),
        to: directory.appendingPathComponent(file.archiveName))
    }
  }

  func modificationDate(_ url: URL) throws -> Date? {
    try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
  }

  // MARK: Real files (CNN_DATA)

  @Test(.enabled(if: canServeRealData, Comment(rawValue: noRealData)))
  func downloadsVerifiesAndLoadsTheRealFiles() throws {
    try withTemporaryDirectory { root in
      let served = root.appendingPathComponent("mirror")
      let target = root.appendingPathComponent("data/nested")  // created by download
      try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
      try copyReal(MNISTFile.all, to: served)
      var lines: [String] = []
      try withLocalServer(serving: served) { base in
        try MNIST.download(into: target, from: base) { lines.append($0) }
      }
      // Two lines per file: "downloading …" and "… SHA-256 verified, saved".
      #expect(lines.count == 8, "\(lines)")
      #expect(lines.filter { $0.hasSuffix("SHA-256 verified, saved") }.count == 4, "\(lines)")
      // Exactly the four canonical names: no temporary file is left behind.
      #expect(try contents(target) == MNISTFile.all.map(\.archiveName).sorted())
      let test = try MNIST.load(.test, from: target)
      let train = try MNIST.load(.train, from: target)
      #expect(test.count == 10_000 && train.count == 60_000)
      // Known first labels (as in MNISTTests.realMNIST): 7 2 1 0 4 and 5 0 4 1 9.
      #expect((0..<5).map(test.label) == [7, 2, 1, 0, 4])
      #expect((0..<5).map(train.label) == [5, 0, 4, 1, 9])
    }
  }

  @Test(.enabled(if: canServeRealData, Comment(rawValue: noRealData)))
  func validFilesAreNotDownloadedAgainAndInvalidOnesAreReplaced() throws {
    try withTemporaryDirectory { root in
      let served = root.appendingPathComponent("mirror")
      let target = root.appendingPathComponent("data")
      for dir in [served, target] {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      }
      try copyReal(MNISTFile.all, to: served)
      // Three valid files already there, dated 2001-09-09 01:46:40 UTC (10⁹ s after 1970),
      // and a damaged label file of the right name (10 bytes instead of 4 517).
      let kept = [MNISTFile.trainImages, .trainLabels, .testImages]
      try copyReal(kept, to: target)
      let old = Date(timeIntervalSince1970: 1_000_000_000)
      for file in kept {
        let path = target.appendingPathComponent(file.archiveName).path
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
      }
      let damaged = target.appendingPathComponent(MNISTFile.testLabels.archiveName)
      try Data("not mnist\n".utf8).write(to: damaged)
      var lines: [String] = []
      try withLocalServer(serving: served) { base in
        try MNIST.download(into: target, from: base) { lines.append($0) }
      }
      // The three valid files are skipped; only the damaged one is fetched again.
      var skipped: [String] = []
      var fetched: [String] = []
      for line in lines {
        let name = String(line.prefix(while: { $0 != ":" }))
        if line.hasSuffix("already present and verified, skipped") { skipped.append(name) }
        if line.hasSuffix("SHA-256 verified, saved") { fetched.append(name) }
      }
      let log = Comment(rawValue: lines.joined(separator: " / "))
      #expect(skipped == kept.map(\.archiveName), log)
      #expect(fetched == ["t10k-labels-idx1-ubyte.gz"], log)
      for file in kept {
        let date = try modificationDate(target.appendingPathComponent(file.archiveName))
        #expect(date == old, "\(file.archiveName) was touched: \(String(describing: date))")
      }
      // The damaged file was replaced by the verified download (4 517 bytes).
      #expect(try Data(contentsOf: damaged).count == 4_517)
      #expect(try contents(target) == MNISTFile.all.map(\.archiveName).sorted())
      _ = try MNIST.load(.test, from: target)
    }
  }

  // MARK: Errors (always run)

  @Test(.enabled(if: python3Path != nil, Comment(rawValue: noPython)))
  func corruptAndMissingFilesAreErrorsThatNameFileAndURL() throws {
    try withTemporaryDirectory { root in
      let served = root.appendingPathComponent("mirror")
      let target = root.appendingPathComponent("data")
      try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
      // The mirror has a label file of the right size, 8 + 10 000 = 10 008 bytes, but all
      // zeros (wrong magic, wrong digest), gzip-compressed when gzip is available; it has
      // no t10k-images file at all.
      let zeros = [UInt8](repeating: 0, count: 10_008)
      let corrupt = hasGzip ? try systemGzip(zeros, name: "t10k-labels-idx1-ubyte") : zeros
      try Data(corrupt).write(
        to: served.appendingPathComponent(MNISTFile.testLabels.archiveName))
      try withLocalServer(serving: served) { base in
        let labelsURL = base.appendingPathComponent("t10k-labels-idx1-ubyte.gz").absoluteString
        let bad = try #require(datasetError {
          try MNIST.download(into: target, from: base, files: [.testLabels])
        })
        #expect(bad.kind == .checksumMismatch)
        #expect(bad.file == target.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path)
        #expect(bad.description.contains(labelsURL))
        #expect(bad.description.contains("SHA-256 checksum mismatch"))
        #expect(bad.description.contains("--mirror URL"))
        #expect(bad.description.contains("curl -fL -o "))
        // Nothing under the canonical name, and no temporary file either.
        #expect(try contents(target) == [])

        let imagesURL = base.appendingPathComponent("t10k-images-idx3-ubyte.gz").absoluteString
        let missing = try #require(datasetError {
          try MNIST.download(into: target, from: base, files: [.testImages])
        })
        #expect(missing.kind == .downloadFailed)
        #expect(missing.description.contains("HTTP 404"))
        #expect(missing.description.contains(imagesURL))
        #expect(missing.description.contains("curl -fL -o "))
        #expect(try contents(target) == [])
      }
    }
  }

  @Test(.enabled(if: python3Path != nil, Comment(rawValue: noPython)))
  func unreachableMirrorIsAConnectionError() throws {
    let closed = try closedLocalURL()
    try withTemporaryDirectory { target in
      let error = try #require(datasetError {
        try MNIST.download(into: target, from: closed, files: [.trainLabels])
      })
      #expect(error.kind == .downloadFailed)
      let message = error.description
      #expect(message.contains("no connection to the server"), "\(message)")
      #expect(message.contains("Check the network connection"))
      #expect(message.contains(closed.appendingPathComponent("train-labels-idx1-ubyte.gz")
        .absoluteString))
      #expect(try contents(target) == [])
    }
  }

  @Test func missingDataSuggestsFetchMNISTBeforeCurl() throws {
    try withTemporaryDirectory { dir in
      let error = try #require(datasetError { _ = try MNIST.load(.test, from: dir) })
      let message = error.description
      let fetch = try #require(message.range(of: "swift run fetch-mnist --data " + dir.path))
      let curl = try #require(message.range(of: "curl -fL -o "))
      #expect(fetch.lowerBound < curl.lowerBound)
    }
  }
}
