import Foundation

/// Reads the JSON fixtures in `Tests/FixtureTests/Fixtures/`, written by
/// `Tests/PyTorch/make_fixtures.py` from PyTorch and NumPy.
///
/// ```
///   Fixtures/<name>.json  →  JSONDecoder  →  T
/// ```
///
/// Float32 data are stored as the shortest decimal that reads back as the same float32:
/// decode such an array as `Float32Array`, which reads `Double`s and narrows each to the exact
/// float32 PyTorch used (the decimal itself may differ from it by half a float32 ulp).
///
///     let file = try FixtureFile.load(Conv2DFixtureFile.self, from: "conv2d")
///     // file.cases.count == 21
enum FixtureFile {
  /// The URL of `Fixtures/<name>.json` in the test bundle.
  static func url(_ name: String) throws -> URL {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json",
                                      subdirectory: "Fixtures")
    else {
      throw FixtureError(
        "Fixtures/\(name).json is not in the test bundle; run "
          + "`python3 Tests/PyTorch/make_fixtures.py` and check Package.swift's "
          + "`resources: [.copy(\"Fixtures\")]`")
    }
    return url
  }

  /// The names (without `.json`) of every fixture file in the bundle, sorted.
  static func names() -> [String] {
    guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Fixtures"),
      let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
    else { return [] }
    return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
  }

  /// Decodes `Fixtures/<name>.json` as `T`; a decoding error names the file and the key path.
  static func load<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
    let data = try Data(contentsOf: url(name))
    do {
      return try JSONDecoder().decode(T.self, from: data)
    } catch let error as DecodingError {
      throw FixtureError("Fixtures/\(name).json does not match \(T.self): \(error)")
    }
  }
}

/// A JSON array of float32 data: each decimal read as `Double`, then narrowed to `Float`.
///
/// ```
///   "0.1"  →  0.1000000000000000055511151231257827 (Double)  →  0x3DCCCCCD (Float)
/// ```
///
/// The Python generator asserts that this path returns every value's exact float32, so
/// `values` is bit-identical to what PyTorch used; widen it (`Double(value)`) for a Double
/// computation, never re-read the decimal as Double.
struct Float32Array: Decodable, Sendable {
  let values: [Float]

  init(from decoder: any Decoder) throws {
    values = try [Double](from: decoder).map { Float($0) }
  }

  /// The values widened exactly to `T`.
  func converted<T: BinaryFloatingPoint>(to _: T.Type = T.self) -> [T] { values.map { T($0) } }
}

/// The top-level `"generator"` object that every fixture file carries: what wrote it.
struct FixtureGenerator: Decodable, Sendable {
  /// `Tests/PyTorch/make_fixtures.py`.
  let script: String
  /// The command that produced the file, run from the package root.
  let command: String
  /// Versions of Python, PyTorch and NumPy, e.g. `"3.11.7"`, `"2.15.0+cu132"`, `"2.4.6"`.
  let python: String, torch: String, numpy: String
  /// The random seed of this file's data.
  let seed: Int
}

/// A fixture that cannot be found or read; the message says which file and how to fix it.
struct FixtureError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
