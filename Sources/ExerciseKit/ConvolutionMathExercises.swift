/// The chapter-1 exercises (convolution math). `Exercises.Chapter01` holds the learner's
/// stubs, `Solutions.Chapter01` the solved versions; both conform, so their signatures
/// cannot drift apart. The questions are stated in the doc comments of `Exercises/`.
public protocol ConvolutionMathExercises {
  /// 1.01 — the full convolution of (1, 2, 3) and (4, 5, 6), by hand.
  static func fullConvolutionByHand() throws -> [Double]
  /// 1.02 — the valid convolution of (1, 3, 2, 4, 0) and (1, 0, −1), by hand.
  static func validConvolutionByHand() throws -> [Double]
  /// 1.03 — P(sum = 5) for a fair six-sided die plus a fair four-sided die.
  static func diceProbability() throws -> Double
  /// 1.04 — row 3 of the full Toeplitz matrix of k = (4, 5, 6) for inputs of length 4.
  static func toeplitzRow() throws -> [Double]
  /// 1.05 — a valid 2-D convolution (kernel flipped), by hand.
  static func convolution2DByHand() throws -> [[Double]]
  /// 1.06 — the full convolution with two loops.
  static func convolveFull(_ x: [Double], _ k: [Double]) throws -> [Double]
  /// 1.07 — numpy's "same" slice of a full convolution of lengths m and n.
  static func sameFromFull(_ full: [Double], m: Int, n: Int) throws -> [Double]
  /// 1.08 — the full Toeplitz matrix `T` with `T·x = k * x`.
  static func toeplitz(kernel: [Double], inputCount: Int) throws -> [[Double]]
  /// 1.09 — circular convolution of two signals of the same length.
  static func circularConvolve(_ x: [Double], _ k: [Double]) throws -> [Double]
  /// 1.10 — the output lengths [full, same, valid] for four pairs of lengths.
  static func outputLengths() throws -> [[Int]]
  /// 1.11 — the shape of a doubly-block Toeplitz matrix and of its blocks.
  static func doublyBlockToeplitzShape() throws -> [Int]
  /// 1.12 — multiplications for a direct and an FFT convolution of two 1024-long signals.
  static func multiplicationCounts() throws -> [Int]
}

