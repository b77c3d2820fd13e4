import CNNCore
import PaddingStride
import Testing

/// `pad2dReference` and `pad2dBackwardReference`: hand-computed values, PyTorch's limits,
/// and the gradient checked by finite differences and by the adjoint identity.
@Suite struct Pad2DReferenceTests {
  let row = Tensor<Double>(rows: [[1, 2, 3, 4]])
  let sides2 = Padding2D(top: 0, bottom: 0, left: 2, right: 2)

  @Test func rowInEveryMode() throws {
    // reflect: positions −2, −1 copy x[2], x[1]; 4, 5 copy x[2·3 − 4] = x[2], x[1]
    #expect(
      try pad2dReference(row, padding: sides2, mode: .reflect).rows == [[3, 2, 1, 2, 3, 4, 3, 2]])
    #expect(
      try pad2dReference(row, padding: sides2, mode: .replicate).rows == [[1, 1, 1, 2, 3, 4, 4, 4]])
    // circular: −2, −1 → x[2], x[3]; 4, 5 → x[0], x[1]
    #expect(
      try pad2dReference(row, padding: sides2, mode: .circular).rows == [[3, 4, 1, 2, 3, 4, 1, 2]])
    #expect(
      try pad2dReference(row, padding: sides2, mode: .zero).rows == [[0, 0, 1, 2, 3, 4, 0, 0]])
    #expect(
      try pad2dReference(row, padding: sides2, mode: .constant(-1)).rows
        == [[-1, -1, 1, 2, 3, 4, -1, -1]])
  }

  @Test func twoDimensionsInEveryMode() throws {
    let x = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
    // reflect 1: row −1 copies row 1, row 2 copies row 2·(2 − 1) − 2 = 0; columns likewise
    #expect(
      try pad2dReference(x, padding: Padding2D(1), mode: .reflect).rows == [
        [5, 4, 5, 6, 5],
        [2, 1, 2, 3, 2],
        [5, 4, 5, 6, 5],
        [2, 1, 2, 3, 2],
      ])
    // replicate (top 1, bottom 0, left 0, right 2): the edge rows and columns repeated
    let asymmetric = Padding2D(top: 1, bottom: 0, left: 0, right: 2)
    #expect(
      try pad2dReference(x, padding: asymmetric, mode: .replicate).rows == [
        [1, 2, 3, 3, 3],
        [1, 2, 3, 3, 3],
        [4, 5, 6, 6, 6],
      ])
    // constant 2.5 on the same sides
    #expect(
      try pad2dReference(x, padding: asymmetric, mode: .constant(2.5)).rows == [
        [2.5, 2.5, 2.5, 2.5, 2.5],
        [1, 2, 3, 2.5, 2.5],
        [4, 5, 6, 2.5, 2.5],
      ])
    // circular 1: row −1 is row 1, row 2 is row 0; column −1 is column 2, column 3 is 0
    #expect(
      try pad2dReference(x, padding: Padding2D(1), mode: .circular).rows == [
        [6, 4, 5, 6, 4],
        [3, 1, 2, 3, 1],
        [6, 4, 5, 6, 4],
        [3, 1, 2, 3, 1],
      ])
  }

  @Test func largestAllowedPadding() throws {
    // reflect on 3 values allows 2 per side: −2 → x[2], −1 → x[1]; 3 → x[1], 4 → x[0]
    let x = Tensor<Double>(rows: [[1, 2, 3]])
    let p = Padding2D(top: 0, bottom: 0, left: 2, right: 2)
    #expect(try pad2dReference(x, padding: p, mode: .reflect).rows == [[3, 2, 1, 2, 3, 2, 1]])
    // circular allows the whole width: 3 2 1 | … wraps exactly once
    let c = Padding2D(top: 0, bottom: 0, left: 3, right: 3)
    #expect(
      try pad2dReference(x, padding: c, mode: .circular).rows == [[1, 2, 3, 1, 2, 3, 1, 2, 3]])
    // replicate allows any amount, even on a single pixel
    let one = Tensor<Double>(rows: [[7]])
    #expect(
      try pad2dReference(one, padding: Padding2D(2), mode: .replicate).scalars
        == Array(repeating: 7, count: 25))
    // reflect on a single pixel allows no padding at all, but zero padding is fine
    #expect(try pad2dReference(one, padding: Padding2D(0), mode: .reflect).scalars == [7])
  }

  @Test func invalidPaddingIsExplained() {
    func message(_ body: () throws -> Tensor<Double>) -> String {
      do {
        _ = try body()
        return "no error"
      } catch { return "\(error)" }
    }
    let x = Tensor<Double>(shape: [1, 2, 4, 5], repeating: 1)
    // reflect needs pad < size: left 5 on a width of 5 is too much, 4 is the maximum
    let tooWide = message {
      try pad2dReference(
        x, padding: Padding2D(top: 0, bottom: 0, left: 5, right: 0), mode: .reflect)
    }
    #expect(tooWide.contains("left = 5 must be less than the input width 5"), "\(tooWide)")
    #expect(tooWide.contains("use at most 4"))
    let tooTall = message { try pad2dReference(x, padding: Padding2D(4), mode: .reflect) }
    #expect(tooTall.contains("top = 4 must be less than the input height 4"), "\(tooTall)")
    let negative = message {
      try pad2dReference(x, padding: Padding2D(top: -1, bottom: 0, left: 0, right: 0))
    }
    #expect(negative.contains("top = -1 is negative"), "\(negative)")
    let wraps = message {
      try pad2dReference(x, padding: Padding2D(height: 5, width: 0), mode: .circular)
    }
    #expect(wraps.contains("wrap around more than once"), "\(wraps)")
    let vector = message {
      try pad2dReference(Tensor<Double>(shape: [3], repeating: 0), padding: Padding2D(1))
    }
    #expect(vector.contains("rank ≥ 2"))
    let small = message {
      try pad2dBackwardReference(
        Tensor<Double>(shape: [2, 2], repeating: 0), padding: Padding2D(1))
    }
    #expect(small.contains("leaves an input of 0×0"), "\(small)")
  }

  @Test func backwardHandComputed() throws {
    let ones = Tensor<Double>(shape: [1, 8], repeating: 1)
    // reflect: 3 2 1 2 3 4 3 2 → x₁ appears once, x₂ three times, x₃ three times, x₄ once
    #expect(
      try pad2dBackwardReference(ones, padding: sides2, mode: .reflect).rows == [[1, 3, 3, 1]])
    // replicate: 1 1 1 2 3 4 4 4 → 3, 1, 1, 3
    #expect(
      try pad2dBackwardReference(ones, padding: sides2, mode: .replicate).rows == [[3, 1, 1, 3]])
    // circular: 3 4 1 2 3 4 1 2 → 2 each
    #expect(
      try pad2dBackwardReference(ones, padding: sides2, mode: .circular).rows == [[2, 2, 2, 2]])
    // zero and constant: the border does not depend on x, only the middle is kept
    let g = Tensor<Double>(rows: [[10, 20, 1, 2, 3, 4, 30, 40]])
    #expect(
      try pad2dBackwardReference(g, padding: sides2, mode: .constant(9)).rows == [[1, 2, 3, 4]])
    // reflect with that g: x₁ gets 1; x₂ gets 2 + 20 + 40 = 62; x₃ gets 3 + 10 + 30 = 43; x₄ 4
    #expect(
      try pad2dBackwardReference(g, padding: sides2, mode: .reflect).rows == [[1, 62, 43, 4]])
    // 2-D, replicate 1 on a 2×2 input with all-ones dy (4×4): each corner pixel is copied
    // into a 2×2 block of the output, so each gets 4
    let dy = Tensor<Double>(shape: [4, 4], repeating: 1)
    #expect(
      try pad2dBackwardReference(dy, padding: Padding2D(1), mode: .replicate).rows == [
        [4, 4], [4, 4],
      ])
  }

  /// Random configurations: shape, mode, padding up to each mode's limit.
  static func randomCase(_ g: inout SeededGenerator) -> (
    shape: [Int], padding: Padding2D, mode: PaddingMode
  ) {
    let height = g.nextInt(in: 1...5)
    let width = g.nextInt(in: 1...5)
    let shape = [g.nextInt(in: 1...2), g.nextInt(in: 1...2), height, width]
    let modes: [PaddingMode] = [.zero, .constant(1.5), .reflect, .replicate, .circular]
    let mode = modes[g.nextInt(in: 0...4)]
    func amount(_ size: Int) -> Int {
      switch mode {
      case .reflect: g.nextInt(in: 0...(size - 1))
      case .circular: g.nextInt(in: 0...size)
      default: g.nextInt(in: 0...(size + 2))
      }
    }
    let padding = Padding2D(
      top: amount(height), bottom: amount(height),
      left: amount(width), right: amount(width))
    return (shape, padding, mode)
  }

  /// Central differences of `L(x) = ⟨pad(x), g⟩` against `pad2dBackwardReference(g)`, in
  /// Double. L is linear, so the difference quotient is exact up to rounding:
  /// tolerance 1e-7 (ε = 1e-3, values of order 1, sums of ≤ 10 terms).
  @Test func gradientMatchesFiniteDifferences() throws {
    var g = SeededGenerator(seed: 31)
    for trial in 0..<60 {
      let (shape, padding, mode) = Self.randomCase(&g)
      let x = Tensor<Double>(shape: shape, uniformIn: -1...1, using: &g)
      let y = try pad2dReference(x, padding: padding, mode: mode)
      let dy = Tensor<Double>(shape: y.shape, uniformIn: -1...1, using: &g)
      let dx = try pad2dBackwardReference(dy, padding: padding, mode: mode)
      func loss(_ x: Tensor<Double>) throws -> Double {
        let y = try pad2dReference(x, padding: padding, mode: mode)
        return zip(y.scalars, dy.scalars).reduce(0) { $0 + $1.0 * $1.1 }
      }
      let epsilon = 1e-3
      var worst = 0.0
      for i in 0..<x.count {
        var plus = x
        var minus = x
        plus.scalars[i] += epsilon
        minus.scalars[i] -= epsilon
        let numeric = (try loss(plus) - loss(minus)) / (2 * epsilon)
        worst = max(worst, abs(numeric - dx.scalars[i]))
      }
      #expect(
        worst < 1e-7, "trial \(trial): shape \(shape) \(padding) \(mode): max |diff| \(worst)")
    }
  }

  /// `⟨pad(x), g⟩ = ⟨x, padᵀ(g)⟩` for random x and g: the backward pass is the adjoint.
  /// Constant padding is affine (`pad(x) = P x + c`), so its linear part `pad(x) − pad(0)`
  /// is used. Tolerance 1e-12 relative to the sum of |terms| (Double, different orders).
  @Test func backwardIsTheAdjoint() throws {
    var g = SeededGenerator(seed: 32)
    for trial in 0..<300 {
      let (shape, padding, mode) = Self.randomCase(&g)
      let x = Tensor<Double>(shape: shape, uniformIn: -1...1, using: &g)
      let padded = try pad2dReference(x, padding: padding, mode: mode)
      let offset = try pad2dReference(Tensor<Double>(zeros: shape), padding: padding, mode: mode)
      let y = Tensor(
        shape: padded.shape, scalars: zip(padded.scalars, offset.scalars).map { $0 - $1 })
      let dy = Tensor<Double>(shape: y.shape, uniformIn: -1...1, using: &g)
      let dx = try pad2dBackwardReference(dy, padding: padding, mode: mode)
      let left = zip(y.scalars, dy.scalars).reduce(0) { $0 + $1.0 * $1.1 }
      let right = zip(x.scalars, dx.scalars).reduce(0) { $0 + $1.0 * $1.1 }
      let scale = zip(y.scalars, dy.scalars).reduce(0) { $0 + abs($1.0 * $1.1) }
      #expect(
        abs(left - right) <= 1e-12 * max(1, scale),
        "trial \(trial): shape \(shape) \(padding) \(mode): \(left) vs \(right)")
    }
  }

  /// Every output value is one input value (or the fill): pad then crop returns x.
  @Test func cropUndoesPadding() throws {
    var g = SeededGenerator(seed: 33)
    for _ in 0..<100 {
      let (shape, p, mode) = Self.randomCase(&g)
      let x = Tensor<Double>(shape: shape, uniformIn: -1...1, using: &g)
      let y = try pad2dReference(x, padding: p, mode: mode)
      for plane in 0..<(shape[0] * shape[1]) {
        for h in 0..<shape[2] {
          for w in 0..<shape[3] {
            let inner = (plane * y.shape[2] + h + p.top) * y.shape[3] + w + p.left
            #expect(y.scalars[inner] == x.scalars[(plane * shape[2] + h) * shape[3] + w])
          }
        }
      }
    }
  }
}
