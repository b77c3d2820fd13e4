import CNNCore
import Datasets
import Foundation
import Testing

@Suite struct MNISTTests {
  // MARK: Finding the data

  @Test func locateDirectoryPrecedence() throws {
    let env = ["CNN_DATA": "/from/env"]
    // 1. --data wins over CNN_DATA, in both spellings.
    #expect(try MNIST.locateDirectory(arguments: ["ch05", "--data", "/from/arg"],
                                      environment: env).path == "/from/arg")
    #expect(try MNIST.locateDirectory(arguments: ["ch05", "--epochs", "2", "--data=/eq"],
                                      environment: env).path == "/eq")
    // 2. Then CNN_DATA (an empty value counts as unset).
    #expect(try MNIST.locateDirectory(arguments: ["ch05"], environment: env).path
      == "/from/env")
    // 3. Then ./Data under the current directory.
    let cwd = FileManager.default.currentDirectoryPath
    let fallback = URL(fileURLWithPath: cwd).appendingPathComponent("Data").standardizedFileURL
    for environment in [[:], ["CNN_DATA": ""]] {
      let located = try MNIST.locateDirectory(arguments: ["ch05"], environment: environment)
      #expect(located.standardizedFileURL.path == fallback.path)
    }
    // "~" is expanded (the shell leaves it alone after "--data=").
    let home = try MNIST.locateDirectory(arguments: ["--data=~/mnist"], environment: [:])
    #expect(!home.path.contains("~"))
    #expect(home.path.hasSuffix("/mnist"))
  }

  @Test func dataWithoutADirectoryIsAnError() {
    for arguments in [["ch05", "--data"], ["ch05", "--data", "--epochs"], ["--data="]] {
      let error = datasetError {
        _ = try MNIST.locateDirectory(arguments: arguments, environment: [:])
      }
      #expect(error?.kind == .badArgument, "\(arguments)")
      #expect(error?.description.contains("--data DIR") == true)
    }
  }

  // MARK: Missing and wrong files

  @Test func missingDirectoryExplainsHowToGetTheData() throws {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("datasets-tests-missing-\(UUID().uuidString)")
    let error = try #require(datasetError { _ = try MNIST.load(.test, from: dir) })
    let message = error.description
    #expect(error.kind == .missingDirectory)
    #expect(message.hasPrefix(dir.path + ": "))
    #expect(message.contains("t10k-images-idx3-ubyte.gz"))
    #expect(message.contains("curl -fLO https://ossci-datasets.s3.amazonaws.com/mnist/$f.gz"))
    #expect(message.contains("mkdir -p " + dir.path))
    #expect(message.contains("--data DIR") && message.contains("CNN_DATA"))
  }

  @Test func missingFileNamesItAndGivesTheDownloadCommand() throws {
    try withTemporaryDirectory { dir in
      let error = try #require(datasetError { _ = try MNIST.load(.train, from: dir) })
      #expect(error.kind == .missingFile)
      let message = error.description
      #expect(message.contains("train-images-idx3-ubyte.gz"))
      #expect(message.contains("and train-images-idx3-ubyte in"))  // the raw name was tried
      let target = dir.appendingPathComponent("train-images-idx3-ubyte.gz").path
      #expect(message.contains(
        "curl -fL -o \(target) https://ossci-datasets.s3.amazonaws.com/mnist/"
          + "train-images-idx3-ubyte.gz"))
      #expect(message.contains("--data DIR") && message.contains("CNN_DATA"))
    }
  }

  @Test func secondFileMissing() throws {
    try withTemporaryDirectory { dir in
      // A raw test-image file of the right size (16 + 10000 · 784 = 7 840 016 bytes) and
      // no label file: the error must be about the labels.
      let pixels = [UInt8](repeating: 0, count: 7_840_000)
      let images = IDXFile(dimensions: [10_000, 28, 28], data: pixels)
      try Data(images.encoded()).write(to: dir.appendingPathComponent("t10k-images-idx3-ubyte"))
      let error = datasetError { _ = try MNIST.load(.test, from: dir, verifyChecksums: false) }
      #expect(error?.kind == .missingFile)
      #expect(error?.description.contains("t10k-labels-idx1-ubyte.gz") == true)
    }
  }

  @Test func rawFileOfWrongSize() throws {
    try withTemporaryDirectory { dir in
      // 5 labels: 8 + 5 = 13 bytes instead of 8 + 10000 = 10008.
      let labels = IDXFile(dimensions: [5], data: [1, 2, 3, 4, 5])
      try Data(labels.encoded()).write(to: dir.appendingPathComponent("t10k-labels-idx1-ubyte"))
      let error = datasetError {
        _ = try MNISTFile.testLabels.read(in: dir, verifyChecksums: false)
      }
      #expect(error?.kind == .wrongSize)
      #expect(error?.description.contains("expected 10008 bytes of IDX data, found 13") == true)
      #expect(error?.description.contains("curl -fL -o") == true)
    }
  }

  @Test func checksumMismatchOfRawAndGzippedFiles() throws {
    try withTemporaryDirectory { dir in
      // The right size, but all labels 0: not the real file.
      let fake = IDXFile(dimensions: [10_000], data: [UInt8](repeating: 0, count: 10_000))
      let raw = dir.appendingPathComponent("t10k-labels-idx1-ubyte")
      try Data(fake.encoded()).write(to: raw)
      let error = datasetError { _ = try MNISTFile.testLabels.read(in: dir) }
      #expect(error?.kind == .checksumMismatch)
      let message = error?.description ?? ""
      #expect(message.hasPrefix(raw.path + ": SHA-256 checksum mismatch"))
      #expect(message.contains(MNISTFile.testLabels.contentSHA256))  // expected
      #expect(message.contains(SHA256.hexDigest(fake.encoded())))  // found
      #expect(message.contains("download it again"))
      // Without verification the same file loads: only the size is checked.
      #expect(try MNISTFile.testLabels.read(in: dir, verifyChecksums: false).dimensions
        == [10_000])

      if hasGzip {
        let gz = dir.appendingPathComponent("t10k-labels-idx1-ubyte.gz")
        try Data(systemGzip(fake.encoded(), ["-9"])).write(to: gz)
        let gzError = datasetError { _ = try MNISTFile.testLabels.read(in: dir) }
        #expect(gzError?.kind == .checksumMismatch)
        #expect(gzError?.description.hasPrefix(gz.path + ": ") == true)  // .gz is preferred
        #expect(gzError?.description.contains(MNISTFile.testLabels.archiveSHA256[0]) == true)
      }
    }
  }

  @Test(.enabled(if: hasGzip)) func corruptGzipFileSuggestsDownloadingAgain() throws {
    try withTemporaryDirectory { dir in
      let fake = IDXFile(dimensions: [10_000], data: [UInt8](repeating: 3, count: 10_000))
      var gz = try systemGzip(fake.encoded(), ["-9"])
      gz[gz.count - 8] ^= 0xFF  // damage the stored CRC-32
      try Data(gz).write(to: dir.appendingPathComponent("t10k-labels-idx1-ubyte.gz"))
      let error = datasetError { _ = try MNISTFile.testLabels.read(in: dir) }
      #expect(error?.kind == .crcMismatch)
      #expect(error?.description.contains("t10k-labels-idx1-ubyte.gz: ") == true)
      #expect(error?.description.contains("download it again") == true)
      #expect(error?.description.contains(MNISTFile.testLabels.downloadURL) == true)
    }
  }

  @Test func wrongImageDimensions() throws {
    try withTemporaryDirectory { dir in
      // 5000 images of 56 × 28 have the size of 10000 of 28 × 28 (7 840 016 bytes) but not
      // the shape.
      let pixels = [UInt8](repeating: 0, count: 7_840_000)
      let images = IDXFile(dimensions: [5_000, 56, 28], data: pixels)
      try Data(images.encoded()).write(to: dir.appendingPathComponent("t10k-images-idx3-ubyte"))
      let labels = IDXFile(dimensions: [10_000], data: [UInt8](repeating: 0, count: 10_000))
      try Data(labels.encoded()).write(to: dir.appendingPathComponent("t10k-labels-idx1-ubyte"))
      let error = datasetError { _ = try MNIST.load(.test, from: dir, verifyChecksums: false) }
      #expect(error?.kind == .wrongSize)
      #expect(error?.description.contains("expected image dimensions N × 28 × 28, found "
        + "5000 × 56 × 28") == true, "\(String(describing: error))")
    }
  }

  // MARK: In-memory datasets

  @Test func imageAndLabelAccessors() {
    // Two 2 × 2 images: pixel values 0, 51, 102, 255 → 0, 0.2, 0.4, 1 (51/255 = 0.2).
    let set = MNIST(images: [0, 51, 102, 255, 255, 255, 0, 0], labels: [3, 8], rows: 2, columns: 2)
    #expect(set.count == 2)
    #expect(set.image(0).shape == [1, 2, 2])
    #expect(set.image(0).scalars == [0, Float(51) / 255, Float(102) / 255, 1])
    #expect(set.image(1).scalars == [1, 1, 0, 0])
    #expect(set.label(1) == 8)
  }

  // MARK: The real data (runs when CNN_DATA points at it)

  @Test(.enabled(if: ProcessInfo.processInfo.environment["CNN_DATA"] != nil))
  func realMNIST() throws {
    let dir = try MNIST.locateDirectory(arguments: [])
    // The embedded archive digests agree with the SHA256SUMS file shipped with the data
    // (if there is one); `load` below verifies every file against them.
    let sums = dir.appendingPathComponent("SHA256SUMS")
    if let text = try? String(contentsOf: sums, encoding: .utf8) {
      for line in text.split(separator: "\n") {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count == 2 else { continue }
        let file = MNISTFile.all.first { $0.archiveName == fields[1] }
        #expect(file?.archiveSHA256.first == String(fields[0]), "\(line)")
      }
    }
    let test = try MNIST.load(.test, from: dir, verifyChecksums: true)
    let train = try MNIST.load(.train, from: dir, verifyChecksums: true)
    #expect(test.count == 10_000 && test.rows == 28 && test.columns == 28)
    #expect(train.count == 60_000)
    #expect(test.images.count == 10_000 * 28 * 28)
    #expect(train.images.count == 60_000 * 28 * 28)
    // Known facts, checked independently with Python's gzip module:
    //   gzip.open("t10k-labels-idx1-ubyte.gz").read()[8:18]  == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    //   gzip.open("train-labels-idx1-ubyte.gz").read()[8:18] == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    #expect((0..<10).map(test.label) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    #expect((0..<10).map(train.label) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
    // sum(gzip.open(f).read()[16:16 + 784]) = 18454 (test image 0), 27525 (train image 0);
    // 116 and 166 of their 784 pixels are nonzero.
    #expect(test.images[0..<784].reduce(0) { $0 + Int($1) } == 18_454)
    #expect(train.images[0..<784].reduce(0) { $0 + Int($1) } == 27_525)
    #expect(test.images[0..<784].filter { $0 != 0 }.count == 116)
    #expect(train.images[0..<784].filter { $0 != 0 }.count == 166)
    // Train image 0, pixel (14, 14) is 240 → 240/255 in the tensor.
    #expect(train.image(0)[0, 14, 14] == Float(240) / 255)
    // The test set's digit counts (collections.Counter over the labels).
    var histogram = [Int](repeating: 0, count: 10)
    for label in test.labels { histogram[Int(label)] += 1 }
    #expect(histogram == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
  }
}
