/// The chapter-3 exercises (padding and stride). `Exercises.Chapter03` holds the learner's
/// stubs, `Solutions.Chapter03` the solved versions; both conform, so their signatures
/// cannot drift apart. The questions are stated in the doc comments of `Exercises/`.
public protocol PaddingStrideExercises {
  /// 3.01 — output entry y[0, 4] of the 5×5 example with padding 1, by hand.
  static func paddedEntryByHand() throws -> Double
  /// 3.02 — the row (1, 2, 3, 4) reflect-padded by 2 on each side, by hand.
  static func reflectPaddedRowByHand() throws -> [Double]
  /// 3.03 — the 2×2 output of the 5×5 example at stride 2 without padding, by hand.
  static func stridedOutputByHand() throws -> [[Double]]
  /// 3.04 — the output size `(W − F + 2P)/S + 1`, throwing for invalid configurations.
  static func outputSize(input: Int, kernel: Int, stride: Int, padding: Int) throws -> Int
  /// 3.05 — reflect padding of a 1-D array, throwing when a side is too wide.
  static func reflectPad(_ x: [Double], before: Int, after: Int) throws -> [Double]
  /// 3.06 — "same" padding (before, after) for a kernel size at stride 1.
  static func samePadding(kernel: Int) throws -> (before: Int, after: Int)
  /// 3.07 — the sizes after each layer of an AlexNet-like stack on 227.
  static func stackOutputSizes() throws -> [Int]
  /// 3.08 — the receptive field after each layer of a stack with two strided layers.
  static func stackReceptiveFields() throws -> [Int]
  /// 3.09 — weights of 3×3 stacks versus single large kernels, 64 channels.
  static func stackParameterCounts() throws -> [Int]
  /// 3.10 — AlexNet's first layer on 227 and on 224 (floor), and the rows 224 drops.
  static func alexNetSizes() throws -> [Int]
  /// 3.11 — the gradient of reflect padding for one row, by hand.
  static func reflectPadGradientByHand() throws -> [Double]
  /// 3.12 — TensorFlow's "same" padding (before, after) for any stride.
  static func samePadding(input: Int, kernel: Int, stride: Int) throws -> (before: Int, after: Int)
  /// 3.13 — a dilated kernel's extent, its output size, and the padding that keeps the size.
  static func dilationSizes() throws -> [Int]
}

/// An expectation that `body` throws (any error but `Unsolved`, which is passed on so that
/// a stub still counts as unsolved).
private func expectError<T>(_ label: String, _ body: () throws -> T) throws -> Expectation {
  do {
    let value = try body()
    return Expectation(label: label, expected: "an error", got: "\(value)", passed: false)
  } catch is Unsolved {
    throw Unsolved()
  } catch {
    return Expectation(label: label, expected: "an error", got: "an error", passed: true)
  }
}

