/// The chapter-2 exercises (cross-correlation). `Exercises.Chapter02` holds the learner's
/// stubs, `Solutions.Chapter02` the solved versions; both conform, so their signatures
/// cannot drift apart. The questions are stated in the doc comments of `Exercises/`.
///
/// Matrices are `[[Double]]` (rows), multi-channel images `[[[Double]]]` (channel, row,
/// column), so the exercises need nothing but the standard library.
public protocol CrossCorrelationExercises {
  /// 2.01 — corr2d of a 3×3 image with a 2×2 kernel, by hand.
  static func corr2dByHand() throws -> [[Double]]
  /// 2.02 — implement single-channel valid cross-correlation.
  static func corr2d(_ x: [[Double]], _ k: [[Double]]) throws -> [[Double]]
  /// 2.03 — the true convolution of the 2.01 image and kernel, by hand.
  static func convolutionByHand() throws -> [[Double]]
  /// 2.04 — implement the 180° rotation of a kernel.
  static func flip180(_ k: [[Double]]) throws -> [[Double]]
  /// 2.05 — one entry of a multi-input, multi-output layer with bias, by hand.
  static func multiChannelEntryByHand() throws -> Double
  /// 2.06 — implement cross-correlation summed over input channels.
  static func corr2dMultiIn(_ x: [[[Double]]], _ k: [[[Double]]]) throws -> [[Double]]
  /// 2.07 — implement a 1×1 convolution as a matrix product.
  static func conv1x1AsMatmul(_ x: [[[Double]]], _ w: [[Double]]) throws -> [[[Double]]]
  /// 2.08 — implement the output size without padding, or nil when there is none.
  static func validOutputSize(input: Int, kernel: Int, stride: Int) throws -> Int?
  /// 2.09 — predict the output shape after each layer of a stack.
  static func stackShapes() throws -> [[Int]]
  /// 2.10 — predict five parameter counts (dense, depthwise, grouped, 1×1).
  static func parameterCounts() throws -> [Int]
  /// 2.11 — predict the im2col matrix shapes of two layers.
  static func im2colShapes() throws -> [[Int]]
  /// 2.12 — a 3×3 kernel, bias −500 and ReLU on a 5×5 input, by hand.
  static func biasReLUByHand() throws -> [[Double]]
  /// 2.13 — one gradient-descent step for the edge kernel, by hand.
  static func gradientStepByHand() throws -> [Double]
  /// 2.14 — predict the shapes of a strided layer rewritten by space to depth.
  static func spaceToDepthShapes() throws -> [[Int]]
}

