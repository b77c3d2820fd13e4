import CNNCore
import Testing

@Suite struct ElementwiseTests {
  @Test func handComputed() {
    let a = Tensor<Float>(rows: [[1, -2, 3]]), b = Tensor<Float>(rows: [[10, 20, -30]])
    #expect(add(a, b).rows == [[11, 18, -27]])          // 1 + 10, −2 + 20, 3 − 30
    #expect(subtract(a, b).rows == [[-9, -22, 33]])     // 1 − 10, −2 − 20, 3 + 30
    #expect(multiply(a, b).rows == [[10, -40, -90]])    // 1·10, −2·20, 3·(−30)
    #expect(scale(a, by: -2).rows == [[-2, 4, -6]])     // −2·1, −2·(−2), −2·3
    #expect(relu(a).rows == [[1, 0, 3]])                // max(0, ·)
    #expect(sum(a) == 2)                                // 1 − 2 + 3
    #expect(maxAbsDifference(a, b) == 33)               // |3 − (−30)| = 33 is the largest
    let ad = Tensor<Double>(rows: [[1, 2]]), bd = Tensor<Double>(rows: [[1.5, 1]])
    #expect(maxAbsDifference(ad, bd) == 1)              // max(0.5, 1)
  }

  /// Lengths around the vector width (8) against one-element-at-a-time loops; the operations
  /// are exact per element, so the results must be equal. The sum is compared with a Double
  /// sum, within `1e-6 · Σ|x|`.
  @Test func vectorAndTailAgreeWithScalarLoops() {
    var g = SeededGenerator(seed: 0xE1E)
    for count in [0, 1, 7, 8, 9, 16, 23, 1000, 2049] {
      let a = g.tensor([count]), b = g.tensor([count])
      #expect(add(a, b).scalars == zip(a.scalars, b.scalars).map { $0 + $1 }, "count \(count)")
      #expect(subtract(a, b).scalars == zip(a.scalars, b.scalars).map { $0 - $1 })
      #expect(multiply(a, b).scalars == zip(a.scalars, b.scalars).map { $0 * $1 })
      #expect(scale(a, by: 0.37).scalars == a.scalars.map { $0 * 0.37 })
      #expect(relu(a).scalars == a.scalars.map { max(0, $0) })
      let exact = a.scalars.reduce(0.0) { $0 + Double($1) }
      let magnitude = a.scalars.reduce(0.0) { $0 + Double(abs($1)) }
      #expect(abs(Double(sum(a)) - exact) <= 1e-6 * magnitude, "count \(count)")
      let expected = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
      #expect(maxAbsDifference(a, b) == expected, "count \(count)")
    }
  }

  @Test func nanIsNeverHidden() {
    // A NaN anywhere (vector part or tail) makes the difference NaN; relu keeps it.
    for position in [0, 5, 8, 10] {
      var a = Tensor<Float>(zeros: [11])
      a.scalars[position] = .nan
      #expect(maxAbsDifference(a, Tensor(zeros: [11])).isNaN, "NaN at \(position)")
      #expect(relu(a).scalars[position].isNaN)
    }
  }
}
