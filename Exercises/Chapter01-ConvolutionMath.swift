// Chapter 1 exercises — convolution math. Replace each `throw Unsolved()` with your
// answer, then check your work with `swift run check-exercises 1`.
//
// Conventions (as in the chapter): the full convolution of x (length M) and k (length N)
// is (x * k)[n] = Σ_m x[m]·k[n − m] for n = 0 … M + N − 2; "same" keeps max(M, N) entries
// starting at (min(M, N) − 1)/2 (integer division), "valid" keeps max − min + 1 entries
// starting at min(M, N) − 1, exactly as numpy.convolve does. Indices start at 0.
import ExerciseKit

public enum Chapter01: ConvolutionMathExercises {
  /// **1.01 (compute).** Convolve x = (1, 2, 3) with k = (4, 5, 6) by hand and return the
  /// full result, `(x * k)[n] = Σ_m x[m]·k[n − m]` for n = 0 … 4.
  /// Hint: read x and k as the coefficients of two polynomials and multiply them.
  public static func fullConvolutionByHand() throws -> [Double] {
    throw Unsolved()
  }

  /// **1.02 (compute).** By hand, the *valid* convolution of x = (1, 3, 2, 4, 0) with
  /// k = (1, 0, −1). How many entries does it have, and what are they?
  /// Hint: write `(x * k)[n]` for this k as a difference of two entries of x.
  public static func validConvolutionByHand() throws -> [Double] {
    throw Unsolved()
  }

  /// **1.03 (compute).** A fair six-sided die (faces 1…6) and a fair four-sided die
  /// (faces 1…4) are thrown together. What is the probability that the two numbers add
  /// up to 5? Return it as a number (e.g. `1.0 / 3`).
  /// Hint: the distribution of the sum is the convolution of the two distributions.
  public static func diceProbability() throws -> Double {
    throw Unsolved()
  }

  /// **1.04 (compute).** The Toeplitz matrix T of k = (4, 5, 6) for inputs of length 4
  /// satisfies T·x = k * x (full mode), so it has 4 + 3 − 1 = 6 rows and 4 columns, with
  /// `T[n, m] = k[n − m]` (0 when n − m is not a valid index of k). Return row 3 (the
  /// fourth row, counting from 0).
  public static func toeplitzRow() throws -> [Double] {
    throw Unsolved()
  }

  /// **1.05 (compute).** By hand, the *valid* 2-D convolution of
  ///
  ///     A = [[1, 2, 3],        K = [[1,  2],
  ///          [4, 5, 6],             [0, −1]]
  ///          [7, 8, 9]]
  ///
  /// with `B(i, j) = Σ_m Σ_n K(m, n)·A(i − m, j − n)`. Return the 2 × 2 result as rows.
  /// Careful: this is the true convolution, so the kernel is flipped.
  public static func convolution2DByHand() throws -> [[Double]] {
    throw Unsolved()
  }

  /// **1.06 (implement).** Return the full convolution of `x` and `k` (both non-empty),
  /// `(x * k)[n] = Σ_m x[m]·k[n − m]`, using two nested loops. It is checked on several
  /// pairs, including inputs of length 1.
  public static func convolveFull(_ x: [Double], _ k: [Double]) throws -> [Double] {
    throw Unsolved()
  }

  /// **1.07 (implement).** `full` is the full convolution of two inputs of lengths `m` and
  /// `n` (so it has m + n − 1 entries). Return the slice numpy's mode "same" keeps:
  /// max(m, n) entries starting at index (min(m, n) − 1)/2. Checked on several (m, n),
  /// including m = 1 or n = 1.
  public static func sameFromFull(_ full: [Double], m: Int, n: Int) throws -> [Double] {
    throw Unsolved()
  }

  /// **1.08 (implement).** Build the full-mode Toeplitz matrix T of `kernel` for inputs of
  /// length `inputCount`, as an array of rows: `inputCount + kernel.count − 1` rows,
  /// `inputCount` columns, `T[n][m] = kernel[n − m]` where that index exists, else 0.
  /// Then `T·x = kernel * x` for every x of length `inputCount`.
  public static func toeplitz(kernel: [Double], inputCount: Int) throws -> [[Double]] {
    throw Unsolved()
  }

  /// **1.09 (implement).** Circular convolution of two signals of the same length N:
  /// `y[n] = Σ_m x[m]·k[(n − m) mod N]` for n = 0 … N − 1 (indices wrap around; note that
  /// Swift's `%` can return a negative number).
  public static func circularConvolve(_ x: [Double], _ k: [Double]) throws -> [Double] {
    throw Unsolved()
  }

  /// **1.10 (predict).** For the length pairs (M, N) = (7, 3), (2, 5), (1, 4) and (6, 6),
  /// predict the output lengths of the full, same and valid convolutions. Return one
  /// `[full, same, valid]` per pair, in that order.
  public static func outputLengths() throws -> [[Int]] {
    throw Unsolved()
  }

  /// **1.11 (predict).** The doubly-block Toeplitz matrix D of a 3 × 2 kernel acting on a
  /// 5 × 4 image (flattened row by row) computes the full 2-D convolution: D·vec(A) =
  /// vec(K * A). Predict `[rows of D, columns of D, rows of one block, columns of one
  /// block]`, where the blocks map one row of the image to one row of the output.
  public static func doublyBlockToeplitzShape() throws -> [Int] {
    throw Unsolved()
  }

  /// **1.12 (predict).** Two signals of length M = N = 1024 are convolved (full mode).
  /// Count (a) the real multiplications of the direct method, M·N; (b) the complex
  /// multiplications of the FFT method in this model: pad to P, the smallest power of two
  /// ≥ M + N − 1; three FFTs of (P/2)·log₂ P multiplications each, plus P pointwise
  /// products; (c) the ratio (a)/(b) rounded to the nearest whole number.
  /// Return `[a, b, c]`.
  public static func multiplicationCounts() throws -> [Int] {
    throw Unsolved()
  }
}
