import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The full path of `python3` on PATH, or nil (the download tests are then skipped).
let python3Path: String? = {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
  return path.split(separator: ":").map { "\($0)/python3" }
    .first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// Python's `http.server` serving `directory` on 127.0.0.1 (loopback only), on a port the
/// operating system picks as free (port 0; the server prints the port it got).
final class LocalHTTPServer {
  let process = Process()
  /// The port the server listens on.
  private(set) var port = 0
  /// `http://127.0.0.1:<port>/`.
  var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/")! }

  struct StartFailure: Error, CustomStringConvertible {
    let description: String
  }

  /// Starts the server and returns once it answers an HTTP request.
  init(serving directory: URL) throws {
    process.executableURL = URL(fileURLWithPath: python3Path!)
    process.arguments = [
      "-u", "-m", "http.server", "--bind", "127.0.0.1", "0", "--directory", directory.path,
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice  // one log line per request
    try process.run()
    // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
    var text = ""
    while port == 0 {
      let chunk = output.fileHandleForReading.availableData
      guard !chunk.isEmpty else {
        stop()
        throw StartFailure(description: "python3 -m http.server exited; it printed: \(text)")
      }
      text += String(decoding: chunk, as: UTF8.self)
      if let range = text.range(of: #"port [0-9]+"#, options: .regularExpression) {
        port = Int(text[range].dropFirst("port ".count)) ?? 0
      }
    }
    for _ in 0..<50 where httpStatus(of: baseURL) == nil {
      Thread.sleep(forTimeInterval: 0.1)
    }
    guard httpStatus(of: baseURL) != nil else {
      stop()
      throw StartFailure(description: "the server on port \(port) does not answer")
    }
  }

  /// Ends the server (idempotent). SIGKILL, because the test runner may hand its children
  /// an ignored SIGTERM (seen here: `terminate()` left python running and
  /// `waitUntilExit()` hung).
  func stop() {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
  }

  deinit { stop() }
}

/// Runs `body` with a local server for `directory`, which is always stopped afterwards.
func withLocalServer<T>(serving directory: URL, _ body: (URL) throws -> T) throws -> T {
  let server = try LocalHTTPServer(serving: directory)
  defer { server.stop() }
  return try body(server.baseURL)
}

/// A loopback URL where nothing listens: the port of a server that has just been stopped.
func closedLocalURL() throws -> URL {
  try withTemporaryDirectory { dir in
    let server = try LocalHTTPServer(serving: dir)
    server.stop()
    return server.baseURL
  }
}

/// The HTTP status of a GET of `url`, or nil if there was no answer.
func httpStatus(of url: URL) -> Int? {
  final class Box: @unchecked Sendable { var status: Int? }  // set before `signal`
  let box = Box()
  let done = DispatchSemaphore(value: 0)
  URLSession.shared.dataTask(with: url) { _, response, _ in
    box.status = (response as? HTTPURLResponse)?.statusCode
    done.signal()
  }.resume()
  done.wait()
  return box.status
}
