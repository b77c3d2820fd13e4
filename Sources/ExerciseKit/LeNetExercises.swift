/// The chapter-5 exercises (LeNet on MNIST). `Exercises.Chapter05` holds the learner's stubs,
/// `Solutions.Chapter05` the solved versions; both conform, so their signatures cannot drift
/// apart. The questions are stated in the doc comments of `Exercises/`.
public protocol LeNetExercises {
  /// 5.01 — the parameter count of each learnable layer of the classic LeNet.
  static func parameterCounts() throws -> [Int]
  /// 5.02 — the spatial sizes after C1, S2, C3, S4 and the flattened length.
  static func outputSizes() throws -> [Int]
  /// 5.03 — the weights and the parameters of C3 with the 1998 connection table.
  static func c3TableCounts() throws -> [Int]
  /// 5.04 — softmax of three logits, by hand.
  static func softmaxByHand() throws -> [Double]
  /// 5.05 — the cross-entropy of those logits for a label, by hand.
  static func crossEntropyByHand() throws -> Double
  /// 5.06 — the gradient of that loss with respect to the logits, by hand.
  static func crossEntropyGradientByHand() throws -> [Double]
  /// 5.07 — one SGD step on a tiny convolution's kernel, by hand.
  static func convWeightStepByHand() throws -> [[Double]]
  /// 5.08 — the input gradient of the same tiny convolution, by hand.
  static func convInputGradientByHand() throws -> [[Double]]
  /// 5.09 — a numerically stable softmax.
  static func softmax(_ z: [Double]) throws -> [Double]
  /// 5.10 — a numerically stable cross-entropy from logits.
  static func crossEntropy(logits z: [Double], label: Int) throws -> Double
  /// 5.11 — a confusion matrix from labels and predictions.
  static func confusionMatrix(labels: [Int], predictions: [Int], classes: Int) throws -> [[Int]]
  /// 5.12 — the parameter counts of the Keras model's learnable layers.
  static func kerasParameterCounts() throws -> [Int]
  /// 5.13 — σ′(0) and the largest gradient factor through four σ layers.
  static func sigmoidGradientFactors() throws -> [Double]
  /// 5.14 — multiply–adds per image of C1, full C3 and C3 with the table.
  static func multiplyAdds() throws -> [Int]
}

