import CNNCore
import PaddingStride
import Testing

/// The vectorized `pad2d` / `pad2dBackward` against the scalar references
/// `PaddingStride.pad2dReference` / `pad2dBackwardReference`.
@Suite struct Pad2DTests {
  /// A random configuration: rank 2, 3 or 4, sizes from 1, every mode, padding up to the
  /// mode's limit (reflect: size − 1, circular: size, others: size + 3), each side drawn at
  /// its limit one time in four.
  struct Case: CustomStringConvertible {
    let shape: [Int], padding: Padding2D, mode: PaddingMode
    var description: String { "shape \(shape) padding \(padding) mode \(mode)" }

    init(_ g: inout SeededGenerator) {
      let height = g.nextInt(in: 1...6)
      let width = g.nextInt(in: 1...7)
      switch g.nextInt(in: 0...2) {
      case 0: shape = [height, width]
      case 1: shape = [g.nextInt(in: 1...3), height, width]
      default: shape = [g.nextInt(in: 1...2), g.nextInt(in: 1...3), height, width]
      }
      let modes: [PaddingMode] = [.zero, .constant(-2.5), .reflect, .replicate, .circular]
      let mode = modes[g.nextInt(in: 0...4)]
      func amount(_ size: Int) -> Int {
        let limit =
          switch mode {
          case .reflect: size - 1
          case .circular: size
          default: size + 3
          }
        return g.nextInt(in: 0...3) == 0 ? limit : g.nextInt(in: 0...limit)
      }
      padding = Padding2D(
        top: amount(height), bottom: amount(height),
        left: amount(width), right: amount(width))
      self.mode = mode
    }
  }

