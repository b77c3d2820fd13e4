/// The chapter-4 exercises (pooling). `Exercises.Chapter04` holds the learner's stubs,
/// `Solutions.Chapter04` the solved versions; both conform, so their signatures cannot drift
/// apart. The questions are stated in the doc comments of `Exercises/`.
public protocol PoolingExercises {
  /// 4.01 — 2×2/2 max pooling of a 4×4 matrix, by hand.
  static func maxPoolByHand() throws -> [[Double]]
  /// 4.02 — 2×2/2 average pooling of the same matrix, by hand.
  static func averagePoolByHand() throws -> [[Double]]
  /// 4.03 — a gradient routed back through 2×2/2 max pooling with ties, by hand.
  static func maxPoolGradientByHand() throws -> [[Double]]
  /// 4.04 — averages at the border with padding counted and not counted, by hand.
  static func borderAveragesByHand() throws -> [Double]
  /// 4.05 — a gradient spread back through overlapping 2×2/1 average pooling, by hand.
  static func averagePoolGradientByHand() throws -> [[Double]]
  /// 4.06 — max pooling of a matrix with loops (no padding, incomplete windows dropped).
  static func maxPool2D(_ x: [[Double]], window: Int, stride: Int) throws -> [[Double]]
  /// 4.07 — the input gradient of 4.06's max pooling.
  static func maxPool2DBackward(
    _ x: [[Double]], gradOutput: [[Double]], window: Int, stride: Int
  ) throws -> [[Double]]
  /// 4.08 — global average pooling of a C×H×W volume.
  static func globalAveragePool(_ x: [[[Double]]]) throws -> [Double]
  /// 4.09 — six pooled output sizes, floor and ceil mode.
  static func outputSizes() throws -> [Int]
  /// 4.10 — how many activations two max-pooling layers keep.
  static func activationsKept() throws -> [Int]
  /// 4.11 — parameter counts of two pooling layers and of a strided convolution.
  static func parameterCounts() throws -> [Int]
  /// 4.12 — the sizes through a LeNet-like stack, ending in flatten.
  static func lenetShapes() throws -> [Int]
}