extension ExerciseChapter {
  /// Chapter 3's checks, bound to a set of answers.
  public static func paddingStride<A: PaddingStrideExercises>(_ answers: A.Type) -> ExerciseChapter
  {
    ExerciseChapter(
      number: 3, title: "Padding and stride", file: "Exercises/Chapter03-PaddingStride.swift",
      exercises: [
        Exercise("3.01", "An output entry with zero padding", kind: .compute) {
          // y[0, 4] reads padded rows −1…1 and columns 3…5:
          //   [[0, 0, 0], [5, 7, 0], [8, 2, 0]] against [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
          //   = 5·4 + 7·5 + 8·7 + 2·8 = 20 + 35 + 56 + 16 = 127
          [.close(try A.paddedEntryByHand(), 127)]
        },
        Exercise("3.02", "A reflect-padded row", kind: .compute) {
          // positions −2, −1 copy x[2], x[1] = 3, 2; positions 4, 5 copy x[2·3 − 4] = x[2] = 3
          // and x[2·3 − 5] = x[1] = 2: 3 2 | 1 2 3 4 | 3 2
          [.close(try A.reflectPaddedRowByHand(), [3, 2, 1, 2, 3, 4, 3, 2])]
        },
        Exercise("3.03", "Stride 2 without padding", kind: .compute) {
          // (5 − 3)/2 + 1 = 2; windows start at rows and columns 0 and 2:
          //   y[0,0]: 3·1 + 4·2 + 6·3 + 2·4 + 4·5 + 6·6 + 1·7 + 6·8 + 7·9 = 211
          //   y[0,1]: 6·1 + 5·2 + 7·3 + 6·4 + 8·5 + 2·6 + 7·7 + 8·8 + 4·9 = 262
          //   y[1,0]: 1·1 + 6·2 + 7·3 + 9·4 + 7·5 + 4·6 + 3·7 + 7·8 + 5·9 = 251
          //   y[1,1]: 7·1 + 8·2 + 4·3 + 4·4 + 6·5 + 2·6 + 5·7 + 4·8 + 1·9 = 169
          [.close(try A.stridedOutputByHand(), [[211, 262], [251, 169]])]
        },
        Exercise("3.04", "Output size with an error for invalid input", kind: .implement) {
          [
            // (227 − 11 + 0)/4 + 1 = 54 + 1 = 55
            .equal(
              try A.outputSize(input: 227, kernel: 11, stride: 4, padding: 0), 55,
              "227, F 11, S 4"),
            // (5 − 3 + 2)/2 + 1 = 2 + 1 = 3
            .equal(
              try A.outputSize(input: 5, kernel: 3, stride: 2, padding: 1), 3, "5, F 3, S 2, P 1"),
            // (32 − 5 + 0)/1 + 1 = 28
            .equal(try A.outputSize(input: 32, kernel: 5, stride: 1, padding: 0), 28, "32, F 5"),
            // (7 − 7)/1 + 1 = 1: the kernel covers the whole input once
            .equal(try A.outputSize(input: 7, kernel: 7, stride: 1, padding: 0), 1, "7, F 7"),
            // (1 − 3 + 2)/1 + 1 = 1
            .equal(try A.outputSize(input: 1, kernel: 3, stride: 1, padding: 1), 1, "1, F 3, P 1"),
            // 224 − 11 = 213 is not divisible by 4
            try expectError("224, F 11, S 4") {
              try A.outputSize(input: 224, kernel: 11, stride: 4, padding: 0)
            },
            // the kernel (5) is larger than the input (3)
            try expectError("3, F 5") {
              try A.outputSize(input: 3, kernel: 5, stride: 1, padding: 0)
            },
            try expectError("stride 0") {
              try A.outputSize(input: 5, kernel: 3, stride: 0, padding: 0)
            },
            try expectError("padding −1") {
              try A.outputSize(input: 5, kernel: 3, stride: 1, padding: -1)
            },
            try expectError("input 0") {
              try A.outputSize(input: 0, kernel: 1, stride: 1, padding: 0)
            },
          ]
        },
        Exercise("3.05", "Reflect padding of a 1-D array", kind: .implement) {
          [
            // 3 2 | 1 2 3 4 | 3 2
            .close(
              try A.reflectPad([1, 2, 3, 4], before: 2, after: 2), [3, 2, 1, 2, 3, 4, 3, 2],
              "1 2 3 4, (2, 2)"),
            // the maximum on the left of three values: 3 2 | 1 2 3
            .close(
              try A.reflectPad([1, 2, 3], before: 2, after: 0), [3, 2, 1, 2, 3], "1 2 3, (2, 0)"),
            // two values allow one per side: 6 | 5 6 | 5
            .close(try A.reflectPad([5, 6], before: 1, after: 1), [6, 5, 6, 5], "5 6, (1, 1)"),
            // the maximum on the right of four values: 1 2 3 4 | 3 2 1
            .close(
              try A.reflectPad([1, 2, 3, 4], before: 0, after: 3), [1, 2, 3, 4, 3, 2, 1],
              "1 2 3 4, (0, 3)"),
            // no padding: unchanged, even for a single value
            .close(try A.reflectPad([7], before: 0, after: 0), [7], "7, (0, 0)"),
            // a mirror that skips the edge has only n − 1 values to copy
            try expectError("1 2 3, (3, 0)") { try A.reflectPad([1, 2, 3], before: 3, after: 0) },
            try expectError("7, (1, 0)") { try A.reflectPad([7], before: 1, after: 0) },
            try expectError("1 2, (0, −1)") { try A.reflectPad([1, 2], before: 0, after: -1) },
          ]
        },
        Exercise("3.06", "Same padding for a kernel size", kind: .implement) {
          // total F − 1, ⌊(F − 1)/2⌋ before, the rest after
          let cases: [(kernel: Int, before: Int, after: Int)] = [
            (1, 0, 0), (2, 0, 1), (3, 1, 1), (4, 1, 2), (5, 2, 2), (6, 2, 3), (7, 3, 3),
          ]
          var expectations = try cases.map { c -> Expectation in
            let p = try A.samePadding(kernel: c.kernel)
            return .equal([p.before, p.after], [c.before, c.after], "F = \(c.kernel)")
          }
          expectations.append(try expectError("F = 0") { try A.samePadding(kernel: 0) })
          return expectations
        },
        Exercise("3.07", "Output sizes of a stack", kind: .predict) {
          // 227 →(11/4) (227 − 11)/4 + 1 = 55 →(pool 3/2) (55 − 3)/2 + 1 = 27
          //     →(5/1 pad 2) (27 − 5 + 4) + 1 = 27 →(pool 3/2) (27 − 3)/2 + 1 = 13
          //     →(3/1 pad 1) 13 →(pool 3/2) (13 − 3)/2 + 1 = 6
          [.equal(try A.stackOutputSizes(), [55, 27, 27, 13, 13, 6])]
        },
        Exercise("3.08", "Receptive fields of a stack", kind: .predict) {
          // r_l = r_{l−1} + (F − 1)·(product of the earlier strides), r₀ = 1:
          //   3/1: 1 + 2·1 = 3;  3/2: 3 + 2·1 = 5;  3/1: 5 + 2·2 = 9;  3/2: 9 + 2·2 = 13;
          //   3/1: 13 + 2·4 = 21
          [.equal(try A.stackReceptiveFields(), [3, 5, 9, 13, 21])]
        },
        Exercise("3.09", "Weights of 3×3 stacks versus one large kernel", kind: .predict) {
          // C² = 64² = 4096: two 3×3 = 2·9·4096 = 73,728;  5×5 = 25·4096 = 102,400;
          //                  three 3×3 = 3·9·4096 = 110,592;  7×7 = 49·4096 = 200,704
          [.equal(try A.stackParameterCounts(), [73_728, 102_400, 110_592, 200_704])]
        },
        Exercise("3.10", "AlexNet's first layer on 227 and 224", kind: .predict) {
          // (227 − 11)/4 + 1 = 55;  ⌊(224 − 11)/4⌋ + 1 = ⌊213/4⌋ + 1 = 53 + 1 = 54;
          // the last window covers 53·4 … 53·4 + 10 = 212 … 222, so 224 − 223 = 1 row is dropped
          [.equal(try A.alexNetSizes(), [55, 54, 1])]
        },
        Exercise("3.11", "The gradient of reflect padding", kind: .compute) {
          // y = 3 2 1 2 3 4 3 2 (x₃ x₂ x₁ x₂ x₃ x₄ x₃ x₂), dy = 10 20 1 2 3 4 30 40:
          //   dx₁ = 1;  dx₂ = 20 + 2 + 40 = 62;  dx₃ = 10 + 3 + 30 = 43;  dx₄ = 4
          [.close(try A.reflectPadGradientByHand(), [1, 62, 43, 4])]
        },
        Exercise("3.12", "Same padding for any stride", kind: .implement) {
          // out = ⌈N/S⌉, total = max((out − 1)·S + F − N, 0), ⌊total/2⌋ before
          let cases: [(n: Int, f: Int, s: Int, before: Int, after: Int)] = [
            (224, 7, 2, 2, 3),  // out 112: 111·2 + 7 − 224 = 5
            (5, 3, 2, 1, 1),  // out 3: 2·2 + 3 − 5 = 2
            (6, 3, 2, 0, 1),  // out 3: 2·2 + 3 − 6 = 1
            (6, 1, 4, 0, 0),  // out 2: max(1·4 + 1 − 6, 0) = 0
            (7, 3, 1, 1, 1),  // out 7: 6 + 3 − 7 = 2
            (8, 4, 1, 1, 2),  // out 8: 7 + 4 − 8 = 3
            (13, 3, 3, 1, 1),  // out 5: 4·3 + 3 − 13 = 2
          ]
          return try cases.map { c in
            let p = try A.samePadding(input: c.n, kernel: c.f, stride: c.s)
            return .equal(
              [p.before, p.after], [c.before, c.after], "N \(c.n), F \(c.f), S \(c.s)")
          }
        },
        Exercise("3.13", "A dilated kernel", kind: .predict) {
          // a 3×3 kernel with dilation 2 spans 2·(3 − 1) + 1 = 5;
          // on 9×9 without padding: (9 − 5)/1 + 1 = 5;  to keep 9: P = (5 − 1)/2 = 2
          [.equal(try A.dilationSizes(), [5, 5, 2])]
        },
      ])
  }
}