extension ExerciseChapter {
  /// Chapter 2's checks, bound to a set of answers.
  public static func crossCorrelation<A: CrossCorrelationExercises>(
    _ answers: A.Type
  ) -> ExerciseChapter {
    ExerciseChapter(
      number: 2, title: "Cross-correlation", file: "Exercises/Chapter02-CrossCorrelation.swift",
      exercises: [
        Exercise("2.01", "corr2d of a 3×3 image by hand", kind: .compute) {
          // X = [[2, 0, 1], [1, 3, 0], [0, 1, 2]], K = [[1, 2], [0, 1]]
          //   y00 = 2·1 + 0·2 + 1·0 + 3·1 = 5     y01 = 0·1 + 1·2 + 3·0 + 0·1 = 2
          //   y10 = 1·1 + 3·2 + 0·0 + 1·1 = 8     y11 = 3·1 + 0·2 + 1·0 + 2·1 = 5
          [.close(try A.corr2dByHand(), [[5, 2], [8, 5]])]
        },
        Exercise("2.02", "Implement corr2d", kind: .implement) {
          try corr2dCases.map { c -> Expectation in
            .close(try A.corr2d(c.x, c.k), c.expected, c.label)
          }
        },
        Exercise("2.03", "Convolution (kernel flipped) by hand", kind: .compute) {
          // Flipped K = [[1, 0], [2, 1]] slides over the same X:
          //   y00 = 2·1 + 0·0 + 1·2 + 3·1 = 7     y01 = 0·1 + 1·0 + 3·2 + 0·1 = 6
          //   y10 = 1·1 + 3·0 + 0·2 + 1·1 = 2     y11 = 3·1 + 0·0 + 1·2 + 2·1 = 7
          [.close(try A.convolutionByHand(), [[7, 6], [2, 7]])]
        },
        Exercise("2.04", "Implement the 180° flip", kind: .implement) {
          [
            // reversing both axes: the last entry comes first
            .close(try A.flip180([[0, 1], [2, 3]]), [[3, 2], [1, 0]], "2×2"),
            .close(try A.flip180([[1, 2, 3], [4, 5, 6]]), [[6, 5, 4], [3, 2, 1]], "2×3"),
            .close(try A.flip180([[7]]), [[7]], "1×1"),
            .close(try A.flip180([[1], [2], [3]]), [[3], [2], [1]], "3×1"),
            .close(
              try A.flip180([[1, 2, 3], [4, 5, 6], [7, 8, 9]]),
              [[9, 8, 7], [6, 5, 4], [3, 2, 1]],
              "3×3"),
          ]
        },
        Exercise("2.05", "One entry of a multi-channel layer by hand", kind: .compute) {
          // Filter 2 is K + 2: channel 0 [[2, 3], [4, 5]], channel 1 [[3, 4], [5, 6]].
          // Window at (1, 0): X[0] → [[3, 4], [6, 7]], X[1] → [[4, 5], [7, 8]].
          //   channel 0: 3·2 + 4·3 + 6·4 + 7·5 = 6 + 12 + 24 + 35 = 77
          //   channel 1: 4·3 + 5·4 + 7·5 + 8·6 = 12 + 20 + 35 + 48 = 115
          //   y[2, 1, 0] = 77 + 115 + b[2] = 192 + 2 = 194
          [.close(try A.multiChannelEntryByHand(), 194)]
        },
        Exercise("2.06", "Implement corr2d over several input channels", kind: .implement) {
          try multiInCases.map { c -> Expectation in
            .close(try A.corr2dMultiIn(c.x, c.k), c.expected, c.label)
          }
        },
        Exercise("2.07", "Implement a 1×1 convolution as a matrix product", kind: .implement) {
          try conv1x1Cases.flatMap { c -> [Expectation] in
            let got = try A.conv1x1AsMatmul(c.x, c.w)
            return [
              .equal(shape3(got), shape3(c.expected), c.label + ", shape"),
              .close(
                got.flatMap { $0.flatMap { $0 } }, c.expected.flatMap { $0.flatMap { $0 } },
                c.label + ", values"),
            ]
          }
        },
        Exercise("2.08", "Implement the output size without padding", kind: .implement) {
          try outputSizeCases.map { c -> Expectation in
            let got = try A.validOutputSize(input: c.input, kernel: c.kernel, stride: c.stride)
            return Expectation(
              label: "W = \(c.input), F = \(c.kernel), S = \(c.stride)",
              expected: c.expected.map(String.init) ?? "nil", got: got.map(String.init) ?? "nil",
              passed: got == c.expected)
          }
        },
        Exercise("2.09", "Predict the shapes through a stack of layers", kind: .predict) {
          // 1×28×28
          //   conv 5×5, 6 filters, padding 2:   (28 − 5 + 4)/1 + 1 = 28  → 6×28×28
          //   conv 5×5, 16 filters:             (28 − 5)/1 + 1 = 24     → 16×24×24
          //   conv 3×3, 32 filters, stride 3:   (24 − 3)/3 + 1 = 8      → 32×8×8
          //   conv 1×1, 8 filters:              (8 − 1)/1 + 1 = 8       → 8×8×8
          //   conv 8×8, 10 filters:             (8 − 8)/1 + 1 = 1       → 10×1×1
          [
            .equal(
              try A.stackShapes(),
              [[6, 28, 28], [16, 24, 24], [32, 8, 8], [8, 8, 8], [10, 1, 1]])
          ]
        },
        Exercise("2.10", "Predict parameter counts", kind: .predict) {
          // (a) 5×5, 6 → 16, bias:            (5·5·6)·16 + 16 = 2,400 + 16 = 2,416
          // (b) 3×3, 64 → 128, bias:          (3·3·64)·128 + 128 = 73,728 + 128 = 73,856
          // (c) depthwise 3×3 on 64, bias:    (3·3·1)·64 + 64 = 576 + 64 = 640
          // (d) 3×3, 64 → 128, G = 4, no bias: (3·3·16)·128 = 144·128 = 18,432
          // (e) 1×1, 64 → 128, bias:          (1·1·64)·128 + 128 = 8,192 + 128 = 8,320
          [.equal(try A.parameterCounts(), [2_416, 73_856, 640, 18_432, 8_320])]
        },
        Exercise("2.11", "Predict the im2col matrix shapes", kind: .predict) {
          // (a) 3×32×32, 16 filters 5×5, stride 1, padding 2: P = Q = (32 − 5 + 4)/1 + 1 = 32
          //     X_col (3·5·5, 32·32) = (75, 1024)   W_row (16, 75)   Y (16, 1024)
          // (b) 16×24×24, 32 filters 3×3, stride 3: P = Q = (24 − 3)/3 + 1 = 8
          //     X_col (16·3·3, 8·8) = (144, 64)     W_row (32, 144)  Y (32, 64)
          [
            .equal(
              try A.im2colShapes(),
              [[75, 1024], [16, 75], [16, 1024], [144, 64], [32, 144], [32, 64]])
          ]
        },
        Exercise("2.12", "Bias −500 and ReLU by hand", kind: .compute) {
          // x[i, j] = 5i + j, K = [[1, 2, 3], [4, 5, 6], [7, 8, 9]] (k[r, s] = 3r + s + 1):
          //   y[p, q] = Σ k[r, s]·(5(p + r) + (q + s)) = 45·(5p + q) + Σ k[r, s]·(5r + s)
          //   Σ k[r, s]·(5r + s) = (0 + 2 + 6) + (20 + 30 + 42) + (70 + 88 + 108) = 366
          //   y = [[366, 411, 456], [591, 636, 681], [816, 861, 906]]
          //   ReLU(y − 500) = [[0, 0, 0], [91, 136, 181], [316, 361, 406]]
          [.close(try A.biasReLUByHand(), [[0, 0, 0], [91, 136, 181], [316, 361, 406]])]
        },
        Exercise("2.13", "One gradient step for the edge kernel by hand", kind: .compute) {
          // X rows [1, 1, 0, 0, 0, 0, 1, 1], Y rows [0, 1, 0, 0, 0, −1, 0], k = [0, 0]:
          //   ŷ = 0, ∂L/∂ŷ = 2·(ŷ − Y) = −2Y
          //   ∂L/∂k₀ = Σ −2·Y[i, j]·X[i, j]     = 6 rows · (−2)·(1·1 + (−1)·0) = −12
          //   ∂L/∂k₁ = Σ −2·Y[i, j]·X[i, j + 1] = 6 rows · (−2)·(1·0 + (−1)·1) = 12
          //   k ← [0, 0] − 0.01·[−12, 12] = [0.12, −0.12]
          [.close(try A.gradientStepByHand(), [0.12, -0.12])]
        },
        Exercise("2.14", "Predict the shapes after space to depth", kind: .predict) {
          // (a) 3×224×224, 64 filters 11×11, stride 4, padding 2 (floor):
          //     P = Q = ⌊(224 + 4 − 11)/4⌋ + 1 = 54 + 1 = 55; σ = 4 → C′ = 3·16 = 48,
          //     R′ = ⌈11/4⌉ = 3, z = (48, 55 + 3 − 1, 57) = (48, 57, 57), w′ = (64, 48, 3, 3),
          //     taps per output 48·9 = 432 against 3·11·11 = 363
          // (b) 16×32×32, 32 filters 5×5, stride 2, padding 2:
          //     P = Q = ⌊(32 + 4 − 5)/2⌋ + 1 = 15 + 1 = 16; C′ = 16·4 = 64, R′ = ⌈5/2⌉ = 3,
          //     z = (64, 18, 18), w′ = (32, 64, 3, 3), taps 64·9 = 576 against 16·25 = 400
          [
            .equal(
              try A.spaceToDepthShapes(),
              [[48, 57, 57], [64, 48, 3, 3], [432, 363], [64, 18, 18], [32, 64, 3, 3], [576, 400]])
          ]
        },
      ])
  }
}

