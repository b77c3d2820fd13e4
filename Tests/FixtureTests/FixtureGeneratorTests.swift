import Testing

/// Every fixture file says which script, command and library versions produced it.
@Suite struct FixtureGeneratorTests {
  /// Only the `"generator"` object of a fixture file.
  private struct Header: Decodable { let generator: FixtureGenerator }

  @Test func everyFileIsPresent() {
    let names = FixtureFile.names()
    for expected in ["conv2d", "convolve1d", "fft", "pad", "pool"] {
      #expect(names.contains(expected), "Fixtures/\(expected).json missing; found \(names)")
    }
  }

  @Test func everyFileRecordsItsGenerator() throws {
    for name in FixtureFile.names() {
      let g = try FixtureFile.load(Header.self, from: name).generator
      #expect(g.script == "Tests/PyTorch/make_fixtures.py", "\(name).json: script \(g.script)")
      #expect(g.command.contains("make_fixtures.py"), "\(name).json: command \(g.command)")
      for (library, version) in [("python", g.python), ("torch", g.torch), ("numpy", g.numpy)] {
        // A version starts with a number: "3.11.7", "2.15.0+cu132", "2.4.6".
        #expect(version.first?.isNumber == true && version.contains("."),
                "\(name).json: \(library) version '\(version)'")
      }
    }
  }
}
