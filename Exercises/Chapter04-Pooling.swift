// Chapter 4 exercises — pooling. Replace each `throw Unsolved()` with your answer, then
// check your work with `swift run check-exercises 4`.
import ExerciseKit

public enum Chapter04: PoolingExercises {
  /// **4.01 (compute).** Max-pool the matrix
  ///
  ///     1 3 2 1
  ///     4 6 5 0
  ///     3 1 1 2
  ///     0 2 4 3
  ///
  /// with a 2×2 window and stride 2, by hand, and return the 2×2 result as rows.
  public static func maxPoolByHand() throws -> [[Double]] {
    throw Unsolved()
  }

  /// **4.02 (compute).** Average-pool the matrix of 4.01 with a 2×2 window and stride 2,
  /// by hand, and return the 2×2 result as rows.
  public static func averagePoolByHand() throws -> [[Double]] {
    throw Unsolved()
  }

  /// **4.03 (compute).** The matrix
  ///
  ///     1 7 2 2
  ///     7 3 0 1
  ///     5 2 4 4
  ///     1 5 4 0
  ///
  /// goes through 2×2/2 max pooling, and the gradient of the loss with respect to the
  /// pooled output is `[[10, 20], [30, 40]]`. Return the 4×4 gradient with respect to the
  /// input, by hand. Every window has a tie: follow PyTorch and give the whole gradient to
  /// the first maximum in row-major order (left to right, then top to bottom).
  public static func maxPoolGradientByHand() throws -> [[Double]] {
    throw Unsolved()
  }

  /// **4.04 (compute).** Average-pool the matrix of 4.01 with a 3×3 window, stride 1 and
  /// zero padding 1. Return, by hand, four numbers: the output at the corner (0, 0) when the
  /// padding counts in the divisor (PyTorch's `count_include_pad=True`), the same output when
  /// it does not (`False`), and then both for the edge output (0, 1).
  /// Hint: the window at (0, 0) holds nine cells, but only four of them are real.
  public static func borderAveragesByHand() throws -> [Double] {
    throw Unsolved()
  }

  /// **4.05 (compute).** A 3×3 input goes through 2×2 average pooling with stride 1 (four
  /// overlapping windows). The gradient with respect to the 2×2 output is
  /// `[[4, 8], [12, 16]]`. Return the 3×3 gradient with respect to the input, by hand.
  /// Hint: each window hands a quarter of its gradient to each of its cells; a cell that lies
  /// in several windows adds their shares.
  public static func averagePoolGradientByHand() throws -> [[Double]] {
    throw Unsolved()
  }

  /// **4.06 (implement).** Max-pool the matrix `x` with a `window`×`window` window and the
  /// given stride, without padding; drop a last window that would not fit (PyTorch's default,
  /// `⌊(H − window)/stride⌋ + 1` rows). Use plain loops.
  ///
  ///     maxPool2D([[0, 1, 2], [3, 4, 5], [6, 7, 8]], window: 2, stride: 1)
  ///     // [[4, 5], [7, 8]]
  ///
  /// The checks include 1×1 windows, negative values, ties and a non-square input.
  public static func maxPool2D(_ x: [[Double]], window: Int, stride: Int) throws -> [[Double]] {
    throw Unsolved()
  }

  /// **4.07 (implement).** The backward pass of 4.06: given the input `x` and the gradient
  /// with respect to the pooled output, return the gradient with respect to `x`. Each
  /// window's gradient goes to the position of its maximum — on a tie the first one in
  /// row-major window order — and a position that wins several overlapping windows receives
  /// the sum of their gradients.
  ///
  ///     maxPool2DBackward([[0, 1, 2], [3, 4, 5], [6, 7, 8]], gradOutput: [[1, 1], [1, 1]],
  ///                       window: 2, stride: 1)
  ///     // [[0, 0, 0], [0, 1, 1], [0, 1, 1]]
  public static func maxPool2DBackward(
    _ x: [[Double]], gradOutput: [[Double]], window: Int, stride: Int
  ) throws -> [[Double]] {
    throw Unsolved()
  }

  /// **4.08 (implement).** Global average pooling: `x[c][h][w]` is a C×H×W volume; return
  /// the C channel means.
  ///
  ///     globalAveragePool([[[1, 3]], [[10, 20]]])   // [2, 15]
  public static func globalAveragePool(_ x: [[[Double]]]) throws -> [Double] {
    throw Unsolved()
  }

  /// **4.09 (predict).** Predict the pooled output size (one side) of, in this order:
  /// 1. 224 with a 2×2 window, stride 2;
  /// 2. 55 with 3×3, stride 2 (AlexNet's first pooling layer);
  /// 3. 13 with 3×3, stride 2;
  /// 4. 7 with 2×2, stride 2 (floor mode, PyTorch's default);
  /// 5. 7 with 2×2, stride 2 in ceil mode;
  /// 6. 5 with 2×2, stride 2, padding 1, in ceil mode.
  /// Hint for 6: in ceil mode PyTorch drops a last window that would start in the padding.
  public static func outputSizes() throws -> [Int] {
    throw Unsolved()
  }

  /// **4.10 (predict).** How many values come out of (1) 2×2/2 max pooling of a 6×28×28
  /// volume and (2) 3×3/2 max pooling of a 96×55×55 volume?
  public static func activationsKept() throws -> [Int] {
    throw Unsolved()
  }

  /// **4.11 (predict).** How many learnable parameters have (1) a 2×2/2 max-pooling layer on
  /// 64 channels, (2) a 2×2/2 average-pooling layer on 64 channels, and (3) a 2×2 convolution
  /// with stride 2 from 64 to 64 channels with a bias, which some networks use instead?
  public static func parameterCounts() throws -> [Int] {
    throw Unsolved()
  }

  /// **4.12 (predict).** A 1×28×28 image goes through: conv 5×5 (6 filters, padding 2) →
  /// max pool 2×2/2 → conv 5×5 (16 filters, no padding) → max pool 2×2/2 → flatten.
  /// Return the height after the first pooling, after the second convolution, after the
  /// second pooling, and the length of the flattened vector.
  public static func lenetShapes() throws -> [Int] {
    throw Unsolved()
  }
}