// MARK: - The cases the implement exercises are checked on (expected values by hand)

private struct Corr2DCase {
  let label: String, x: [[Double]], k: [[Double]], expected: [[Double]]
}

private let corr2dCases: [Corr2DCase] = [
  // d2l: y00 = 0·0 + 1·1 + 3·2 + 4·3 = 19, y01 = 25, y10 = 37, y11 = 43
  Corr2DCase(
    label: "0…8 with [[0, 1], [2, 3]]", x: [[0, 1, 2], [3, 4, 5], [6, 7, 8]],
    k: [[0, 1], [2, 3]],
    expected: [[19, 25], [37, 43]]),
  // a 1×1 kernel scales every pixel and keeps the size
  Corr2DCase(
    label: "1×1 kernel [[2]]", x: [[1, 2, 3], [4, 5, 6]], k: [[2]],
    expected: [[2, 4, 6], [8, 10, 12]]),
  // kernel as large as the image: one window, 1·4 + 2·3 + 3·2 + 4·1 = 20
  Corr2DCase(
    label: "kernel = image size", x: [[1, 2], [3, 4]], k: [[4, 3], [2, 1]], expected: [[20]]),
  // 2×1 kernel [[1], [−1]]: top minus bottom, 1 − 5 = 2 − 6 = … = −4
  Corr2DCase(
    label: "2×1 kernel on 2×4", x: [[1, 2, 3, 4], [5, 6, 7, 8]], k: [[1], [-1]],
    expected: [[-4, -4, -4, -4]]),
  // the edge detector [1, −1] on one row of the stripe image
  Corr2DCase(
    label: "[1, −1] on a stripe", x: [[1, 1, 0, 0, 0, 0, 1, 1]], k: [[1, -1]],
    expected: [[0, 1, 0, 0, 0, -1, 0]]),
]

