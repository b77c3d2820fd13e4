// Chapter 2 solutions — cross-correlation.
import CNNCore
import CrossCorrelation
import ExerciseKit

public enum Chapter02: CrossCorrelationExercises {
  /// **2.01.** y00 = 2·1 + 0·2 + 1·0 + 3·1 = 5, y01 = 0·1 + 1·2 + 3·0 + 0·1 = 2,
  /// y10 = 1·1 + 3·2 + 0·0 + 1·1 = 8, y11 = 3·1 + 0·2 + 1·0 + 2·1 = 5.
  public static func corr2dByHand() throws -> [[Double]] {
    [[5, 2], [8, 5]]
  }

  /// **2.02.** One loop per index of the formula.
  public static func corr2d(_ x: [[Double]], _ k: [[Double]]) throws -> [[Double]] {
    let (kernelHeight, kernelWidth) = (k.count, k[0].count)
    let (outHeight, outWidth) = (x.count - kernelHeight + 1, x[0].count - kernelWidth + 1)
    var y = Array(repeating: Array(repeating: 0.0, count: outWidth), count: outHeight)
    for i in 0..<outHeight {
      for j in 0..<outWidth {
        for r in 0..<kernelHeight {
          for s in 0..<kernelWidth {
            y[i][j] += x[i + r][j + s] * k[r][s]
          }
        }
      }
    }
    return y
  }

  /// **2.03.** The flipped kernel is [[1, 0], [2, 1]]: y00 = 2·1 + 0·0 + 1·2 + 3·1 = 7,
  /// y01 = 0·1 + 1·0 + 3·2 + 0·1 = 6, y10 = 1·1 + 3·0 + 0·2 + 1·1 = 2,
  /// y11 = 3·1 + 0·0 + 1·2 + 2·1 = 7.
  public static func convolutionByHand() throws -> [[Double]] {
    [[7, 6], [2, 7]]
  }

  /// **2.04.** Reverse the order of the rows and the order within each row.
  public static func flip180(_ k: [[Double]]) throws -> [[Double]] {
    k.reversed().map { Array($0.reversed()) }
  }

  /// **2.05.** Channel 0: [[3, 4], [6, 7]] with [[2, 3], [4, 5]] gives 6 + 12 + 24 + 35 = 77;
  /// channel 1: [[4, 5], [7, 8]] with [[3, 4], [5, 6]] gives 12 + 20 + 35 + 48 = 115;
  /// 77 + 115 + b[2] = 192 + 2 = 194.
  public static func multiChannelEntryByHand() throws -> Double {
    194
  }

  /// **2.06.** One corr2d per channel, summed.
  public static func corr2dMultiIn(_ x: [[[Double]]], _ k: [[[Double]]]) throws -> [[Double]] {
    let perChannel = try zip(x, k).map { try corr2d($0, $1) }
    return perChannel.dropFirst().reduce(perChannel[0]) { sum, y in
      zip(sum, y).map { zip($0, $1).map(+) }
    }
  }

  /// **2.07.** Flatten the pixels: X is C×(H·W), Y = W·X is K×(H·W), then cut Y's rows back
  /// into H rows of W.
  public static func conv1x1AsMatmul(_ x: [[[Double]]], _ w: [[Double]]) throws -> [[[Double]]] {
    let (height, width) = (x[0].count, x[0][0].count)
    let pixels = x.map { $0.flatMap { $0 } }  // C rows of H·W
    return w.map { filter in
      let row = (0..<height * width).map { p in
        zip(filter, pixels).reduce(0) { $0 + $1.0 * $1.1[p] }
      }
      return (0..<height).map { Array(row[$0 * width..<($0 + 1) * width]) }
    }
  }

  /// **2.08.** The project's `outputSize` already refuses both failure cases.
  public static func validOutputSize(input: Int, kernel: Int, stride: Int) throws -> Int? {
    try? outputSize(input: input, kernel: kernel, stride: stride)
  }

  /// **2.09.** 28 → (28 − 5 + 4) + 1 = 28 → 28 − 5 + 1 = 24 → (24 − 3)/3 + 1 = 8 → 8
  /// → 8 − 8 + 1 = 1.
  public static func stackShapes() throws -> [[Int]] {
    [[6, 28, 28], [16, 24, 24], [32, 8, 8], [8, 8, 8], [10, 1, 1]]
  }

  /// **2.10.** (5·5·6)·16 + 16 = 2,416; (3·3·64)·128 + 128 = 73,856; 3·3·64 + 64 = 640;
  /// (3·3·16)·128 = 18,432; 64·128 + 128 = 8,320.
  public static func parameterCounts() throws -> [Int] {
    [2_416, 73_856, 640, 18_432, 8_320]
  }

  /// **2.11.** (a) 3·5·5 = 75 rows, 32·32 = 1024 columns; (b) 16·3·3 = 144 rows, 8·8 = 64.
  public static func im2colShapes() throws -> [[Int]] {
    [[75, 1024], [16, 75], [16, 1024], [144, 64], [32, 144], [32, 64]]
  }

  /// **2.12.** y[p][q] = 45·(5p + q) + 366, so y = [[366, 411, 456], [591, 636, 681],
  /// [816, 861, 906]]; subtract 500 and clip at 0.
  public static func biasReLUByHand() throws -> [[Double]] {
    [[0, 0, 0], [91, 136, 181], [316, 361, 406]]
  }

  /// **2.13.** ∂L/∂k = [−12, 12] (6 rows, each −2·1 and +2·1), so k = −0.01·[−12, 12].
  public static func gradientStepByHand() throws -> [Double] {
    [0.12, -0.12]
  }

  /// **2.14.** (a) P = ⌊(224 + 4 − 11)/4⌋ + 1 = 55, C′ = 3·4² = 48, R′ = ⌈11/4⌉ = 3, so z is
  /// 48×57×57 and w′ 64×48×3×3: 432 taps instead of 363. (b) P = ⌊(32 + 4 − 5)/2⌋ + 1 = 16,
  /// C′ = 64, R′ = 3: z 64×18×18, w′ 32×64×3×3, 576 taps instead of 400. Computed here with
  /// the chapter's `spaceToDepthReference` on zero tensors.
  public static func spaceToDepthShapes() throws -> [[Int]] {
    let layers = [
      try Conv2DGeometry(
        batch: 1, inChannels: 3, height: 224, width: 224, outChannels: 64, kernel: 11,
        stride: 4, padding: 2, rounding: .floor),
      try Conv2DGeometry(
        batch: 1, inChannels: 16, height: 32, width: 32, outChannels: 32, kernel: 5, stride: 2,
        padding: 2, rounding: .floor),
    ]
    return try layers.flatMap { g -> [[Int]] in
      let r = try spaceToDepthReference(
        input: Tensor<Double>(zeros: g.inputShape), weight: Tensor<Double>(zeros: g.weightShape),
        geometry: g)
      let s = r.geometry
      return [
        Array(r.input.shape.dropFirst()), r.weight.shape,
        [s.inChannels * s.kernelHeight * s.kernelWidth,
         g.inChannels * g.kernelHeight * g.kernelWidth],
      ]
    }
  }
}
