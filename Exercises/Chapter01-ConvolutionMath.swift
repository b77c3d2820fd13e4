// Chapter 1 exercises — convolution math. Replace each `throw Unsolved()` with your
// answer, then check your work with `swift run check-exercises 1`.
import ExerciseKit

public enum Chapter01: ConvolutionMathExercises {
  /// **1.01 (compute).** Convolve x = (1, 2, 3) with k = (4, 5, 6) by hand and return the
  /// full result, `(x * k)[n] = Σ_m x[m]·k[n − m]` for n = 0 … 4.
  /// Hint: read x and k as the coefficients of two polynomials and multiply them.
  public static func fullConvolutionByHand() throws -> [Double] {
    throw Unsolved()
  }
}