private struct MultiInCase {
  let label: String, x: [[[Double]]], k: [[[Double]]], expected: [[Double]]
}

private let d2lTwoChannels: [[[Double]]] = [
  [[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
]

private let multiInCases: [MultiInCase] = [
  // channel 0 gives [[19, 25], [37, 43]], channel 1 [[37, 47], [67, 77]]; their sum:
  MultiInCase(
    label: "d2l two channels", x: d2lTwoChannels, k: [[[0, 1], [2, 3]], [[1, 2], [3, 4]]],
    expected: [[56, 72], [104, 120]]),
  // one channel is plain corr2d
  MultiInCase(
    label: "one channel", x: [d2lTwoChannels[0]], k: [[[0, 1], [2, 3]]],
    expected: [[19, 25], [37, 43]]),
  // 1×1 kernels (2, −1): 2·X[0] − X[1] = 2·(0…8) − (1…9) = −1…7
  MultiInCase(
    label: "1×1 kernels (2, −1)", x: d2lTwoChannels, k: [[[2]], [[-1]]],
    expected: [[-1, 0, 1], [2, 3, 4], [5, 6, 7]]),
  // a kernel of ones as large as the image: the sum of all inputs, 36 + 45 = 81
  MultiInCase(
    label: "kernel = image size", x: d2lTwoChannels,
    k: [[[1, 1, 1], [1, 1, 1], [1, 1, 1]], [[1, 1, 1], [1, 1, 1], [1, 1, 1]]], expected: [[81]]),
  // three channels of 1×2, 1×1 kernels of ones: [1 + 3 + 5, 2 + 4 + 6] = [9, 12]
  MultiInCase(
    label: "three channels", x: [[[1, 2]], [[3, 4]], [[5, 6]]], k: [[[1]], [[1]], [[1]]],
    expected: [[9, 12]]),
]

private struct Conv1x1Case {
  let label: String, x: [[[Double]]], w: [[Double]], expected: [[[Double]]]
}

private let conv1x1Cases: [Conv1x1Case] = [
  // Y[0] = X[0] + X[1] = [[4, 6]], Y[1] = X[0] − X[1] = [[−2, −2]]
  Conv1x1Case(
    label: "2 → 2 channels", x: [[[1, 2]], [[3, 4]]], w: [[1, 1], [1, -1]],
    expected: [[[4, 6]], [[-2, -2]]]),
  // the identity matrix returns the input
  Conv1x1Case(
    label: "identity", x: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]], w: [[1, 0], [0, 1]],
    expected: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]),
  // 3 → 1: the channel sum, [[1 + 5 + 9, 2 + 6 + 10], [3 + 7 + 11, 4 + 8 + 12]]
  Conv1x1Case(
    label: "3 → 1 channel sum",
    x: [[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 10], [11, 12]]], w: [[1, 1, 1]],
    expected: [[[15, 18], [21, 24]]]),
  // 1 → 3: the image times 1, 2 and −1
  Conv1x1Case(
    label: "1 → 3 channels", x: [[[1, 2], [3, 4]]], w: [[1], [2], [-1]],
    expected: [[[1, 2], [3, 4]], [[2, 4], [6, 8]], [[-1, -2], [-3, -4]]]),
]

private struct OutputSizeCase {
  let input: Int, kernel: Int, stride: Int, expected: Int?
}

private let outputSizeCases: [OutputSizeCase] = [
  OutputSizeCase(input: 3, kernel: 2, stride: 1, expected: 2),  // (3 − 2)/1 + 1
  OutputSizeCase(input: 227, kernel: 11, stride: 4, expected: 55),  // 216/4 + 1
  OutputSizeCase(input: 32, kernel: 5, stride: 1, expected: 28),  // 27/1 + 1
  OutputSizeCase(input: 5, kernel: 3, stride: 2, expected: 2),  // 2/2 + 1
  OutputSizeCase(input: 5, kernel: 5, stride: 1, expected: 1),  // kernel = input: 0 + 1
  OutputSizeCase(input: 5, kernel: 1, stride: 1, expected: 5),  // 1×1: 4 + 1
  OutputSizeCase(input: 7, kernel: 3, stride: 3, expected: nil),  // 4 is not divisible by 3
  OutputSizeCase(input: 2, kernel: 3, stride: 1, expected: nil),  // kernel larger than input
]

/// (channels, rows, columns) of a nested image; ragged inner arrays count by their first row.
private func shape3(_ t: [[[Double]]]) -> [Int] {
  [t.count, t.first?.count ?? 0, t.first?.first?.count ?? 0]
}
