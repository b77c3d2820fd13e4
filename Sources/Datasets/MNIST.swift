import CNNCore
import Foundation

/// The MNIST handwritten digits: 28×28 grey-scale images with labels 0…9.
///
/// Pixels stay `UInt8` (47 MB for the training set instead of 188 MB as `Float`) and are
/// scaled when an image is taken out:
///
/// ```
/// images[(i · rows + y) · columns + x] = pixel (y, x) of image i, 0 = background, 255 = ink
/// image(i)[0, y, x] = images[(i · rows + y) · columns + x] / 255        shape [1, 28, 28]
/// ```
///
///     let test = try MNIST.load(.test, from: MNIST.locateDirectory())
///     test.count      // 10000
///     test.label(0)   // 7
///     test.image(0).shape   // [1, 28, 28]
public struct MNIST: Sendable {
  /// Number of examples.
  public let count: Int
  /// Image height in pixels (28).
  public let rows: Int
  /// Image width in pixels (28).
  public let columns: Int
  /// All pixels, image after image, each image row-major: `count · rows · columns` bytes.
  public let images: [UInt8]
  /// The digit shown by each image, 0…9.
  public let labels: [UInt8]

  /// A dataset from pixels and labels in memory (e.g. a small synthetic set for a test).
  ///
  /// Preconditions: `images.count == labels.count · rows · columns`, labels are 0…9.
  public init(images: [UInt8], labels: [UInt8], rows: Int = 28, columns: Int = 28) {
    precondition(rows > 0 && columns > 0, "image size \(rows)×\(columns) must be positive")
    precondition(
      images.count == labels.count * rows * columns,
      "\(labels.count) labels need \(labels.count) · \(rows) · \(columns) = "
        + "\(labels.count * rows * columns) pixels, \(images.count) given")
    precondition(labels.allSatisfy { $0 < 10 }, "labels must be digits 0…9")
    self.count = labels.count
    self.rows = rows
    self.columns = columns
    self.images = images
    self.labels = labels
  }

  /// Image `i` as a `[1, rows, columns]` tensor (C = 1 channel) with values in 0…1.
  public func image(_ i: Int) -> Tensor<Float> {
    precondition(i >= 0 && i < count, "image index \(i) is outside 0..<\(count)")
    let size = rows * columns
    let pixels = images[i * size..<(i + 1) * size].map { Float($0) / 255 }
    return Tensor(shape: [1, rows, columns], scalars: pixels)
  }

  /// The digit (0…9) that image `i` shows.
  public func label(_ i: Int) -> Int {
    precondition(i >= 0 && i < count, "label index \(i) is outside 0..<\(count)")
    return Int(labels[i])
  }

  /// Loads one split from `directory`, which holds the canonical files, each either
  /// gzip-compressed (`train-images-idx3-ubyte.gz`) or not (`train-images-idx3-ubyte`).
  ///
  /// Always, gzip's CRC-32 and ISIZE must match and the IDX data must have the canonical
  /// size. With `verifyChecksums` (the default) a `.gz` file's SHA-256 must also be a
  /// known archive digest or, failing that, its decompressed bytes must have the known
  /// content digest (see `MNISTFile`); an uncompressed file must have the content digest.
  /// Then the
  /// dimensions must be `[N, 28, 28]` and `[N]`, and N must be 60 000 (train) or 10 000
  /// (test). Every failure is a `DatasetError` naming the file and giving the command
  /// that downloads it again.
  ///
  /// - Complexity: one pass over the data per check. Loading and verifying the training
  ///   set (`.gz`) took 0.28–0.44 s in a release build on 2 busy shared x86-64 cores,
  ///   0.12 s of it inflating 47 MB; the test set is 6 times smaller.
  public static func load(_ split: MNISTSplit, from directory: URL, verifyChecksums: Bool = true)
    throws -> MNIST
  {
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory)
    guard exists && isDirectory.boolValue else {
      let names = MNISTFile.all.map(\.archiveName).joined(separator: ", ")
      throw DatasetError(
        .missingDirectory, file: directory.path,
        problem: exists
          ? "expected the MNIST data directory, found a file."
          : "the MNIST data directory does not exist (expected it to hold \(names)).",
        fix: MNISTFile.howToDownload(
          into: directory, curl: MNISTFile.downloadAllCommand(into: directory))
          + "\nor point to the directory that holds them with --data DIR or the CNN_DATA "
          + "environment variable.")
    }
    let images = try split.imagesFile.read(in: directory, verifyChecksums: verifyChecksums)
    let labels = try split.labelsFile.read(in: directory, verifyChecksums: verifyChecksums)

    func wrongShape(_ file: MNISTFile, _ problem: String) -> DatasetError {
      DatasetError(
        .wrongSize, file: (file.existingURL(in: directory)?.path ?? file.name), problem: problem,
        fix: "This is not the MNIST \(split) file; download it again. "
          + MNISTFile.howToDownload(
            into: directory, curl: file.downloadCommand(into: directory)))
    }
    let dims = images.dimensions
    guard dims.count == 3 && dims[1] == 28 && dims[2] == 28 else {
      throw wrongShape(split.imagesFile, "expected image dimensions N × 28 × 28, found "
        + dims.map(String.init).joined(separator: " × ") + ".")
    }
    guard labels.dimensions.count == 1 else {
      throw wrongShape(split.labelsFile, "expected one label dimension N, found "
        + labels.dimensions.map(String.init).joined(separator: " × ") + ".")
    }
    guard dims[0] == labels.dimensions[0] else {
      throw wrongShape(split.imagesFile, "the file has \(dims[0]) images but "
        + "\(split.labelsFile.name) has \(labels.dimensions[0]) labels; the two files must "
        + "come from the same split.")
    }
    guard dims[0] == split.count else {
      throw wrongShape(split.imagesFile, "expected \(split.count) images for the \(split) split, "
        + "found \(dims[0]).")
    }
    if let bad = labels.data.firstIndex(where: { $0 > 9 }) {
      throw wrongShape(split.labelsFile, "label \(bad) is \(labels.data[bad]), not a digit 0…9.")
    }
    return MNIST(images: images.data, labels: labels.data, rows: 28, columns: 28)
  }
}
