// Chapter 2 exercises — cross-correlation. Replace each `throw Unsolved()` with your
// answer, then check your work with `swift run check-exercises 2`.
// Matrices are [[Double]] (a list of rows); images with channels are [[[Double]]]
// (channel, row, column). The chapter text is Chapters/02-CrossCorrelation/README.md.
import ExerciseKit

public enum Chapter02: CrossCorrelationExercises {
  /// **2.01 (compute).** By hand, cross-correlate
  /// X = [[2, 0, 1], [1, 3, 0], [0, 1, 2]] with K = [[1, 2], [0, 1]] (valid positions only,
  /// `y[i, j] = Σ_r Σ_s x[i + r, j + s]·k[r, s]`) and return the 2×2 result as rows.
  public static func corr2dByHand() throws -> [[Double]] {
    throw Unsolved()
  }

  /// **2.02 (implement).** Write `corr2d`: slide the R×S kernel `k` over the H×W image `x`
  /// and return the (H − R + 1)×(W − S + 1) matrix of `Σ_r Σ_s x[i + r, j + s]·k[r, s]`.
  /// It is checked on the d2l example, a 1×1 kernel, a kernel as large as the image, a
  /// non-square kernel and the [1, −1] edge detector. You may assume the kernel fits.
  public static func corr2d(_ x: [[Double]], _ k: [[Double]]) throws -> [[Double]] {
    throw Unsolved()
  }

  /// **2.03 (compute).** By hand, the mathematical *convolution* (valid part) of the same
  /// X and K as in 2.01: rotate K by 180° first, then cross-correlate. Return the 2×2 rows.
  public static func convolutionByHand() throws -> [[Double]] {
    throw Unsolved()
  }

  /// **2.04 (implement).** Rotate a kernel by 180°: `k′[r][s] = k[R − 1 − r][S − 1 − s]`.
  /// Checked on 2×2, 2×3, 1×1, 3×1 and 3×3 kernels.
  public static func flip180(_ k: [[Double]]) throws -> [[Double]] {
    throw Unsolved()
  }

  /// **2.05 (compute).** The input has two 3×3 channels, X[0] = [[0, 1, 2], [3, 4, 5],
  /// [6, 7, 8]] and X[1] = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]. Let K be the two-channel kernel
  /// K[0] = [[0, 1], [2, 3]], K[1] = [[1, 2], [3, 4]]. A layer has three filters K, K + 1 and
  /// K + 2 (add 1 or 2 to every entry) and biases b = (1, −1, 2). By hand, what is the
  /// output of filter 2 (the K + 2 one) at row 1, column 0 — that is, y[2, 1, 0]?
  public static func multiChannelEntryByHand() throws -> Double {
    throw Unsolved()
  }

  /// **2.06 (implement).** Cross-correlation over several input channels: `x` is C×H×W,
  /// `k` is C×R×S, and the result is the single (H − R + 1)×(W − S + 1) matrix
  /// `Σ_c Σ_r Σ_s x[c][i + r][j + s]·k[c][r][s]` (one corr2d per channel, summed).
  /// Checked with one, two and three channels, 1×1 kernels and a kernel as large as the image.
  public static func corr2dMultiIn(_ x: [[[Double]]], _ k: [[[Double]]]) throws -> [[Double]] {
    throw Unsolved()
  }

  /// **2.07 (implement).** A 1×1 convolution with K filters over C channels: `w` is K×C and
  /// `x` is C×H×W. At every pixel (i, j) the output is the matrix–vector product
  /// `y[k][i][j] = Σ_c w[k][c]·x[c][i][j]`; return y as K×H×W. (Think of x as a C×(H·W)
  /// matrix X: the whole layer is the one product W·X.)
  public static func conv1x1AsMatmul(_ x: [[[Double]]], _ w: [[Double]]) throws -> [[[Double]]] {
    throw Unsolved()
  }

