import CNNCore

/// A stack of layers applied one after the other, Keras-style: build it with the input
/// shape, `compile` it with a loss and an optimizer, then `fit`, `evaluate`, `predict`,
/// `save` and `load`.
///
/// ```
/// y = f_L( … f_2(f_1(x)) … )                 x: (N, C, H, W)   y: (N, classes)
/// ∂L/∂x = J_1ᵀ · … · J_Lᵀ · ∂L/∂y            (backward in reverse order)
/// ```
///
/// Building validates every layer's shape through `outputShape(for:)` and names the
/// layers that have no name by kind and position: conv1, conv2, pool1, dense1, relu1, …
///
///     let model = try Sequential(inputShape: [1, 28, 28], layers: [
///       Conv2D(inChannels: 1, outChannels: 6, kernel: 5, padding: 2), ReLU(),
///       MaxPool2D(kernel: 2), Flatten(), Dense(inFeatures: 6 * 14 * 14, outFeatures: 10),
///     ])
///     model.layers.map(\.name)   // ["conv1", "relu1", "pool1", "flatten1", "dense1"]
///     model.shapes               // [[6, 28, 28], [6, 28, 28], [6, 14, 14], [1176], [10]]
///
/// The whole Keras program, line by line:
///
///     print(model.summary())
///     model.compile(loss: SoftmaxCrossEntropy(), optimizer: Adam(learningRate: 1e-3))
///     let train = try MNIST.load(.train, from: MNIST.locateDirectory())
///     let history = try model.fit(
///       x: ImageSet(train), y: train.labelArray, batchSize: 64, epochs: 20,
///       validationSplit: 0.1, shuffle: true, seed: 1,
///       callbacks: [ModelCheckpoint(path: "ckpt/epoch-{epoch}.ckpt", monitor: .validationLoss,
///                                   saveBestOnly: true),
///                   EarlyStopping(monitor: .validationLoss, patience: 2)])
///     try history.writeCSV(to: URL(fileURLWithPath: "history.csv"))
///     let (loss, accuracy) = try model.evaluate(x: ImageSet(test), y: test.labelArray)
///     let probabilities = try model.predict(x: ImageSet(test))        // [10000, 10]
///     try model.save(to: URL(fileURLWithPath: "lenet.ckpt"))
public final class Sequential {
  /// The per-sample input shape, e.g. [1, 28, 28].
  public let inputShape: [Int]
  /// The layers in forward order.
  public let layers: [any Layer]
  /// The per-sample output shape of each layer (`shapes[i]` is the output of layer i).
  public let shapes: [[Int]]
  /// The loss set by `compile`.
  public private(set) var loss: (any Loss)?
  /// The optimizer set by `compile`.
  public private(set) var optimizer: (any Optimizer)?

  /// Builds the model, naming unnamed layers and checking every shape.
  ///
  /// - Throws: `TrainingError.invalidLayer` naming the first layer whose input shape it
  ///   rejects (with that layer's own explanation), `.repeatedLayer`, `.duplicateName`.
  public init(inputShape: [Int], layers: [any Layer]) throws {
    self.inputShape = inputShape
    self.layers = layers
    var counters: [String: Int] = [:]
    var seen: [ObjectIdentifier: Int] = [:]
    var names: Set<String> = []
    var shapes: [[Int]] = []
    var shape = inputShape
    for (index, layer) in layers.enumerated() {
      if let first = seen[ObjectIdentifier(layer)] {
        throw TrainingError.repeatedLayer(name: layer.name, firstIndex: first, secondIndex: index)
      }
      seen[ObjectIdentifier(layer)] = index
      let prefix = Sequential.namePrefix(kind: layer.kind)
      counters[prefix, default: 0] += 1
      // Default names ("", "conv2d", "dense", …: the kind in lower case) are replaced.
      let defaults = ["", layer.kind, layer.kind.lowercased(), prefix]
      if defaults.contains(layer.name) {
        layer.name = prefix + String(counters[prefix]!)
      }
      guard names.insert(layer.name).inserted else {
        throw TrainingError.duplicateName(layer.name)
      }
      for p in layer.parameters + layer.buffers where !p.name.hasPrefix(layer.name + ".") {
        let suffix = p.name.split(separator: ".").last.map(String.init) ?? "parameter"
        p.name = layer.name + "." + (suffix.isEmpty ? "parameter" : suffix)
      }
      do {
        shape = try layer.outputShape(for: shape)
      } catch {
        throw TrainingError.invalidLayer(
          index: index, name: layer.name, kind: layer.kind, inputShape: shape,
          reason: String(describing: error))
      }
      shapes.append(shape)
    }
    self.shapes = shapes
    self.parameterList = layers.flatMap(\.parameters)
  }