  /// Forward: pad2d copies values, so it must equal the reference exactly.
  /// Backward: both sum the same float32 gradients in different orders; tolerance
  /// 1e-5 · max(1, max |dx|) (a pixel collects at most (1 + 2·(6 + 3))² = 361 values in [−1, 1]).
  @Test func matchesTheReferenceOnRandomConfigurations() throws {
    var g = SeededGenerator(seed: 2024)
    var counts: [String: Int] = [:]
    for trial in 0..<400 {
      let c = Case(&g)
      counts["\(c.mode)", default: 0] += 1
      let x = Tensor<Float>(shape: c.shape, uniformIn: -1...1, using: &g)
      let y = try pad2d(x, padding: c.padding, mode: c.mode)
      let yRef = try pad2dReference(x, padding: c.padding, mode: c.mode)
      let forward = mismatches(y.scalars, yRef.scalars, tolerance: 0)
      #expect(
        y.shape == yRef.shape && forward.passed,
        "trial \(trial): \(c): forward \(forward.report)")

      let dy = Tensor<Float>(shape: y.shape, uniformIn: -1...1, using: &g)
      let dx = try pad2dBackward(dy, padding: c.padding, mode: c.mode)
      let dxRef = try pad2dBackwardReference(
        dy.converted(to: Double.self), padding: c.padding,
        mode: c.mode)
      let scale = Float(max(1, dxRef.scalars.map(abs).max() ?? 0))
      let backward = mismatches(dx.scalars, dxRef.scalars.map(Float.init), tolerance: 1e-5 * scale)
      #expect(
        dx.shape == c.shape && backward.passed,
        "trial \(trial): \(c): backward \(backward.report)")
    }
    #expect(counts.count == 5 && counts.values.allSatisfy { $0 >= 50 }, "\(counts)")
  }

  @Test func examplesFromTheDocComments() throws {
    let row = Tensor<Float>(rows: [[1, 2, 3, 4]])
    let sides = Padding2D(top: 0, bottom: 0, left: 2, right: 2)
    // reflect: 3 2 | 1 2 3 4 | 3 2
    #expect(try pad2d(row, padding: sides, mode: .reflect).rows == [[3, 2, 1, 2, 3, 4, 3, 2]])
    // circular: 3 4 | 1 2 3 4 | 1 2
    #expect(try pad2d(row, padding: sides, mode: .circular).rows == [[3, 4, 1, 2, 3, 4, 1, 2]])
    // the reflect copies: x₁ once, x₂ three times (positions −2, 1, 4), x₃ three times, x₄ once
    let ones = Tensor<Float>(shape: [1, 8], repeating: 1)
    #expect(try pad2dBackward(ones, padding: sides, mode: .reflect).rows == [[1, 3, 3, 1]])
    // replicate: 1 1 1 2 3 4 4 4 → x₁ three times, x₄ three times
    #expect(try pad2dBackward(ones, padding: sides, mode: .replicate).rows == [[3, 1, 1, 3]])
  }

  @Test func emptyBatch() throws {
    // 0 images of 2×3×3: the output is 0×2×5×5, the gradient 0×2×3×3
    let x = Tensor<Float>(zeros: [0, 2, 3, 3])
    #expect(try pad2d(x, padding: Padding2D(1), mode: .reflect).shape == [0, 2, 5, 5])
    let dy = Tensor<Float>(zeros: [0, 2, 5, 5])
    #expect(try pad2dBackward(dy, padding: Padding2D(1), mode: .reflect).shape == [0, 2, 3, 3])
  }

  /// Same validation, same messages as the reference (both call `PaddingMode.validate`).
  @Test func rejectsWhatPyTorchRejects() {
    let x = Tensor<Float>(shape: [1, 2, 4, 5], repeating: 0)
    let invalid: [(Padding2D, PaddingMode)] = [
      (Padding2D(top: 4, bottom: 0, left: 0, right: 0), .reflect),  // 4 ≥ height 4
      (Padding2D(top: 0, bottom: 0, left: 0, right: 5), .reflect),  // 5 ≥ width 5
      (Padding2D(top: 0, bottom: 5, left: 0, right: 0), .circular),  // 5 > height 4
      (Padding2D(top: 0, bottom: 0, left: -1, right: 0), .zero),  // negative
    ]
    for (padding, mode) in invalid {
      var fast = "no error"
      var slow = "no error"
      do { _ = try pad2d(x, padding: padding, mode: mode) } catch { fast = "\(error)" }
      do { _ = try pad2dReference(x, padding: padding, mode: mode) } catch { slow = "\(error)" }
      #expect(fast != "no error" && fast == slow, "\(padding) \(mode): \(fast) | \(slow)")
    }
    // the limits themselves are allowed: reflect 3 rows / 4 columns, circular 4 / 5
    #expect(throws: Never.self) {
      try pad2d(x, padding: Padding2D(height: 3, width: 4), mode: .reflect)
    }
    #expect(throws: Never.self) {
      try pad2d(x, padding: Padding2D(height: 4, width: 5), mode: .circular)
    }
    #expect(throws: GeometryError.self) {
      try pad2d(Tensor<Float>(shape: [5], repeating: 0), padding: Padding2D(1))
    }
    // a gradient smaller than the padding: 3×3 with 2 + 2 rows of padding leaves −1 rows
    #expect(throws: GeometryError.self) {
      try pad2dBackward(Tensor<Float>(shape: [3, 3], repeating: 0), padding: Padding2D(2))
    }
  }

  /// Planes are chunked by size alone: 1, 2 and 3 threads give bit-identical results.
  /// 4·16 = 64 planes of 46×46 = 2116 values → ⌊32768/2116⌋ = 15 planes per chunk, 5 chunks.
  @Test func independentOfTheThreadCount() throws {
    var g = SeededGenerator(seed: 77)
    let x = Tensor<Float>(shape: [4, 16, 40, 40], uniformIn: -1...1, using: &g)
    let padding = Padding2D(3)
    for mode in [PaddingMode.zero, .reflect, .replicate, .circular] {
      let y1 = try Parallel.withThreadCount(1) { try pad2d(x, padding: padding, mode: mode) }
      let dy = Tensor<Float>(shape: y1.shape, uniformIn: -1...1, using: &g)
      let dx1 = try Parallel.withThreadCount(1) {
        try pad2dBackward(dy, padding: padding, mode: mode)
      }
      for threads in [2, 3] {
        let y = try Parallel.withThreadCount(threads) { try pad2d(x, padding: padding, mode: mode) }
        let dx = try Parallel.withThreadCount(threads) {
          try pad2dBackward(dy, padding: padding, mode: mode)
        }
        #expect(y.scalars.map(\.bitPattern) == y1.scalars.map(\.bitPattern), "\(mode) \(threads)")
        #expect(dx.scalars.map(\.bitPattern) == dx1.scalars.map(\.bitPattern), "\(mode) \(threads)")
      }
    }
  }

  /// The elements that differ by more than `tolerance`: the count, the max difference and
  /// the first five `index: got vs expected`.
  private func mismatches(
    _ got: [Float], _ expected: [Float], tolerance: Float
  ) -> (passed: Bool, report: String) {
    guard got.count == expected.count else {
      return (false, "\(got.count) values, \(expected.count) expected")
    }
    let diffs = zip(got, expected).map { abs($0 - $1) }
    let bad = diffs.indices.filter { !(diffs[$0] <= tolerance) }
    let first = bad.prefix(5).map { "[\($0)]: \(got[$0]) vs \(expected[$0])" }
    let maxDiff = diffs.max() ?? 0
    return (
      bad.isEmpty,
      "\(bad.count) mismatches, max |diff| \(maxDiff); " + first.joined(separator: ", ")
    )
  }
}
