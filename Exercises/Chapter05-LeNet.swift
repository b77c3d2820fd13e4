// Chapter 5 exercises — LeNet on MNIST. Replace each `throw Unsolved()` with your answer, then
// check your work with `swift run check-exercises 5`.
import ExerciseKit

public enum Chapter05: LeNetExercises {
  /// **5.01 (predict).** The classic LeNet reads a 1×28×28 digit: C1 is a 5×5 convolution with
  /// 6 filters and padding 2, S2 a 2×2/2 average pooling, C3 a 5×5 convolution with 16 filters
  /// reading all 6 maps, S4 another 2×2/2 pooling, then dense layers 400 → 120 → 84 → 10.
  /// Every convolution and dense layer has one bias per output. Return the parameter counts
  /// of C1, C3 and the three dense layers, in order.
  public static func parameterCounts() throws -> [Int] {
    throw Unsolved()
  }

  /// **5.02 (predict).** For the same network, return the height (= width) of the maps after
  /// C1, S2, C3 and S4, then the length of the flattened S4 output (16 maps).
  public static func outputSizes() throws -> [Int] {
    throw Unsolved()
  }

  /// **5.03 (predict).** In the 1998 paper C3 does not read all six S2 maps: six C3 maps read
  /// 3 neighbouring maps, nine read 4, and one reads all 6. With 5×5 kernels and one bias per
  /// C3 map, return the number of weights and the number of parameters (weights + biases).
  public static func c3TableCounts() throws -> [Int] {
    throw Unsolved()
  }

  /// **5.04 (compute).** Compute softmax([1, 2, 3]) by hand (six decimals are enough).
  /// Hint: subtract the largest logit first; softmax does not change.
  public static func softmaxByHand() throws -> [Double] {
    throw Unsolved()
  }

  /// **5.05 (compute).** The logits [1, 2, 3] belong to a digit of class 2. Compute the
  /// cross-entropy loss `L = −ln p₂` by hand.
  public static func crossEntropyByHand() throws -> Double {
    throw Unsolved()
  }

  /// **5.06 (compute).** Return the gradient `∂L/∂z` of the loss of 5.05 with respect to the
  /// three logits. Hint: for softmax followed by cross-entropy it is `p − onehot(label)`.
  public static func crossEntropyGradientByHand() throws -> [Double] {
    throw Unsolved()
  }

  /// **5.07 (compute).** A tiny convolution (cross-correlation, no padding, stride 1) maps
  ///
  ///     x = 1 2 0        w = 1 −1        b = 0
  ///         0 1 3            0  2
  ///         2 1 1
  ///
  /// to a 2×2 output `y[p][q] = Σ_{r,s} w[r][s]·x[p+r][q+s]`. The loss gradient with respect
  /// to `y` is `dy = [[1, 0], [0, −1]]`. Compute `∂L/∂w` by hand and return the kernel after
  /// one SGD step with learning rate 0.1: `w − 0.1·∂L/∂w`.
  public static func convWeightStepByHand() throws -> [[Double]] {
    throw Unsolved()
  }

  /// **5.08 (compute).** For the convolution of 5.07 (original `w`, same `dy`), return
  /// `∂L/∂x`, the 3×3 gradient with respect to the input.
  /// Hint: each `dy[p][q]` adds `dy[p][q]·w` onto the window it came from.
  public static func convInputGradientByHand() throws -> [[Double]] {
    throw Unsolved()
  }

  /// **5.09 (implement).** Return softmax(z) for any non-empty vector of logits without
  /// overflow: logits like 1000 must work.
  public static func softmax(_ z: [Double]) throws -> [Double] {
    throw Unsolved()
  }

  /// **5.10 (implement).** Return the cross-entropy `−ln softmax(z)[label]` without computing
  /// the softmax first: use `log Σ_j e^(z_j) − z_label`, with the largest logit taken out of the
  /// exponentials, so that [1000, 1001] and very confident answers both work.
  public static func crossEntropy(logits z: [Double], label: Int) throws -> Double {
    throw Unsolved()
  }

  /// **5.11 (implement).** Return the `classes × classes` confusion matrix: entry `[t][p]`
  /// counts the samples whose label is `t` and whose prediction is `p`.
  public static func confusionMatrix(labels: [Int], predictions: [Int], classes: Int) throws
    -> [[Int]]
  {
    throw Unsolved()
  }

  /// **5.12 (predict).** The Keras model of the notes: Conv2D(64, 3×3) on the 1-channel
  /// digit, Conv2D(64, 3×3), MaxPooling2D(2), Conv2D(128, 3×3), Conv2D(128, 3×3),
  /// GlobalAveragePooling2D, Dropout(0.5), Dense(10); every layer with biases. Return the
  /// parameter counts of the four convolutions and the dense layer.
  public static func kerasParameterCounts() throws -> [Int] {
    throw Unsolved()
  }

  /// **5.13 (compute).** The sigmoid's derivative is `σ′(x) = σ(x)(1 − σ(x))`. Return σ′(0),
  /// its largest value, and the largest factor by which four σ layers in a row can scale a
  /// gradient (ignoring the weights). This is why the classic LeNet learns slowly.
  public static func sigmoidGradientFactors() throws -> [Double] {
    throw Unsolved()
  }

  /// **5.14 (predict).** Count the multiply–adds of one forward pass for one image: C1 (6
  /// filters 5×5 on 1×28×28 with padding 2), C3 reading all 6 maps (16 filters 5×5 on
  /// 6×14×14), and C3 with the paper's table (5.03).
  public static func multiplyAdds() throws -> [Int] {
    throw Unsolved()
  }
}