  /// The name stem for a layer kind: Conv2D → conv, MaxPool2D → pool, Dense → dense, …
  static func namePrefix(kind: String) -> String {
    switch kind {
    case "Conv2D": "conv"
    case "MaxPool2D", "AvgPool2D", "GlobalAvgPool2D": "pool"
    case "BatchNorm2D", "BatchNorm1D": "bn"
    default: kind.lowercased()
    }
  }

  /// The per-sample output shape of the whole model (the input shape if there are no layers).
  public var outputShape: [Int] { shapes.last ?? inputShape }

  /// Every learnable parameter, layer by layer.
  public var parameters: [Parameter] { parameterList }
  // The layers and their parameters are fixed at init: the list is made once (an optimizer
  // step asks for it every batch).
  private let parameterList: [Parameter]

  /// Every non-learned state tensor (batch-norm running statistics), layer by layer.
  public var buffers: [Parameter] { layers.flatMap(\.buffers) }

  /// Number of learnable scalars.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

  /// The layer called `name`, if any.
  public func layer(named name: String) -> (any Layer)? { layers.first { $0.name == name } }

  /// Sets the loss and the optimizer used by `fit` and `evaluate`.
  ///
  ///     model.compile(loss: SoftmaxCrossEntropy(), optimizer: Adam(learningRate: 1e-3))
  public func compile(loss: any Loss, optimizer: any Optimizer) {
    self.loss = loss
    self.optimizer = optimizer
  }

  /// The forward pass on a batch x: (N, …inputShape) → (N, …outputShape).
  public func forward(_ x: Tensor<Float>, training: Bool = false) -> Tensor<Float> {
    precondition(
      x.shape.dropFirst().elementsEqual(inputShape),
      "input shape \(x.shape) is not [N] + \(inputShape)")
    releaseBackwardState()
    var y = x
    for layer in layers { y = layer.forward(y, training: training) }
    return y
  }

  /// The backward pass for the last `forward`: accumulates every parameter's gradient and
  /// returns ∂L/∂x (shape (N, …inputShape)).
  @discardableResult
  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    var g = outputGradient
    for layer in layers.reversed() { g = layer.backward(g) }
    return g
  }

  /// The backward pass that training needs: every parameter's gradient, but not ∂L/∂x (the
  /// first layer only accumulates its parameter gradients). Same gradients as `backward`.
  public func backwardParameters(_ outputGradient: Tensor<Float>) {
    guard let first = layers.first else { return }
    var g = outputGradient
    for layer in layers.dropFirst().reversed() { g = layer.backward(g) }
    first.accumulateParameterGradients(g)
  }

  /// Lets every layer go of the tensors its last forward pass kept (`Layer.releaseBackwardState`),
  /// so that each layer can write its next output into the memory of its last one, and the
  /// caller can rewrite the last input (`fit` rewrites one batch buffer). `forward` calls it
  /// first; afterwards `backward` needs a new `forward`.
  public func releaseBackwardState() {
    for layer in layers { layer.releaseBackwardState() }
  }

  /// Sets every parameter's gradient to zero.
  public func zeroGradients() {
    for p in parameters { p.zeroGradient() }
  }
}
