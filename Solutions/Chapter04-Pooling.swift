// Chapter 4 solutions — pooling.
import CNNCore
import ExerciseKit
import Pooling

public enum Chapter04: PoolingExercises {
  /// **4.01.** Window maxima: max(1, 3, 4, 6) = 6, max(2, 1, 5, 0) = 5, max(3, 1, 0, 2) = 3,
  /// max(1, 2, 4, 3) = 4.
  public static func maxPoolByHand() throws -> [[Double]] {
    [[6, 5], [3, 4]]
  }

  /// **4.02.** Window means: 14/4, 8/4, 6/4, 10/4.
  public static func averagePoolByHand() throws -> [[Double]] {
    [[3.5, 2], [1.5, 2.5]]
  }

  /// **4.03.** The first maxima are at (0, 1), (0, 2), (2, 0) and (2, 2).
  public static func maxPoolGradientByHand() throws -> [[Double]] {
    [[0, 10, 20, 0], [0, 0, 0, 0], [30, 0, 40, 0], [0, 0, 0, 0]]
  }

  /// **4.04.** 14/9 and 14/4 at the corner; 21/9 and 21/6 at the edge.
  public static func borderAveragesByHand() throws -> [Double] {
    [14.0 / 9, 14.0 / 4, 21.0 / 9, 21.0 / 6]
  }

  /// **4.05.** Shares 1, 2, 3, 4; the centre lies in all four windows.
  public static func averagePoolGradientByHand() throws -> [[Double]] {
    [[1, 3, 2], [4, 10, 6], [3, 7, 4]]
  }

  /// **4.06.** One loop per index; the first element of the window starts as the maximum.
  public static func maxPool2D(_ x: [[Double]], window: Int, stride: Int) throws -> [[Double]] {
    let rows = (x.count - window) / stride + 1, columns = (x[0].count - window) / stride + 1
    var y = [[Double]](repeating: [Double](repeating: 0, count: columns), count: rows)
    for p in 0..<rows {
      for q in 0..<columns {
        var best = x[p * stride][q * stride]
        for r in 0..<window {
          for s in 0..<window { best = max(best, x[p * stride + r][q * stride + s]) }
        }
        y[p][q] = best
      }
    }
    return y
  }

  /// **4.07.** Finds each window's first maximum (a later element must be strictly larger)
  /// and adds the window's gradient there.
  public static func maxPool2DBackward(
    _ x: [[Double]], gradOutput: [[Double]], window: Int, stride: Int
  ) throws -> [[Double]] {
    var dx = x.map { $0.map { _ in 0.0 } }
    for p in gradOutput.indices {
      for q in gradOutput[p].indices {
        var (bestRow, bestColumn) = (p * stride, q * stride)
        for r in 0..<window {
          for s in 0..<window where x[p * stride + r][q * stride + s] > x[bestRow][bestColumn] {
            (bestRow, bestColumn) = (p * stride + r, q * stride + s)
          }
        }
        dx[bestRow][bestColumn] += gradOutput[p][q]
      }
    }
    return dx
  }

  /// **4.08.** With the chapter library: a (1, C, H, W) tensor through `globalAvgPool2DReference`.
  public static func globalAveragePool(_ x: [[[Double]]]) throws -> [Double] {
    let (channels, height, width) = (x.count, x[0].count, x[0][0].count)
    let tensor = Tensor<Double>(
      shape: [1, channels, height, width], scalars: x.flatMap { $0.flatMap { $0 } })
    return globalAvgPool2DReference(input: tensor).scalars
  }

  /// **4.09.** With CNNCore's `outputSize`, the function every layer uses.
  public static func outputSizes() throws -> [Int] {
    [
      try outputSize(input: 224, kernel: 2, stride: 2),
      try outputSize(input: 55, kernel: 3, stride: 2),
      try outputSize(input: 13, kernel: 3, stride: 2),
      try outputSize(input: 7, kernel: 2, stride: 2, rounding: .floor),
      try outputSize(input: 7, kernel: 2, stride: 2, rounding: .ceil),
      try outputSize(input: 5, kernel: 2, stride: 2, padding: 1, rounding: .ceil),
    ]
  }

  /// **4.10.** Depth is unchanged: C·P·Q.
  public static func activationsKept() throws -> [Int] {
    let first = try Pool2DGeometry(batch: 1, channels: 6, height: 28, width: 28, kernel: 2)
    let second = try Pool2DGeometry(
      batch: 1, channels: 96, height: 55, width: 55, kernel: 3, stride: 2)
    return [first.outputShape.reduce(1, *), second.outputShape.reduce(1, *)]
  }

  /// **4.11.** Pooling has no parameters; the convolution has R·S·C·K + K.
  public static func parameterCounts() throws -> [Int] {
    let pool = try Pool2DGeometry(batch: 1, channels: 64, height: 56, width: 56, kernel: 2)
    let conv = try Conv2DGeometry(
      batch: 1, inChannels: 64, height: 56, width: 56, outChannels: 64, kernel: 2, stride: 2)
    return [pool.parameterCount, pool.parameterCount, conv.parameterCount]
  }

  /// **4.12.** 28 → 28 → 14 → 10 → 5 → 16·5·5.
  public static func lenetShapes() throws -> [Int] {
    let conv1 = try outputSize(input: 28, kernel: 5, padding: 2)
    let pool1 = try outputSize(input: conv1, kernel: 2, stride: 2)
    let conv2 = try outputSize(input: pool1, kernel: 5)
    let pool2 = try outputSize(input: conv2, kernel: 2, stride: 2)
    return [pool1, conv2, pool2, 16 * pool2 * pool2]
  }
}