  /// **2.08 (implement).** Without padding, how many positions does a kernel of size F have
  /// along an input of size W with stride S? Return `(W − F)/S + 1`, or `nil` when the
  /// kernel does not fit (F > W) or the windows do not tile the input ((W − F) not divisible
  /// by S). Checked on eight cases, including F = W and F = 1.
  public static func validOutputSize(input: Int, kernel: Int, stride: Int) throws -> Int? {
    throw Unsolved()
  }

  /// **2.09 (predict).** A 1×28×28 image goes through five convolution layers in turn:
  /// (1) 5×5, 6 filters, padding 2; (2) 5×5, 16 filters; (3) 3×3, 32 filters, stride 3;
  /// (4) 1×1, 8 filters; (5) 8×8, 10 filters. Stride 1 and no padding unless stated.
  /// Return the output shape [channels, height, width] after each of the five layers.
  public static func stackShapes() throws -> [[Int]] {
    throw Unsolved()
  }

  /// **2.10 (predict).** How many learnable parameters (weights plus biases) do these layers
  /// have? (a) 5×5, 6 → 16 channels, with bias; (b) 3×3, 64 → 128, with bias;
  /// (c) depthwise 3×3 on 64 channels (one 3×3 kernel per channel), with bias;
  /// (d) grouped 3×3, 64 → 128 with 4 groups, no bias; (e) 1×1, 64 → 128, with bias.
  /// Return the five counts in order.
  public static func parameterCounts() throws -> [Int] {
    throw Unsolved()
  }

  /// **2.11 (predict).** For im2col + GEMM, give the shapes [rows, columns] of X_col, W_row
  /// and the product Y = W_row·X_col for two layers, in this order:
  /// (a) input 3×32×32, 16 filters 5×5, stride 1, padding 2;
  /// (b) input 16×24×24, 32 filters 3×3, stride 3, no padding.
  /// Return six shapes: X_col(a), W_row(a), Y(a), X_col(b), W_row(b), Y(b).
  public static func im2colShapes() throws -> [[Int]] {
    throw Unsolved()
  }

  /// **2.12 (compute).** A 5×5 input x[i][j] = 5i + j (so its rows are 0…4, 5…9, …, 20…24),
  /// the 3×3 kernel [[1, 2, 3], [4, 5, 6], [7, 8, 9]], bias −500 and ReLU (`max(0, ·)`).
  /// By hand, what is the 3×3 output `ReLU(corr2d(x, k) − 500)`?
  /// Hint: write y[p][q] as 45·(5p + q) plus a constant.
  public static func biasReLUByHand() throws -> [[Double]] {
    throw Unsolved()
  }

  /// **2.13 (compute).** X is the 6×8 stripe image (every row [1, 1, 0, 0, 0, 0, 1, 1]) and
  /// Y = corr2d(X, [1, −1]) (every row [0, 1, 0, 0, 0, −1, 0]). Start from the 1×2 kernel
  /// k = [0, 0] with loss L = Σ (corr2d(X, k) − Y)². By hand, take one gradient-descent step
  /// with learning rate 0.01 and return the new k. (∂L/∂k[s] = Σ 2·(ŷ − y)[i, j]·X[i, j + s].)
  public static func gradientStepByHand() throws -> [Double] {
    throw Unsolved()
  }

  /// **2.14 (predict).** Space to depth rewrites a convolution at stride σ as a stride-1
  /// convolution: every σ×σ block of the padded input becomes σ² channels (z), and the filters
  /// are regrouped into ⌈R/σ⌉×⌈S/σ⌉ kernels over those channels (w′, zeros past the kernel);
  /// z has P + ⌈R/σ⌉ − 1 rows and Q + ⌈S/σ⌉ − 1 columns (section 8). For two layers, give
  /// z's shape (C′, H′, W′), w′'s shape (K, C′, R′, S′), and [taps per output after, before]
  /// (C′·R′·S′ and C·R·S):
  /// (a) input 3×224×224, 64 filters 11×11, stride 4, padding 2 (outputs rounded down);
  /// (b) input 16×32×32, 32 filters 5×5, stride 2, padding 2.
  /// Return six arrays: z(a), w′(a), taps(a), z(b), w′(b), taps(b).
  public static func spaceToDepthShapes() throws -> [[Int]] {
    throw Unsolved()
  }
}
