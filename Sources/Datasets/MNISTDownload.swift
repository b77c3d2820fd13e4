import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

extension MNIST {
  /// The mirror `download` uses unless told otherwise: torchvision's, `MNISTFile.mirror`.
  public static let defaultMirror = URL(string: MNISTFile.mirror)!

  /// Downloads the MNIST `.gz` archives from `mirror` into `directory` with Foundation's
  /// networking, verifying each before it gets its canonical name.
  ///
  /// For each file, in order:
  ///
  /// ```
  /// already in directory and verifies (MNISTFile.read)  → skipped, left untouched
  /// GET mirror/<archiveName>           HTTP status ≠ 2xx → DatasetError (.downloadFailed)
  /// verify the bytes as MNISTFile.read does              → DatasetError (.checksumMismatch, …)
  /// write directory/.<archiveName>.partial-<UUID>, rename it to directory/<archiveName>
  /// ```
  ///
  /// So a partial or corrupt download never sits under the canonical name, and a valid
  /// file is never overwritten. Known public mirrors of the four original archives:
  ///
  /// ```
  /// https://ossci-datasets.s3.amazonaws.com/mnist/      torchvision's S3 copy (default)
  /// https://storage.googleapis.com/cvdf-datasets/mnist/ the copy TensorFlow's tutorials used
  /// http://yann.lecun.com/exdb/mnist/                   the original site (often refuses)
  /// ```
  ///
  ///     try MNIST.download(into: URL(fileURLWithPath: "Data")) { print($0) }
  ///     // train-images-idx3-ubyte.gz: downloading https://ossci-datasets.s3…
  ///     // train-images-idx3-ubyte.gz: 9912422 bytes, SHA-256 verified, saved
  ///     // …
  ///
  /// - Parameters:
  ///   - directory: where the files go; created if it does not exist.
  ///   - mirror: the base URL; each file is fetched from `mirror/<archiveName>`.
  ///   - files: which files to get (all four by default).
  ///   - session: the URL session that does the requests.
  ///   - progress: called with one line per step.
  /// - Throws: `DatasetError` naming the file and the URL, with the HTTP status or the
  ///   network error, and how to fix it (connection, `--mirror URL`, or `curl` by hand).
  public static func download(
    into directory: URL, from mirror: URL = MNIST.defaultMirror,
    files: [MNISTFile] = MNISTFile.all, session: URLSession = .shared,
    progress: ((String) -> Void)? = nil
  ) throws {
    let manager = FileManager.default
    do {
      try manager.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw DatasetError(
        .unreadable, file: directory.path,
        problem: "could not create the directory (\(error.localizedDescription)).",
        fix: "Choose a directory you can write to with --data DIR.")
    }
    for file in files {
      let target = directory.appendingPathComponent(file.archiveName)
      if file.existingURL(in: directory) != nil, (try? file.read(in: directory)) != nil {
        progress?("\(file.archiveName): already present and verified, skipped")
        continue
      }
      let url = mirror.appendingPathComponent(file.archiveName)
      progress?("\(file.archiveName): downloading \(url.absoluteString) …")
      let fix = "Check the network connection, try another mirror with --mirror URL, or "
        + "download the file by hand:\n  "
        + file.downloadCommand(into: directory, mirror: mirror.absoluteString)
      let bytes = try fetch(url, session: session, file: target.path, fix: fix)
      do {
        _ = try file.verifiedContent(of: bytes)
      } catch let error as DatasetError {
        throw DatasetError(
          error.kind, file: target.path,
          problem: "the copy downloaded from \(url.absoluteString) is not the MNIST file "
            + "(\(error.problem)); nothing was saved under this name.",
          fix: fix)
      }
      try saveAtomically(bytes, to: target, fix: fix)
      progress?("\(file.archiveName): \(bytes.count) bytes, SHA-256 verified, saved")
    }
  }

  /// The body of a successful GET of `url`, waiting for it (a semaphore bridges
  /// URLSession's completion handler to this synchronous API).
  static func fetch(_ url: URL, session: URLSession, file: String, fix: String) throws
    -> [UInt8]
  {
    final class Outcome: @unchecked Sendable {  // written once before `signal`, read after
      var data: Data?
      var response: URLResponse?
      var error: (any Error)?
    }
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    let task = session.dataTask(with: url) { data, response, error in
      outcome.data = data
      outcome.response = response
      outcome.error = error
      done.signal()
    }
    task.resume()
    done.wait()
    if let error = outcome.error {
      throw DatasetError(
        .downloadFailed, file: file,
        problem: "could not download \(url.absoluteString): no connection to the server "
          + "(\(error.localizedDescription)).",
        fix: fix)
    }
    if let http = outcome.response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
      let reason = HTTPURLResponse.localizedString(forStatusCode: http.statusCode)
      throw DatasetError(
        .downloadFailed, file: file,
        problem: "could not download \(url.absoluteString): the server answered HTTP "
          + "\(http.statusCode) (\(reason)).",
        fix: fix)
    }
    return [UInt8](outcome.data ?? Data())
  }

  /// Writes `bytes` to a temporary file beside `target`, then renames it to `target`
  /// (replacing a file there, which the caller has found invalid).
  static func saveAtomically(_ bytes: [UInt8], to target: URL, fix: String) throws {
    let manager = FileManager.default
    let temporary = target.deletingLastPathComponent()
      .appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
    do {
      try Data(bytes).write(to: temporary)
      if manager.fileExists(atPath: target.path) { try manager.removeItem(at: target) }
      try manager.moveItem(at: temporary, to: target)
    } catch {
      try? manager.removeItem(at: temporary)
      throw DatasetError(
        .unreadable, file: target.path,
        problem: "could not save the verified download (\(error.localizedDescription)).",
        fix: "Check that the directory is writable and the disk has space. " + fix)
    }
  }
}