extension ExerciseChapter {
  /// Chapter 4's checks, bound to a set of answers.
  public static func pooling<A: PoolingExercises>(_ answers: A.Type) -> ExerciseChapter {
    // The matrix of 4.01, 4.02, 4.04 and 4.06.
    let m: [[Double]] = [[1, 3, 2, 1], [4, 6, 5, 0], [3, 1, 1, 2], [0, 2, 4, 3]]
    // The matrix with ties of 4.03 and 4.07.
    let tied: [[Double]] = [[1, 7, 2, 2], [7, 3, 0, 1], [5, 2, 4, 4], [1, 5, 4, 0]]
    let zeroToEight: [[Double]] = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    return ExerciseChapter(
      number: 4, title: "Pooling", file: "Exercises/Chapter04-Pooling.swift",
      exercises: [
        Exercise("4.01", "2×2/2 max pooling of a 4×4 matrix", kind: .compute) {
          // Windows: [1, 3, 4, 6] → 6   [2, 1, 5, 0] → 5
          //          [3, 1, 0, 2] → 3   [1, 2, 4, 3] → 4
          [.close(try A.maxPoolByHand(), [[6, 5], [3, 4]])]
        },
        Exercise("4.02", "2×2/2 average pooling of the same matrix", kind: .compute) {
          // (1 + 3 + 4 + 6)/4 = 14/4 = 3.5   (2 + 1 + 5 + 0)/4 = 8/4 = 2
          // (3 + 1 + 0 + 2)/4 = 6/4 = 1.5    (1 + 2 + 4 + 3)/4 = 10/4 = 2.5
          [.close(try A.averagePoolByHand(), [[3.5, 2], [1.5, 2.5]])]
        },
        Exercise("4.03", "Route a gradient through max pooling with ties", kind: .compute) {
          // Each window's gradient goes to its first maximum in row-major order:
          //   top-left [1, 7 / 7, 3]: 7 at (0, 1) and (1, 0) → (0, 1) gets 10
          //   top-right [2, 2 / 0, 1]: 2 at (0, 2) and (0, 3) → (0, 2) gets 20
          //   bottom-left [5, 2 / 1, 5]: 5 at (2, 0) and (3, 1) → (2, 0) gets 30
          //   bottom-right [4, 4 / 4, 0]: 4 at (2, 2), (2, 3), (3, 2) → (2, 2) gets 40
          [
            .close(
              try A.maxPoolGradientByHand(),
              [[0, 10, 20, 0], [0, 0, 0, 0], [30, 0, 40, 0], [0, 0, 0, 0]])
          ]
        },
        Exercise("4.04", "3×3/1 averages with padding 1 at the border", kind: .compute) {
          // Corner (0, 0): real cells 1, 3, 4, 6 (sum 14): 14/9 counting padding, 14/4 = 3.5
          // without. Edge (0, 1): real cells 1, 3, 2, 4, 6, 5 (sum 21): 21/9 = 7/3, 21/6 = 3.5.
          [.close(try A.borderAveragesByHand(), [14.0 / 9, 3.5, 21.0 / 9, 3.5])]
        },
        Exercise("4.05", "Spread a gradient through overlapping average pooling", kind: .compute) {
          // Shares g/4: window (0,0) 4/4 = 1, (0,1) 8/4 = 2, (1,0) 12/4 = 3, (1,1) 16/4 = 4.
          // Each cell adds the shares of the windows covering it:
          //   (0,0) 1        (0,1) 1+2 = 3        (0,2) 2
          //   (1,0) 1+3 = 4  (1,1) 1+2+3+4 = 10   (1,2) 2+4 = 6
          //   (2,0) 3        (2,1) 3+4 = 7        (2,2) 4
          [.close(try A.averagePoolGradientByHand(), [[1, 3, 2], [4, 10, 6], [3, 7, 4]])]
        },
        Exercise("4.06", "Implement max pooling with loops", kind: .implement) {
          [
            // max(0,1,3,4) = 4, max(1,2,4,5) = 5, max(3,4,6,7) = 7, max(4,5,7,8) = 8
            .close(try A.maxPool2D(zeroToEight, window: 2, stride: 1), [[4, 5], [7, 8]],
                   "0…8, 2×2 stride 1"),
            // as in 4.01
            .close(try A.maxPool2D(m, window: 2, stride: 2), [[6, 5], [3, 4]], "4.01, 2×2/2"),
            // a 1×1 window with stride 1 changes nothing
            .close(try A.maxPool2D(m, window: 1, stride: 1), m, "1×1 window, stride 1"),
            // a 1×1 window with stride 2 keeps rows and columns 0 and 2
            .close(try A.maxPool2D(zeroToEight, window: 1, stride: 2), [[0, 2], [6, 8]],
                   "1×1 window, stride 2"),
            // 3×3/2 on 4×4: (4 − 3)/2 = 0.5 → one window; max of rows/columns 0–2 of m is 6
            .close(try A.maxPool2D(m, window: 3, stride: 2), [[6]], "3×3/2 on 4×4 (floor)"),
            // all negative: the maximum is −1, not an initial 0
            .close(try A.maxPool2D([[-3, -1], [-2, -4]], window: 2, stride: 2), [[-1]],
                   "negative values"),
            // ties: [[2, 2], [2, 2]] → 2; non-square 2×5 input, 2/2 drops column 4:
            // max(1, 2, 6, 7) = 7, max(3, 4, 8, 9) = 9
            .close(try A.maxPool2D([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]], window: 2, stride: 2),
                   [[7, 9]], "2×5 input, last column dropped"),
            .close(try A.maxPool2D([[2, 2], [2, 2]], window: 2, stride: 2), [[2]], "all tied"),
          ]
        },
        Exercise("4.07", "Implement the backward pass of max pooling", kind: .implement) {
          [
            // as in 4.03: ties go to the first maximum in row-major order
            .close(
              try A.maxPool2DBackward(tied, gradOutput: [[10, 20], [30, 40]], window: 2, stride: 2),
              [[0, 10, 20, 0], [0, 0, 0, 0], [30, 0, 40, 0], [0, 0, 0, 0]], "4.03 with ties"),
            // 0…8, 2×2/1, gradient ones: maxima 4, 5, 7, 8 each get 1
            .close(
              try A.maxPool2DBackward(
                zeroToEight, gradOutput: [[1, 1], [1, 1]], window: 2, stride: 1),
              [[0, 0, 0], [0, 1, 1], [0, 1, 1]], "0…8, 2×2 stride 1"),
            // 3×3/2 on 5×5 with the only 9 at the centre: it wins all four overlapping
            // windows and collects 1 + 2 + 3 + 4 = 10
            .close(
              try A.maxPool2DBackward(
                [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 9, 0, 0], [0, 0, 0, 0, 0],
                 [0, 0, 0, 0, 0]], gradOutput: [[1, 2], [3, 4]], window: 3, stride: 2),
              [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 10, 0, 0], [0, 0, 0, 0, 0],
               [0, 0, 0, 0, 0]], "overlapping windows add up"),
            // a 1×1 window passes every gradient straight through
            .close(
              try A.maxPool2DBackward([[5, -1], [0, 2]], gradOutput: [[1, 2], [3, 4]], window: 1,
                                      stride: 1),
              [[1, 2], [3, 4]], "1×1 window"),
            // all negative with a tie at −1: (0, 1) comes before (1, 0)
            .close(
              try A.maxPool2DBackward(
                [[-3, -1], [-1, -4]], gradOutput: [[5]], window: 2, stride: 2),
              [[0, 5], [0, 0]], "negative values with a tie"),
          ]
        },
        Exercise("4.08", "Implement global average pooling", kind: .implement) {
          [
            // (1 + 3)/2 = 2, (10 + 20)/2 = 15
            .close(try A.globalAveragePool([[[1, 3]], [[10, 20]]]), [2, 15], "two 1×2 channels"),
            // (0 + 1 + … + 8)/9 = 36/9 = 4
            .close(try A.globalAveragePool([zeroToEight]), [4], "0…8"),
            // a 1×1 map is its own average; (−1 − 2 − 3 − 6)/4 = −3
            .close(try A.globalAveragePool([[[7]]]), [7], "1×1"),
            .close(try A.globalAveragePool([[[-1, -2], [-3, -6]]]), [-3], "negative"),
          ]
        },
        Exercise("4.09", "Predict pooled output sizes", kind: .predict) {
          // (224 − 2)/2 + 1 = 112;  (55 − 3)/2 + 1 = 27;  (13 − 3)/2 + 1 = 6
          // 7, 2/2 floor: ⌊5/2⌋ + 1 = 3;  ceil: ⌈5/2⌉ + 1 = 4 (last window starts at 6 < 7)
          // 5, 2/2, pad 1, ceil: ⌈(5 + 2 − 2)/2⌉ + 1 = 4, but window 4 would start at
          //   3·2 = 6 ≥ 5 + 1, inside the right padding: dropped → 3
          [.equal(try A.outputSizes(), [112, 27, 6, 3, 4, 3])]
        },
        Exercise("4.10", "Predict the activations max pooling keeps", kind: .predict) {
          // 2×2/2 on 6×28×28: 6·14·14 = 1176 of 4704 (a quarter).
          // 3×3/2 on 96×55×55: 96·27·27 = 69984 outputs (of 290400 inputs).
          [.equal(try A.activationsKept(), [1176, 69984])]
        },
        Exercise("4.11", "Predict parameter counts", kind: .predict) {
          // Max and average pooling compute fixed functions: 0 and 0.
          // A 2×2/2 convolution 64 → 64 channels with bias: 2·2·64·64 + 64 = 16448.
          [.equal(try A.parameterCounts(), [0, 0, 16448])]
        },
        Exercise("4.12", "Predict the sizes through a LeNet-like stack", kind: .predict) {
          // 28 → conv 5×5 pad 2: (28 − 5 + 4) + 1 = 28 → pool 2/2: 14
          //    → conv 5×5: 14 − 5 + 1 = 10 → pool 2/2: 5 → flatten 16·5·5 = 400
          [.equal(try A.lenetShapes(), [14, 10, 5, 400])]
        },
      ])
  }
}
