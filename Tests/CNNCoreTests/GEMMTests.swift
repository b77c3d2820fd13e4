import CNNCore
import Testing

/// One random `gemm` problem with every operand stored in a larger-than-needed buffer.
private struct GEMMCase: CustomStringConvertible {
  let m: Int, n: Int, k: Int
  let transposeA: Bool, transposeB: Bool, accumulate: Bool
  let lda: Int, ldb: Int, ldc: Int
  var a: [Float], b: [Float], c: [Float]

  /// The padding between rows holds NaN in A and B (reading it would poison a result) and a
  /// sentinel in C (writing it would be seen).
  static let sentinel: Float = 12345

  init(
    m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, accumulate: Bool,
    extra: (Int, Int, Int), using g: inout SeededGenerator
  ) {
    self.m = m; self.n = n; self.k = k
    self.transposeA = transposeA; self.transposeB = transposeB; self.accumulate = accumulate
    let (aRows, aColumns) = transposeA ? (k, m) : (m, k)
    let (bRows, bColumns) = transposeB ? (n, k) : (k, n)
    lda = aColumns + extra.0; ldb = bColumns + extra.1; ldc = n + extra.2
    a = GEMMCase.padded(g.floats(aRows * aColumns), columns: aColumns, ld: lda, fill: .nan)
    b = GEMMCase.padded(g.floats(bRows * bColumns), columns: bColumns, ld: ldb, fill: .nan)
    c = GEMMCase.padded(g.floats(m * n), columns: n, ld: ldc, fill: GEMMCase.sentinel)
  }

  static func padded(_ values: [Float], columns: Int, ld: Int, fill: Float) -> [Float] {
    let rows = columns == 0 ? 0 : values.count / columns
    var out = [Float](repeating: fill, count: rows * ld)
    for r in 0..<rows {
      for j in 0..<columns { out[r * ld + j] = values[r * columns + j] }
    }
    return out
  }

  var description: String {
    "gemm m \(m) n \(n) k \(k) transposeA \(transposeA) transposeB \(transposeB) "
      + "accumulate \(accumulate) lda \(lda) ldb \(ldb) ldc \(ldc)"
  }

  /// C after `gemm` (or `gemmReference` when `reference`).
  func run(reference: Bool = false) -> [Float] {
    var out = c
    run(a: a, b: b, into: &out, reference: reference)
    return out
  }

  func run(a: [Float], b: [Float], into out: inout [Float], reference: Bool) {
    let (m, n, k, lda, ldb, ldc) = (m, n, k, lda, ldb, ldc)
    let (transposeA, transposeB, accumulate) = (transposeA, transposeB, accumulate)
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        out.withUnsafeMutableBufferPointer { pc in
          if reference {
            gemmReference(
              m: m, n: n, k: k, a: pa.baseAddress!, lda: lda, transposeA: transposeA,
              b: pb.baseAddress!, ldb: ldb, transposeB: transposeB, c: pc.baseAddress!,
              ldc: ldc, accumulate: accumulate)
          } else {
            gemm(
              m: m, n: n, k: k, a: pa.baseAddress!, lda: lda, transposeA: transposeA,
              b: pb.baseAddress!, ldb: ldb, transposeB: transposeB, c: pc.baseAddress!,
              ldc: ldc, accumulate: accumulate)
          }
        }
      }
    }
  }

  /// For each C element, Σ_p |A[i,p]·B[p,j]| (+ |C[i,j]| when accumulating): the scale of
  /// its rounding error. NaN padding stays NaN but is never read.
  func magnitudes() -> [Float] {
    var out = c.map { accumulate ? abs($0) : 0 }
    run(a: a.map(abs), b: b.map(abs), into: &out, reference: true)
    return out
  }
}

@Suite struct GEMMTests {
  @Test func handComputed2x2() {
    // [[1, 2], [3, 4]] · [[5, 6], [7, 8]]:
    //   1·5 + 2·7 = 19   1·6 + 2·8 = 22   3·5 + 4·7 = 43   3·6 + 4·8 = 50
    let a = Tensor<Float>(rows: [[1, 2], [3, 4]]), b = Tensor<Float>(rows: [[5, 6], [7, 8]])
    #expect(matmul(a, b).rows == [[19, 22], [43, 50]])
  }

  @Test func matmulOfEmptyShapes() {
    // (2, 0) · (0, 3): every element is an empty sum, 0.
    let c = matmul(Tensor(shape: [2, 0], scalars: []), Tensor(shape: [0, 3], scalars: []))
    #expect(c.shape == [2, 3] && c.scalars == [0, 0, 0, 0, 0, 0])
  }

