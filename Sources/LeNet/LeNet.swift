import CNNCore
import NeuralNetworks

/// LeNet-5 (LeCun, Bottou, Bengio & Haffner, "Gradient-based learning applied to document
/// recognition", Proc. IEEE 1998), for 28×28 MNIST digits, in two versions.
///
/// ```
///   classic: 1×28×28 → conv 6@5×5 pad 2 → σ → avg 2/2 → conv 16@5×5 → σ → avg 2/2
///            → flatten 400 → dense 120 → σ → dense 84 → σ → dense 10
///   modern:  the same sizes with ReLU instead of σ and max instead of average pooling
///
///   sizes:   28 + 2·2 − 5 + 1 = 28,  28/2 = 14,  14 − 5 + 1 = 10,  10/2 = 5,  16·5·5 = 400
///   params:  conv1 6·1·5·5 + 6 = 156      conv2 16·6·5·5 + 16 = 2,416 (1,516 with the table)
///            dense1 400·120 + 120 = 48,120   dense2 120·84 + 84 = 10,164   dense3 84·10 + 10 = 850
///            total 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706   (60,806 with the table)
/// ```
/// Deviations from the paper, as in most modern renderings (d2l, PyTorch tutorials): the
/// input is 28×28 padded by 2 instead of a 32×32 canvas; the subsampling layers S2 and S4
/// are plain averages (the paper multiplies each average by a learned coefficient and adds a
/// learned bias, 12 and 32 parameters); the activation is the logistic σ rather than the
/// scaled tanh `1.7159·tanh(2x/3)`; the output is a dense layer with softmax cross-entropy
/// instead of Euclidean RBF units; C3 is fully connected unless `c3Table` asks for the
/// paper's table (`C3ConnectionTable.paper`, implemented by `SparseConv2D`).
public enum LeNet {
  /// One MNIST digit: 1 channel, 28×28 pixels.
  public static let inputShape = [1, 28, 28]
  /// Ten digit classes.
  public static let classes = 10

  /// The per-layer sizes, derived once so that every hard-coded number has its arithmetic.
  public enum Size {
    /// C1: 28 + 2·2 − 5 + 1 = 28 (padding 2 keeps the 28×28 size).
    public static let c1 = 28 + 2 * 2 - 5 + 1
    /// S2: 28 / 2 = 14.
    public static let s2 = c1 / 2
    /// C3: 14 − 5 + 1 = 10.
    public static let c3 = s2 - 5 + 1
    /// S4: 10 / 2 = 5.
    public static let s4 = c3 / 2
    /// The flattened S4 output: 16·5·5 = 400.
    public static let flat = 16 * s4 * s4
  }

  /// The activations and the pooling of a variant.
  public enum Variant: String, Sendable, CaseIterable {
    /// σ and average pooling, as in the 1998 paper's era.
    case classic
    /// ReLU and max pooling (He initialization for the ReLU layers).
    case modern
  }

  /// The 1998 network with σ activations and average pooling (61,706 parameters with a full
  /// C3, 60,806 with the paper's connection table).
  ///
  ///     let model = try LeNet.classic(seed: 1)
  ///     model.shapes.map { $0.map(String.init).joined(separator: "×") }
  ///     // ["6×28×28", "6×28×28", "6×14×14", "16×10×10", "16×10×10", "16×5×5", "400", …]
  ///     model.parameterCount   // 61706
  public static func classic(c3Table: Bool = false, seed: UInt64 = 0) throws -> Sequential {
    try make(.classic, c3Table: c3Table, seed: seed)
  }

  /// LeNet with ReLU and max pooling, the usual modern rendering (train it with Adam).
  ///
  ///     try LeNet.modern(seed: 1).parameterCount   // 61706
  public static func modern(c3Table: Bool = false, seed: UInt64 = 0) throws -> Sequential {
    try make(.modern, c3Table: c3Table, seed: seed)
  }

  /// Either variant; all weights are drawn in layer order from `SeededGenerator(seed:)`.
  public static func make(_ variant: Variant, c3Table: Bool = false, seed: UInt64 = 0) throws
    -> Sequential
  {
    var g = SeededGenerator(seed: seed)
    let initializer: Initializer = variant == .modern ? .heUniform : .glorotUniform
    func activation() -> any Layer { variant == .modern ? ReLU() : Sigmoid() }
    func pool() -> any Layer { variant == .modern ? MaxPool2D(kernel: 2) : AvgPool2D(kernel: 2) }
    let c3: any Layer =
      c3Table
      ? SparseConv2D(table: .paper, kernel: 5, initializer: initializer, generator: &g)
      : Conv2D(
        inChannels: 6, outChannels: 16, kernel: 5, initializer: initializer, generator: &g)
    let layers: [any Layer] = [
      // C1: 1×28×28 → 6×28×28, 6·1·5·5 + 6 = 156 parameters
      Conv2D(
        inChannels: 1, outChannels: 6, kernel: 5, padding: 2, initializer: initializer,
        generator: &g),
      activation(),
      pool(),  // S2: 6×28×28 → 6×14×14
      c3,  // C3: 6×14×14 → 16×10×10
      activation(),
      pool(),  // S4: 16×10×10 → 16×5×5
      Flatten(),  // 16·5·5 = 400
      Dense(
        inFeatures: Size.flat, outFeatures: 120, initializer: initializer, generator: &g),
      activation(),
      Dense(inFeatures: 120, outFeatures: 84, initializer: initializer, generator: &g),
      activation(),
      // The output layer feeds softmax: Glorot, as Keras' default, for both variants.
      Dense(inFeatures: 84, outFeatures: classes, generator: &g),
    ]
    return try Sequential(inputShape: inputShape, layers: layers)
  }
}
