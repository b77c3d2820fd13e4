// Chapter 1 solutions — convolution math.
import ExerciseKit

public enum Chapter01: ConvolutionMathExercises {
  /// **1.01.** (1 + 2x + 3x²)(4 + 5x + 6x²) = 4 + 13x + 28x² + 27x³ + 18x⁴.
  public static func fullConvolutionByHand() throws -> [Double] {
    [4, 13, 28, 27, 18]
  }
}