extension ExerciseChapter {
  /// Chapter 1's checks, bound to a set of answers.
  public static func convolutionMath<A: ConvolutionMathExercises>(
    _ answers: A.Type
  ) -> ExerciseChapter {
    ExerciseChapter(
      number: 1, title: "Convolution math", file: "Exercises/Chapter01-ConvolutionMath.swift",
      exercises: [
        Exercise("1.01", "Full convolution of (1, 2, 3) and (4, 5, 6)", kind: .compute) {
          // Polynomial product: (1 + 2x + 3x²)(4 + 5x + 6x²)
          //   x⁰: 1·4 = 4
          //   x¹: 1·5 + 2·4 = 13
          //   x²: 1·6 + 2·5 + 3·4 = 28
          //   x³: 2·6 + 3·5 = 27
          //   x⁴: 3·6 = 18
          [.close(try A.fullConvolutionByHand(), [4, 13, 28, 27, 18])]
        },
        Exercise("1.02", "Valid convolution of (1, 3, 2, 4, 0) and (1, 0, −1)", kind: .compute) {
          // k = (1, 0, −1) gives (x * k)[n] = x[n] − x[n − 2]. Valid keeps n = 2 … 4
          // (5 − 3 + 1 = 3 entries, from index 3 − 1 = 2):
          //   n = 2: x[2] − x[0] = 2 − 1 = 1
          //   n = 3: x[3] − x[1] = 4 − 3 = 1
          //   n = 4: x[4] − x[2] = 0 − 2 = −2
          [.close(try A.validConvolutionByHand(), [1, 1, -2])]
        },
        Exercise("1.03", "P(d6 + d4 = 5)", kind: .compute) {
          // 6·4 = 24 equally likely pairs; sum 5 from (1, 4), (2, 3), (3, 2), (4, 1):
          // P = 4/24 = 1/6 ≈ 0.166667 (the convolution of (1/6, …) and (1/4, …) at 5)
          [.close(try A.diceProbability(), 4.0 / 24)]
        },
        Exercise("1.04", "Row 3 of the Toeplitz matrix of (4, 5, 6), length-4 inputs",
                 kind: .compute) {
          // T[n, m] = k[n − m]; row n = 3: m = 0 → k[3] (none) = 0, m = 1 → k[2] = 6,
          // m = 2 → k[1] = 5, m = 3 → k[0] = 4
          [.close(try A.toeplitzRow(), [0, 6, 5, 4])]
        },
        Exercise("1.05", "Valid 2-D convolution of 1…9 with [[1, 2], [0, −1]]", kind: .compute) {
          // B(i, j) = Σ K(m, n)·A(i − m, j − n) = A(i, j) + 2·A(i, j − 1) − A(i − 1, j − 1),
          // valid positions i, j ∈ {1, 2} of the full result:
          //   B(1, 1) = 5 + 2·4 − 1 = 12     B(1, 2) = 6 + 2·5 − 2 = 14
          //   B(2, 1) = 8 + 2·7 − 4 = 18     B(2, 2) = 9 + 2·8 − 5 = 20
          [.close(try A.convolution2DByHand(), [[12, 14], [18, 20]])]
        },
        Exercise("1.06", "Implement the full convolution with loops", kind: .implement) {
          [
            // 1·4; 1·5 + 2·4; 1·6 + 2·5 + 3·4; 2·6 + 3·5; 3·6
            .close(try A.convolveFull([1, 2, 3], [4, 5, 6]), [4, 13, 28, 27, 18],
                   "(1, 2, 3) * (4, 5, 6)"),
            // (1 + x)² = 1 + 2x + x²
            .close(try A.convolveFull([1, 1], [1, 1]), [1, 2, 1], "(1, 1) * (1, 1)"),
            // (1 − x)(1 + x + x²) = 1 − x³
            .close(try A.convolveFull([1, -1], [1, 1, 1]), [1, 0, 0, -1], "(1, −1) * (1, 1, 1)"),
            // a single tap scales: 2·(1, −1, 3)
            .close(try A.convolveFull([1, -1, 3], [2]), [2, -2, 6], "(1, −1, 3) * (2)"),
            .close(try A.convolveFull([2], [1, 2, 3]), [2, 4, 6], "(2) * (1, 2, 3)"),
            // 3·(−4) = −12
            .close(try A.convolveFull([3], [-4]), [-12], "(3) * (−4)"),
          ]
        },
        Exercise("1.07", "Implement \"same\" from \"full\"", kind: .implement) {
          // full = (0, 1, …, m + n − 2), so the answer shows which indices were kept:
          // same keeps max(m, n) entries from (min(m, n) − 1)/2.
          func full(_ m: Int, _ n: Int) -> [Double] { (0..<(m + n - 1)).map(Double.init) }
          return [
            // m = n = 3: 3 entries from (3 − 1)/2 = 1
            .close(try A.sameFromFull(full(3, 3), m: 3, n: 3), [1, 2, 3], "m = 3, n = 3"),
            // m = 5, n = 4: 5 entries from (4 − 1)/2 = 1
            .close(try A.sameFromFull(full(5, 4), m: 5, n: 4), [1, 2, 3, 4, 5], "m = 5, n = 4"),
            // m = 2, n = 5: 5 entries from (2 − 1)/2 = 0
            .close(try A.sameFromFull(full(2, 5), m: 2, n: 5), [0, 1, 2, 3, 4], "m = 2, n = 5"),
            // m = 6, n = 3: 6 entries from 1
            .close(try A.sameFromFull(full(6, 3), m: 6, n: 3), [1, 2, 3, 4, 5, 6], "m = 6, n = 3"),
            // length-1 edge cases: the full result is already the same result
            .close(try A.sameFromFull(full(1, 1), m: 1, n: 1), [0], "m = 1, n = 1"),
            .close(try A.sameFromFull(full(4, 1), m: 4, n: 1), [0, 1, 2, 3], "m = 4, n = 1"),
            .close(try A.sameFromFull(full(1, 4), m: 1, n: 4), [0, 1, 2, 3], "m = 1, n = 4"),
          ]
        },
        Exercise("1.08", "Implement the Toeplitz matrix T(k)", kind: .implement) {
          [
            // T[n, m] = k[n − m]: (3 + 3 − 1) × 3
            .close(try A.toeplitz(kernel: [4, 5, 6], inputCount: 3),
                   [[4, 0, 0], [5, 4, 0], [6, 5, 4], [0, 6, 5], [0, 0, 6]], "k = (4, 5, 6), M = 3"),
            // a one-tap kernel: 2·identity, 3 × 3
            .close(try A.toeplitz(kernel: [2], inputCount: 3),
                   [[2, 0, 0], [0, 2, 0], [0, 0, 2]], "k = (2), M = 3"),
            // one input: the kernel as a column, 3 × 1
            .close(try A.toeplitz(kernel: [1, 2, 3], inputCount: 1), [[1], [2], [3]],
                   "k = (1, 2, 3), M = 1"),
            // (2 + 2 − 1) × 2
            .close(try A.toeplitz(kernel: [1, -1], inputCount: 2), [[1, 0], [-1, 1], [0, -1]],
                   "k = (1, −1), M = 2"),
          ]
        },
        Exercise("1.09", "Implement circular convolution", kind: .implement) {
          [
            // y[n] = Σ_m x[m]·k[(n − m) mod 4]: y[0] = x[0] + x[3] = 1 + 4 = 5, y[1] = 2 + 1 = 3,
            // y[2] = 3 + 2 = 5, y[3] = 4 + 3 = 7
            .close(try A.circularConvolve([1, 2, 3, 4], [1, 1, 0, 0]), [5, 3, 5, 7], "period 4"),
            // the linear result (4, 13, 28, 27, 18) with 18 wrapped onto 4: 22
            .close(try A.circularConvolve([1, 2, 3, 0], [4, 5, 6, 0]), [22, 13, 28, 27],
                   "(1, 2, 3) ⊛ (4, 5, 6), period 4"),
            // an impulse at 1 rotates: (a, b, c) → (c, a, b)
            .close(try A.circularConvolve([7, 8, 9], [0, 1, 0]), [9, 7, 8], "rotation"),
            // period 1: 3·5
            .close(try A.circularConvolve([3], [5]), [15], "period 1"),
          ]
        },
        Exercise("1.10", "Predict full/same/valid lengths", kind: .predict) {
          // full M + N − 1, same max(M, N), valid max − min + 1:
          //   (7, 3): 9, 7, 5   (2, 5): 6, 5, 4   (1, 4): 4, 4, 4   (6, 6): 11, 6, 1
          [.equal(try A.outputLengths(), [[9, 7, 5], [6, 5, 4], [4, 4, 4], [11, 6, 1]])]
        },
        Exercise("1.11", "Predict the doubly-block Toeplitz shape", kind: .predict) {
          // image 5 × 4, kernel 3 × 2, full: output (5 + 3 − 1) × (4 + 2 − 1) = 7 × 5.
          // D maps 5·4 = 20 inputs to 7·5 = 35 outputs: 35 × 20; each block maps one input
          // row (4) to one output row (5): 5 × 4, and there are 7 × 5 of them.
          [.equal(try A.doublyBlockToeplitzShape(), [35, 20, 5, 4])]
        },
        Exercise("1.12", "Predict multiplications, direct vs FFT", kind: .predict) {
          // direct: 1024·1024 = 1 048 576 real multiplications.
          // FFT: P = 2048 ≥ 1024 + 1024 − 1; 3 transforms · (2048/2)·log₂ 2048 + 2048
          //      = 3·1024·11 + 2048 = 33 792 + 2048 = 35 840 complex multiplications.
          // ratio 1 048 576 / 35 840 = 29.26 → 29
          [.equal(try A.multiplicationCounts(), [1_048_576, 35_840, 29])]
        },
      ])
  }
}