extension ExerciseChapter {
  /// Chapter 5's checks, bound to a set of answers.
  public static func lenet<A: LeNetExercises>(_ answers: A.Type) -> ExerciseChapter {
    ExerciseChapter(
      number: 5, title: "LeNet", file: "Exercises/Chapter05-LeNet.swift",
      exercises: [
        Exercise("5.01", "Parameters per layer of the classic LeNet", kind: .predict) {
          // C1 6·1·5·5 + 6 = 156;  C3 16·6·5·5 + 16 = 2,416;  F5 400·120 + 120 = 48,120;
          // F6 120·84 + 84 = 10,164;  output 84·10 + 10 = 850   (total 61,706)
          [.equal(try A.parameterCounts(), [156, 2_416, 48_120, 10_164, 850])]
        },
        Exercise("5.02", "Sizes through LeNet", kind: .predict) {
          // C1 28 + 2·2 − 5 + 1 = 28;  S2 28/2 = 14;  C3 14 − 5 + 1 = 10;  S4 10/2 = 5;
          // flatten 16·5·5 = 400
          [.equal(try A.outputSizes(), [28, 14, 10, 5, 400])]
        },
        Exercise("5.03", "C3 with the paper's connection table", kind: .predict) {
          // 6 maps read 3 inputs, 9 read 4, 1 reads 6: 6·3 + 9·4 + 1·6 = 60 kernels;
          // weights 60·25 = 1,500; with 16 biases 1,516
          [.equal(try A.c3TableCounts(), [1_500, 1_516])]
        },
        Exercise("5.04", "Softmax of [1, 2, 3] by hand", kind: .compute) {
          // shift by the max 3: e^−2 = 0.135335, e^−1 = 0.367879, e^0 = 1; sum 1.503215
          // 0.135335/1.503215 = 0.090031, 0.367879/1.503215 = 0.244728, 1/1.503215 = 0.665241
          [.close(try A.softmaxByHand(), [0.090031, 0.244728, 0.665241], tolerance: 1e-5)]
        },
        Exercise("5.05", "Cross-entropy of [1, 2, 3] for label 2", kind: .compute) {
          // L = −ln p₂ = −ln 0.665241 = 0.407606   (= ln 1.503215)
          [.close(try A.crossEntropyByHand(), 0.407606, tolerance: 1e-5)]
        },
        Exercise("5.06", "Its gradient with respect to the logits", kind: .compute) {
          // ∂L/∂z = p − onehot(2) = [0.090031, 0.244728, 0.665241 − 1 = −0.334759]
          [.close(try A.crossEntropyGradientByHand(), [0.090031, 0.244728, -0.334759],
                  tolerance: 1e-5)]
        },
        Exercise("5.07", "One SGD step on a 2×2 kernel", kind: .compute) {
          // dw[r][s] = Σ dy[p][q]·x[p+r][q+s] = x[r][s] − x[1+r][1+s] (dy00 = 1, dy11 = −1):
          //   dw00 = 1 − 1 = 0, dw01 = 2 − 3 = −1, dw10 = 0 − 1 = −1, dw11 = 1 − 1 = 0
          // w − 0.1·dw = [[1 − 0, −1 + 0.1], [0 + 0.1, 2 − 0]] = [[1, −0.9], [0.1, 2]]
          [.close(try A.convWeightStepByHand(), [[1, -0.9], [0.1, 2]])]
        },
        Exercise("5.08", "The input gradient of that convolution", kind: .compute) {
          // dx = dy00·(w placed at (0,0)) + dy11·(w placed at (1,1)):
          //   [[1, −1, 0], [0, 2, 0], [0, 0, 0]] − [[0, 0, 0], [0, 1, −1], [0, 0, 2]]
          //   = [[1, −1, 0], [0, 1, 1], [0, 0, −2]]
          [.close(try A.convInputGradientByHand(), [[1, -1, 0], [0, 1, 1], [0, 0, -2]])]
        },
        Exercise("5.09", "Implement a numerically stable softmax", kind: .implement) {
          [
            // as in 5.04
            .close(try A.softmax([1, 2, 3]), [0.090031, 0.244728, 0.665241], tolerance: 1e-5,
                   "[1, 2, 3]"),
            // e^1000 overflows a Double; shifted: [e^−1, 1]/(1 + e^−1) = [0.268941, 0.731059]
            .close(try A.softmax([1000, 1001]), [0.268941, 0.731059], tolerance: 1e-5,
                   "large logits"),
            .close(try A.softmax([-1000, -1000]), [0.5, 0.5], "equal, very negative"),
            .close(try A.softmax([7]), [1], "one class"),
            // adding a constant changes nothing: [0, ln 3] → [1/4, 3/4]
            .close(try A.softmax([5, 5 + 1.0986122886681098]), [0.25, 0.75], tolerance: 1e-9,
                   "shift invariance"),
          ]
        },
        Exercise("5.10", "Implement a stable cross-entropy from logits", kind: .implement) {
          [
            .close(try A.crossEntropy(logits: [1, 2, 3], label: 2), 0.407606, tolerance: 1e-5,
                   "5.05"),
            // [1000, 1001], label 0: L = log Σ e^z − z₀ = 1001 + ln(1 + e^−1) − 1000
            //   = 1 + 0.313262 = 1.313262
            .close(try A.crossEntropy(logits: [1000, 1001], label: 0), 1.313262, tolerance: 1e-5,
                   "large logits"),
            // ten equal logits: −ln(1/10) = ln 10 = 2.302585
            .close(try A.crossEntropy(logits: [Double](repeating: 3, count: 10), label: 4),
                   2.302585, tolerance: 1e-5, "uniform over 10 classes"),
            // a confident right answer costs almost nothing: ln(1 + e^−50) ≈ 1.9e-22
            .close(try A.crossEntropy(logits: [50, 0], label: 0), 0, tolerance: 1e-12,
                   "confident and right"),
          ]
        },
        Exercise("5.11", "Implement a confusion matrix", kind: .implement) {
          [
            // row = true class, column = prediction
            .equal(
              try A.confusionMatrix(labels: [0, 1, 1, 2, 2, 2], predictions: [0, 1, 0, 2, 2, 1],
                                    classes: 3),
              [[1, 0, 0], [1, 1, 0], [0, 1, 2]], "six digits, three classes"),
            .equal(try A.confusionMatrix(labels: [], predictions: [], classes: 2),
                   [[0, 0], [0, 0]], "no samples"),
            .equal(try A.confusionMatrix(labels: [1, 1], predictions: [1, 1], classes: 3),
                   [[0, 0, 0], [0, 2, 0], [0, 0, 0]], "a class never seen"),
          ]
        },
        Exercise("5.12", "Parameters of the Keras model", kind: .predict) {
          // 64·1·3·3 + 64 = 640;  64·64·9 + 64 = 36,928;  128·64·9 + 128 = 73,856;
          // 128·128·9 + 128 = 147,584;  dense 128·10 + 10 = 1,290   (total 260,298)
          [.equal(try A.kerasParameterCounts(), [640, 36_928, 73_856, 147_584, 1_290])]
        },
        Exercise("5.13", "Sigmoid's gradient factors", kind: .compute) {
          // σ′(x) = σ(x)(1 − σ(x)), largest at x = 0: 0.5·0.5 = 0.25;
          // four σ layers scale a gradient by at most 0.25⁴ = 0.00390625
          [.close(try A.sigmoidGradientFactors(), [0.25, 0.00390625])]
        },
        Exercise("5.14", "Multiply–adds per image", kind: .predict) {
          // C1: 6 maps · 28·28 outputs · 1·5·5 = 6·784·25 = 117,600
          // C3 full: 16·10·10 · 6·5·5 = 1,600·150 = 240,000
          // C3 table: 10·10 outputs · 60 kernels · 25 = 150,000
          [.equal(try A.multiplyAdds(), [117_600, 240_000, 150_000])]
        },
      ])
  }
}
