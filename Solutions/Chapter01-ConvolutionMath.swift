// Chapter 1 solutions — convolution math.
import CNNCore
import ConvolutionMath
import ExerciseKit

public enum Chapter01: ConvolutionMathExercises {
  /// **1.01.** (1 + 2x + 3x²)(4 + 5x + 6x²) = 4 + 13x + 28x² + 27x³ + 18x⁴.
  public static func fullConvolutionByHand() throws -> [Double] {
    [4, 13, 28, 27, 18]
  }

  /// **1.02.** (x * k)[n] = x[n] − x[n − 2]; valid keeps 5 − 3 + 1 = 3 entries, n = 2, 3, 4:
  /// 2 − 1 = 1, 4 − 3 = 1, 0 − 2 = −2.
  public static func validConvolutionByHand() throws -> [Double] {
    [1, 1, -2]
  }

  /// **1.03.** Four of the 6·4 = 24 pairs add up to 5: (1, 4), (2, 3), (3, 2), (4, 1).
  public static func diceProbability() throws -> Double {
    4.0 / 24
  }

  /// **1.04.** T[3, m] = k[3 − m] for m = 0 … 3: k[3] does not exist (0), then k[2], k[1], k[0].
  public static func toeplitzRow() throws -> [Double] {
    [0, 6, 5, 4]
  }

  /// **1.05.** B(i, j) = A(i, j) + 2·A(i, j − 1) − A(i − 1, j − 1) at i, j ∈ {1, 2}:
  /// 5 + 8 − 1 = 12, 6 + 10 − 2 = 14, 8 + 14 − 4 = 18, 9 + 16 − 5 = 20.
  public static func convolution2DByHand() throws -> [[Double]] {
    [[12, 14], [18, 20]]
  }

  /// **1.06.** Scatter every product `x[i]·k[j]` to output `i + j` (the schoolbook
  /// polynomial product; `convolve1DReference` gathers instead, with the same result).
  public static func convolveFull(_ x: [Double], _ k: [Double]) throws -> [Double] {
    var y = [Double](repeating: 0, count: x.count + k.count - 1)
    for i in 0..<x.count {
      for j in 0..<k.count {
        y[i + j] += x[i] * k[j]
      }
    }
    return y
  }

  /// **1.07.** The slice `ConvolutionMode.same.outputRange(m, n)` names.
  public static func sameFromFull(_ full: [Double], m: Int, n: Int) throws -> [Double] {
    let start = (min(m, n) - 1) / 2
    return Array(full[start..<(start + max(m, n))])
  }

  /// **1.08.** `toeplitzMatrix(kernel:inputCount:mode:)` from the chapter, as rows.
  public static func toeplitz(kernel: [Double], inputCount: Int) throws -> [[Double]] {
    toeplitzMatrix(kernel: kernel, inputCount: inputCount, mode: .full).rows
  }

  /// **1.09.** `((n − m) % N + N) % N` keeps the index in 0 ..< N.
  public static func circularConvolve(_ x: [Double], _ k: [Double]) throws -> [Double] {
    let period = x.count
    return (0..<period).map { n in
      (0..<period).reduce(0.0) { sum, m in sum + x[m] * k[((n - m) % period + period) % period] }
    }
  }

  /// **1.10.** full M + N − 1, same max(M, N), valid max(M, N) − min(M, N) + 1.
  public static func outputLengths() throws -> [[Int]] {
    [(7, 3), (2, 5), (1, 4), (6, 6)].map { m, n in
      [ConvolutionMode.full, .same, .valid].map { $0.outputCount(m, n) }
    }
  }

  /// **1.11.** Output 7 × 5 = 35 rows, image 5·4 = 20 columns; blocks 5 × 4.
  public static func doublyBlockToeplitzShape() throws -> [Int] {
    [35, 20, 5, 4]
  }

  /// **1.12.** 1 048 576 direct; P = 2048: 3·1024·11 + 2048 = 35 840; 29.26 → 29.
  public static func multiplicationCounts() throws -> [Int] {
    let direct = ConvolutionCost.directMultiplications(1024, 1024)
    let viaFFT = ConvolutionCost.fftMultiplications(1024, 1024)
    return [direct, viaFFT, Int((Double(direct) / Double(viaFFT)).rounded())]
  }
}
