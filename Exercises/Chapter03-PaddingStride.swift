// Chapter 3 exercises — padding and stride. Replace each `throw Unsolved()` with your
// answer, then check your work with `swift run check-exercises 3`.
//
// The worked example of the chapter, used by several exercises:
//
//   X (5×5) = 3 4 6 5 7        K (3×3) = 1 2 3
//             2 4 6 8 2                  4 5 6
//             1 6 7 8 4                  7 8 9
//             9 7 4 6 2
//             3 7 5 4 1
//
// y[i, j] = Σ_{r,s} K[r, s] · X̃[i·S + r, j·S + s], X̃ = X padded by P on every side.
import ExerciseKit

public enum Chapter03: PaddingStrideExercises {
  /// **3.01 (compute).** Pad X with one ring of zeros (P = 1) and slide K with stride 1:
  /// the output is 5×5. Compute the top-right entry y[0, 4] by hand.
  /// Hint: the window covers padded rows −1…1 and columns 3…5; write it out, zeros included.
  public static func paddedEntryByHand() throws -> Double {
    throw Unsolved()
  }

  /// **3.02 (compute).** Reflect-pad the row (1, 2, 3, 4) by 2 on each side, as PyTorch's
  /// `F.pad(mode='reflect')` does (mirror at the edge value, which is not repeated).
  /// Return all 8 values.
  public static func reflectPaddedRowByHand() throws -> [Double] {
    throw Unsolved()
  }

  /// **3.03 (compute).** Slide K over X without padding at stride 2. How big is the output?
  /// Compute all its entries by hand and return them as rows.
  public static func stridedOutputByHand() throws -> [[Double]] {
    throw Unsolved()
  }

  /// **3.04 (implement).** Return the output size `(W − F + 2P)/S + 1` of a convolution along
  /// one axis. Throw an error (any `Error`) when the configuration is invalid: input, kernel
  /// or stride below 1, negative padding, a kernel larger than the padded input, or
  /// `W − F + 2P` not divisible by `S` (the windows would not tile the input).
  public static func outputSize(input: Int, kernel: Int, stride: Int, padding: Int) throws -> Int {
    throw Unsolved()
  }

  /// **3.05 (implement).** Reflect-pad a 1-D array: `before` values on the left, `after` on
  /// the right, mirrored without repeating the edge value (so 1 2 3 4 with 2 on each side
  /// gives 3 2 1 2 3 4 3 2). Throw an error when a side is negative or not smaller than
  /// `x.count`, as PyTorch does.
  public static func reflectPad(_ x: [Double], before: Int, after: Int) throws -> [Double] {
    throw Unsolved()
  }

  /// **3.06 (implement).** At stride 1, how much padding keeps the size of the input for a
  /// kernel of size `kernel`? Return it split into (before, after); when the total is odd,
  /// put the extra one after, as TensorFlow does (F = 4 → (1, 2)). Throw for `kernel < 1`.
  public static func samePadding(kernel: Int) throws -> (before: Int, after: Int) {
    throw Unsolved()
  }

  /// **3.07 (predict).** A 227×227 image goes through these layers (F/S, padding P):
  /// conv 11/4 P 0, pool 3/2, conv 5/1 P 2, pool 3/2, conv 3/1 P 1, pool 3/2.
  /// Return the height after each of the six layers.
  public static func stackOutputSizes() throws -> [Int] {
    throw Unsolved()
  }

  /// **3.08 (predict).** Five 3×3 convolutions with strides 1, 2, 1, 2, 1 are stacked.
  /// Return the receptive field (in input pixels, along one axis) after each layer.
  /// Hint: each layer adds (F − 1) times the product of the strides before it.
  public static func stackReceptiveFields() throws -> [Int] {
    throw Unsolved()
  }

  /// **3.09 (predict).** With 64 channels in and out of every layer, count the weights
  /// (no biases) of: two stacked 3×3 layers, one 5×5 layer, three stacked 3×3 layers, one
  /// 7×7 layer. Return the four counts in that order.
  public static func stackParameterCounts() throws -> [Int] {
    throw Unsolved()
  }

  /// **3.10 (predict).** AlexNet's first layer has 11×11 filters at stride 4 and no padding.
  /// Return: its output size on 227, its output size on 224 when the division is rounded
  /// down (PyTorch), and how many input rows the 224 version never reads.
  public static func alexNetSizes() throws -> [Int] {
    throw Unsolved()
  }

  /// **3.11 (compute).** The row x = (x₁, x₂, x₃, x₄) is reflect-padded by 2 on each side
  /// (as in 3.02). The gradient arriving at the 8 padded values is
  /// (10, 20, 1, 2, 3, 4, 30, 40). Return the gradient with respect to x₁ … x₄.
  /// Hint: every copy of a value passes its gradient back to that value.
  public static func reflectPadGradientByHand() throws -> [Double] {
    throw Unsolved()
  }

  /// **3.12 (implement).** TensorFlow's `padding='SAME'` at stride S makes the output
  /// ⌈N/S⌉ long and pads as little as needed for that: total = max((out − 1)·S + F − N, 0),
  /// split into (⌊total/2⌋, the rest). Return (before, after).
  public static func samePadding(input: Int, kernel: Int, stride: Int) throws -> (
    before: Int, after: Int
  ) {
    throw Unsolved()
  }

  /// **3.13 (predict).** A 3×3 kernel with dilation 2 (one gap between taps). Return:
  /// how many pixels wide its window is, its output size on a 9×9 input at stride 1 without
  /// padding, and the padding per side that keeps the output 9×9.
  public static func dilationSizes() throws -> [Int] {
    throw Unsolved()
  }
}