  @Test func transposedAndAccumulated() {
    // A stored as (K, M) = [[1, 3], [2, 4]] is [[1, 2], [3, 4]]; B stored as (N, K) =
    // [[5, 7], [6, 8]] is [[5, 6], [7, 8]]; C starts at 1, so C = 1 + [[19, 22], [43, 50]].
    let a: [Float] = [1, 3, 2, 4], b: [Float] = [5, 7, 6, 8]
    var c: [Float] = [1, 1, 1, 1]
    gemm(
      m: 2, n: 2, k: 2, a: a, lda: 2, transposeA: true, b: b, ldb: 2, transposeB: true,
      c: &c, ldc: 2, accumulate: true)
    #expect(c == [20, 23, 44, 51])
  }

  @Test func emptyInnerDimensionClearsOrKeepsC() {
    // k = 0: the sum is empty, so C = 0 (or C unchanged when accumulating).
    let a: [Float] = [0], b: [Float] = [0]
    var c: [Float] = [3, 4]
    gemm(m: 1, n: 2, k: 0, a: a, lda: 1, b: b, ldb: 2, c: &c, ldc: 2, accumulate: true)
    #expect(c == [3, 4])
    gemm(m: 1, n: 2, k: 0, a: a, lda: 1, b: b, ldb: 2, c: &c, ldc: 2)
    #expect(c == [0, 0])
  }

  /// 320 random problems against `gemmReference`. Tolerance: `1e-5 · Σ_p |A[i,p]·B[p,j]|`
  /// (plus `|C|` when accumulating); the worst-case rounding bound of two K-term sums in
  /// Float is `2·K·2⁻²⁴ ≈ 8.3e-6` relative to that sum for K = 70.
  @Test func randomSweepAgainstReference() {
    var g = SeededGenerator(seed: 0x6E_4D4D)
    var failures = 0
    for index in 0..<320 {
      // Sizes 1…70, biased toward the edges: 1, the tile sizes 6 and 16, and just around them.
      func size() -> Int {
        let special = [1, 2, 5, 6, 7, 15, 16, 17, 31, 33, 48, 70]
        return g.nextInt(in: 0...2) == 0
          ? special[g.nextInt(in: 0...(special.count - 1))] : g.nextInt(in: 1...70)
      }
      let c = GEMMCase(
        m: size(), n: size(), k: size(), transposeA: index & 1 != 0, transposeB: index & 2 != 0,
        accumulate: index & 4 != 0,
        extra: (g.nextInt(in: 0...3), g.nextInt(in: 0...3), g.nextInt(in: 0...3)), using: &g)
      if !checkAgainstReference(c) { failures += 1 }
      if failures >= 3 { break }  // enough to diagnose
    }
  }

  /// Problems that cross the K block (256) and are large enough to be split between threads.
  @Test func blockedAndThreadedSizes() {
    var g = SeededGenerator(seed: 0x6E_4D4E)
    let sizes = [(97, 113, 300), (7, 200, 513), (130, 35, 257), (61, 300, 256), (1, 1, 600)]
    for (index, (m, n, k)) in sizes.enumerated() {
      let c = GEMMCase(
        m: m, n: n, k: k, transposeA: index & 1 != 0, transposeB: index & 2 != 0,
        accumulate: index == 2, extra: (1, 2, 3), using: &g)
      checkAgainstReference(c)
    }
  }

  @discardableResult
  private func checkAgainstReference(_ c: GEMMCase) -> Bool {
    let actual = c.run(), expected = c.run(reference: true)
    // Inside C: within tolerance. The padding of C: untouched.
    var inside: [Float] = [], insideExpected: [Float] = [], scale: [Float] = []
    let magnitudes = c.magnitudes()
    var padOK = true
    for i in 0..<c.m {
      for j in 0..<c.ldc {
        let index = i * c.ldc + j
        if j < c.n {
          inside.append(actual[index]); insideExpected.append(expected[index])
          scale.append(magnitudes[index])
        } else if actual[index] != GEMMCase.sentinel {
          padOK = false
        }
      }
    }
    if !padOK { Issue.record("\(c): wrote into the padding of C (between ldc and n)") }
    return expectNoMismatch(
      mismatchReport(inside, insideExpected, scale: scale, tolerance: 1e-5, config: "\(c)"))
      && padOK
  }
}
