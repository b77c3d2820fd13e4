// Chapter 3 solutions — padding and stride.
import CNNCore
import ExerciseKit
import PaddingStride

public enum Chapter03: PaddingStrideExercises {
  /// **3.01.** Window [[0, 0, 0], [5, 7, 0], [8, 2, 0]]: 5·4 + 7·5 + 8·7 + 2·8 = 127.
  public static func paddedEntryByHand() throws -> Double {
    127
  }

  /// **3.02.** 3 2 | 1 2 3 4 | 3 2.
  public static func reflectPaddedRowByHand() throws -> [Double] {
    [3, 2, 1, 2, 3, 4, 3, 2]
  }

  /// **3.03.** (5 − 3)/2 + 1 = 2; windows at rows/columns 0 and 2.
  public static func stridedOutputByHand() throws -> [[Double]] {
    [[211, 262], [251, 169]]
  }

  /// **3.04.** Validate, then divide; the remainder decides whether the windows tile.
  public static func outputSize(input: Int, kernel: Int, stride: Int, padding: Int) throws -> Int {
    guard input >= 1, kernel >= 1, stride >= 1 else {
      throw GeometryError("input, kernel and stride must be ≥ 1 (\(input), \(kernel), \(stride))")
    }
    guard padding >= 0 else { throw GeometryError("padding must be ≥ 0, got \(padding)") }
    let span = input - kernel + 2 * padding
    guard span >= 0 else {
      throw GeometryError(
        "the kernel \(kernel) is larger than the padded input \(input + 2 * padding)")
    }
    guard span % stride == 0 else {
      throw GeometryError("W − F + 2P = \(span) is not divisible by the stride \(stride)")
    }
    return span / stride + 1
  }

  /// **3.05.** Position i < 0 copies x[−i]; position n + j copies x[n − 2 − j].
  public static func reflectPad(_ x: [Double], before: Int, after: Int) throws -> [Double] {
    let n = x.count
    guard before >= 0, after >= 0 else { throw GeometryError("padding must be ≥ 0") }
    guard before < n, after < n else {
      throw GeometryError("reflect padding must be less than the length \(n)")
    }
    let left = (0..<before).map { x[before - $0] }
    let right = (0..<after).map { x[n - 2 - $0] }
    return left + x + right
  }

  /// **3.06.** The total is F − 1; `PaddingStride.samePadding` splits it as TensorFlow does.
  public static func samePadding(kernel: Int) throws -> (before: Int, after: Int) {
    try PaddingStride.samePadding(kernel: kernel)
  }

  /// **3.07.** 55, 27, 27, 13, 13, 6 — computed with `outputSizes(of:input:)`.
  public static func stackOutputSizes() throws -> [Int] {
    try outputSizes(
      of: [
        WindowLayer(kernel: 11, stride: 4), WindowLayer("pool", kernel: 3, stride: 2),
        WindowLayer(kernel: 5, padding: 2), WindowLayer("pool", kernel: 3, stride: 2),
        WindowLayer(kernel: 3, padding: 1), WindowLayer("pool", kernel: 3, stride: 2),
      ], input: 227)
  }

  /// **3.08.** 3, 5, 9, 13, 21.
  public static func stackReceptiveFields() throws -> [Int] {
    receptiveFields(of: [1, 2, 1, 2, 1].map { WindowLayer(kernel: 3, stride: $0) }).map(\.size)
  }

  /// **3.09.** L·9·C² for the stacks, R²·C² for the single kernels.
  public static func stackParameterCounts() throws -> [Int] {
    let two = try KernelStackComparison(layers: 2, kernel: 3, channels: 64)
    let three = try KernelStackComparison(layers: 3, kernel: 3, channels: 64)
    return [two.stackWeights, two.singleWeights, three.stackWeights, three.singleWeights]
  }

  /// **3.10.** 55; 54 with floor; (224 − 11) mod 4 = 1 row never read.
  public static func alexNetSizes() throws -> [Int] {
    let exact = try CNNCore.outputSize(input: 227, kernel: 11, stride: 4)
    let floor = try CNNCore.outputSize(input: 224, kernel: 11, stride: 4, rounding: .floor)
    return [exact, floor, (224 - 11) % 4]
  }

  /// **3.11.** The copies: x₃ x₂ | x₁ x₂ x₃ x₄ | x₃ x₂ → (1, 20 + 2 + 40, 10 + 3 + 30, 4).
  public static func reflectPadGradientByHand() throws -> [Double] {
    [1, 62, 43, 4]
  }

  /// **3.12.** `PaddingStride.samePadding(input:kernel:stride:)`.
  public static func samePadding(input: Int, kernel: Int, stride: Int) throws -> (
    before: Int, after: Int
  ) {
    try PaddingStride.samePadding(input: input, kernel: kernel, stride: stride)
  }

  /// **3.13.** Extent 2·2 + 1 = 5; (9 − 5) + 1 = 5; P = (5 − 1)/2 = 2.
  public static func dilationSizes() throws -> [Int] {
    let layer = WindowLayer(kernel: 3, dilation: 2)
    let padding = try paddingToKeepSize(input: 9, kernel: layer.effectiveKernel)
    return [layer.effectiveKernel, try layer.outputSize(input: 9), padding]
  }
}
