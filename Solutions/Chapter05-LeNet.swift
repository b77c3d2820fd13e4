// Chapter 5 solutions — LeNet on MNIST.
import ExerciseKit
import Foundation

public enum Chapter05: LeNetExercises {
  /// **5.01.** `K·C·R·S + K` per convolution, `O·F + O` per dense layer.
  public static func parameterCounts() throws -> [Int] {
    [6 * 1 * 5 * 5 + 6, 16 * 6 * 5 * 5 + 16, 400 * 120 + 120, 120 * 84 + 84, 84 * 10 + 10]
  }

  /// **5.02.** `H + 2P − R + 1` for the convolutions, halving for the pools.
  public static func outputSizes() throws -> [Int] {
    let c1 = 28 + 2 * 2 - 5 + 1, s2 = c1 / 2, c3 = s2 - 5 + 1, s4 = c3 / 2
    return [c1, s2, c3, s4, 16 * s4 * s4]
  }

  /// **5.03.** 60 kernels of 25 weights, plus 16 biases.
  public static func c3TableCounts() throws -> [Int] {
    let kernels = 6 * 3 + 9 * 4 + 1 * 6
    return [kernels * 25, kernels * 25 + 16]
  }

  /// **5.04.** `e^(z − 3) / Σ e^(z − 3)`.
  public static func softmaxByHand() throws -> [Double] {
    [0.090031, 0.244728, 0.665241]
  }

  /// **5.05.** `−ln 0.665241`.
  public static func crossEntropyByHand() throws -> Double {
    0.407606
  }

  /// **5.06.** `p − [0, 0, 1]`.
  public static func crossEntropyGradientByHand() throws -> [Double] {
    [0.090031, 0.244728, -0.334759]
  }

  /// **5.07.** `∂L/∂w = [[0, −1], [−1, 0]]`, so the step adds 0.1 to two weights.
  public static func convWeightStepByHand() throws -> [[Double]] {
    [[1, -0.9], [0.1, 2]]
  }

  /// **5.08.** `w` at (0, 0) minus `w` at (1, 1).
  public static func convInputGradientByHand() throws -> [[Double]] {
    [[1, -1, 0], [0, 1, 1], [0, 0, -2]]
  }

  /// **5.09.** Shift by the maximum, exponentiate, normalise.
  public static func softmax(_ z: [Double]) throws -> [Double] {
    let m = z.max()!
    let e = z.map { exp($0 - m) }
    let sum = e.reduce(0, +)
    return e.map { $0 / sum }
  }

  /// **5.10.** `m + ln Σ e^(z − m) − z_label` (log-sum-exp).
  public static func crossEntropy(logits z: [Double], label: Int) throws -> Double {
    let m = z.max()!
    return m + log(z.reduce(0) { $0 + exp($1 - m) }) - z[label]
  }

  /// **5.11.** One count per (label, prediction) pair.
  public static func confusionMatrix(labels: [Int], predictions: [Int], classes: Int) throws
    -> [[Int]]
  {
    var m = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
    for (t, p) in zip(labels, predictions) { m[t][p] += 1 }
    return m
  }

  /// **5.12.** `K·C·3·3 + K` for the convolutions, `128·10 + 10` for the dense layer.
  public static func kerasParameterCounts() throws -> [Int] {
    [64 * 1 * 9 + 64, 64 * 64 * 9 + 64, 128 * 64 * 9 + 128, 128 * 128 * 9 + 128, 128 * 10 + 10]
  }

  /// **5.13.** σ(0) = 1/2, so σ′(0) = 1/4, and (1/4)⁴ = 1/256.
  public static func sigmoidGradientFactors() throws -> [Double] {
    [0.25, 0.25 * 0.25 * 0.25 * 0.25]
  }

  /// **5.14.** Outputs times the weights each output reads.
  public static func multiplyAdds() throws -> [Int] {
    [6 * 28 * 28 * 1 * 25, 16 * 10 * 10 * 6 * 25, 10 * 10 * (6 * 3 + 9 * 4 + 6) * 25]
  }
}
