import Foundation

extension MNISTFile {
  /// Finds, verifies and parses this file in `directory`: `archiveName` (gzip) if it
  /// exists, else `name` (uncompressed). Whether to decompress is decided by the gzip
  /// signature, not by the name.
  ///
  /// ```
  /// always:           gzip CRC-32 and ISIZE, IDX data size == contentSize
  /// verifyChecksums:  SHA-256(file) ∈ archiveSHA256, else SHA-256(IDX data) == contentSHA256
  /// ```
  ///
  ///     try MNISTFile.testLabels.read(in: dir).dimensions   // [10000]
  ///
  /// - Throws: `DatasetError` naming the file, with the commands that download it.
  public func read(in directory: URL, verifyChecksums verify: Bool = true) throws -> IDXFile {
    guard let url = existingURL(in: directory) else {
      throw DatasetError(
        .missingFile, file: directory.appendingPathComponent(archiveName).path,
        problem: "MNIST file not found (looked for \(archiveName) and \(name) in "
          + "\(directory.path)).",
        fix: MNISTFile.howToDownload(into: directory, curl: downloadCommand(into: directory))
          + "\nor point to the directory that holds it with --data DIR or the CNN_DATA "
          + "environment variable.")
    }
    let redownload = MNISTFile.howToDownload(
      into: directory, curl: downloadCommand(into: directory))
    do {
      return try IDXFile.parse(verifiedContent(of: readBytes(url), verifyChecksums: verify))
    } catch let error as DatasetError {
      throw error.named(url.path).withFix(redownload)
    }
  }

  /// The IDX bytes of `bytes`, the whole contents of a copy of this file (gzip or raw),
  /// after the checks that `read(in:)` documents; shared by `read(in:)` and `MNIST.download`.
  ///
  /// - Throws: `DatasetError` without a file name (the caller adds it).
  func verifiedContent(of bytes: [UInt8], verifyChecksums verify: Bool = true) throws
    -> [UInt8]
  {
    let compressed = Gzip.hasMagic(bytes)
    let archiveDigest = verify && compressed ? SHA256.hexDigest(bytes) : ""
    let content = compressed ? try Gzip.decompress(bytes) : bytes
    let notMNIST = "The file is damaged or is not the MNIST file \(name); download it again."
    guard content.count == contentSize else {
      throw DatasetError(
        .wrongSize,
        problem: "expected \(contentSize) bytes of IDX data, found \(content.count)"
          + (compressed ? " after decompression." : "."),
        fix: notMNIST)
    }
    // A known archive is verified by its own digest; anything else (another
    // compression of the same data, or the raw file) by the digest of its content.
    if verify && !archiveSHA256.contains(archiveDigest) {
      let contentDigest = SHA256.hexDigest(content)
      guard contentDigest == contentSHA256 else {
        let problem = compressed
          ? "SHA-256 checksum mismatch: expected \(archiveSHA256[0]) (or "
            + "\(archiveSHA256[1]) for the original archive), found \(archiveDigest); "
            + "the decompressed data has SHA-256 \(contentDigest), expected "
            + "\(contentSHA256)."
          : "SHA-256 checksum mismatch: expected \(contentSHA256), found "
            + "\(contentDigest)."
        throw DatasetError(.checksumMismatch, problem: problem, fix: notMNIST)
      }
    }
    return content
  }

  /// `directory/archiveName` if it exists, else `directory/name` if that exists, else nil.
  func existingURL(in directory: URL) -> URL? {
    [archiveName, name].map { directory.appendingPathComponent($0) }
      .first { FileManager.default.fileExists(atPath: $0.path) }
  }
}
