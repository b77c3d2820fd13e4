import CNNCore
import NeuralNetworks

/// A convolution whose output maps each read only some input maps (LeNet-5's C3), built
/// from grouped slices: output map `k` is an ordinary convolution of the input maps listed
/// in `table.inputs(of: k)`, with its own weight of shape `(1, |inputs(k)|, R, S)`.
///
/// ```
///   y[n, k, p, q] = b[k] + Σ_{j < |I_k|} Σ_{r,s} w_k[0, j, r, s] · x[n, I_k[j], p + r, q + s]
///
///   x: (N, C, H, W)   w_k: (1, |I_k|, R, S)   b: (K)   y: (N, K, H − R + 1, W − S + 1)
///   parameters = Σ_k |I_k|·R·S + K           (1,516 for the paper's table, 5×5 kernels)
/// ```
/// Slices, not a mask on a full `(K, C, R, S)` weight: the parameter count in the model's
/// summary is then the true number of learnable scalars, and no optimizer can revive a
/// masked weight (with a mask, weight decay or a bug in the masking would). The price is one
/// small convolution per output map. Backward: `conv2dBackward` per map, the input
/// gradients of the maps that share an input channel are summed.
///
///     let c3 = SparseConv2D(table: .paper, kernel: 5, seed: 1)
///     try c3.outputShape(for: [6, 14, 14])   // [16, 10, 10]   (14 − 5 + 1 = 10)
///     c3.parameterCount                      // 1516
public final class SparseConv2D: Layer {
  public let kind = "Conv2D"
  public var name: String { didSet { renameParameters() } }
  /// Which input maps each output map reads.
  public let table: C3ConnectionTable
  /// `R = S`.
  public let kernel: Int
  /// `w_k`, shape `(1, |I_k|, R, S)`, one per output map.
  public let weights: [Parameter]
  /// `b`, shape `(K)`.
  public let bias: Parameter
  private var lastInput: Tensor<Float>?

  /// Weights drawn with `initializer` (fan_in = |I_k|·R·S, fan_out = K·R·S), biases zero.
  public init(
    table: C3ConnectionTable, kernel: Int, initializer: Initializer = .glorotUniform,
    generator: inout SeededGenerator
  ) {
    precondition(kernel >= 1, "SparseConv2D needs a kernel ≥ 1, got \(kernel)")
    self.table = table
    self.kernel = kernel
    self.name = "conv2d"
    var weights: [Parameter] = []
    for k in 0..<table.outputMaps {
      let n = table.inputs(of: k).count
      weights.append(
        Parameter(
          name: "conv2d.weight\(k)",
          value: initializer.tensor(
            shape: [1, n, kernel, kernel], fanIn: n * kernel * kernel,
            fanOut: table.outputMaps * kernel * kernel, using: &generator)))
    }
    self.weights = weights
    self.bias = Parameter(name: "conv2d.bias", value: Tensor(zeros: [table.outputMaps]))
  }

  /// Weights drawn from a generator seeded with `seed`.
  public convenience init(
    table: C3ConnectionTable, kernel: Int, initializer: Initializer = .glorotUniform,
    seed: UInt64 = 0
  ) {
    var generator = SeededGenerator(seed: seed)
    self.init(table: table, kernel: kernel, initializer: initializer, generator: &generator)
  }

  public var parameters: [Parameter] { weights + [bias] }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape.count == 3 else {
      throw GeometryError(
        "SparseConv2D expects a per-sample input (C, H, W) of rank 3, got \(inputShape)")
    }
    guard inputShape[0] == table.inputMaps else {
      throw GeometryError(
        "SparseConv2D's table reads \(table.inputMaps) input maps, got \(inputShape[0]) "
          + "channels (input shape \(inputShape))")
    }
    let g = try geometry(batch: 1, inputs: 1, height: inputShape[1], width: inputShape[2])
    return [table.outputMaps, g.outHeight, g.outWidth]
  }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    lastInput = x
    let (n, h, w) = (x.shape[0], x.shape[2], x.shape[3])
    let g1 = validated { try geometry(batch: n, inputs: 1, height: h, width: w) }
    let plane = g1.outHeight * g1.outWidth
    var y = Tensor<Float>(zeros: [n, table.outputMaps, g1.outHeight, g1.outWidth])
    for k in 0..<table.outputMaps {
      let inputs = table.inputs(of: k)
      let g = validated { try geometry(batch: n, inputs: inputs.count, height: h, width: w) }
      let yk = conv2d(
        input: gather(x, channels: inputs), weight: weights[k].value,
        bias: Tensor(shape: [1], scalars: [bias.value.scalars[k]]), geometry: g)
      for i in 0..<n {
        let target = (i * table.outputMaps + k) * plane
        y.scalars.replaceSubrange(
          target..<(target + plane), with: yk.scalars[(i * plane)..<((i + 1) * plane)])
      }
    }
    return y
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    guard let x = lastInput else { preconditionFailure("\(name): backward before forward") }
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let plane = outputGradient.shape[2] * outputGradient.shape[3]
    var dx = Tensor<Float>(zeros: x.shape)
    var db = [Float](repeating: 0, count: table.outputMaps)
    for k in 0..<table.outputMaps {
      let inputs = table.inputs(of: k)
      let g = validated { try geometry(batch: n, inputs: inputs.count, height: h, width: w) }
      var dyk = [Float](repeating: 0, count: n * plane)
      for i in 0..<n {
        let source = (i * table.outputMaps + k) * plane
        dyk.replaceSubrange(
          (i * plane)..<((i + 1) * plane), with: outputGradient.scalars[source..<(source + plane)])
      }
      let grads = conv2dBackward(
        input: gather(x, channels: inputs), weight: weights[k].value,
        outputGradient: Tensor(shape: g.outputShape, scalars: dyk), geometry: g)
      weights[k].gradient = add(weights[k].gradient, grads.weight)
      db[k] = grads.bias.scalars[0]
      // Scatter: channel j of this slice is input channel inputs[j].
      let hw = h * w
      for i in 0..<n {
        for (j, channel) in inputs.enumerated() {
          let from = (i * inputs.count + j) * hw
          let to = (i * c + channel) * hw
          for t in 0..<hw { dx.scalars[to + t] += grads.input.scalars[from + t] }
        }
      }
    }
    bias.gradient = add(bias.gradient, Tensor(shape: [table.outputMaps], scalars: db))
    return dx
  }

  /// The geometry of one output map that reads `inputs` channels.
  private func geometry(batch: Int, inputs: Int, height: Int, width: Int) throws
    -> Conv2DGeometry
  {
    try Conv2DGeometry(
      batch: batch, inChannels: inputs, height: height, width: width, outChannels: 1,
      kernel: kernel)
  }

  /// The channels `channels` of every image of `x`, in that order: (N, |channels|, H, W).
  private func gather(_ x: Tensor<Float>, channels: [Int]) -> Tensor<Float> {
    let (n, c) = (x.shape[0], x.shape[1])
    let hw = x.shape[2] * x.shape[3]
    var out = [Float]()
    out.reserveCapacity(n * channels.count * hw)
    for i in 0..<n {
      for channel in channels {
        let from = (i * c + channel) * hw
        out.append(contentsOf: x.scalars[from..<(from + hw)])
      }
    }
    return Tensor(shape: [n, channels.count, x.shape[2], x.shape[3]], scalars: out)
  }

  private func renameParameters() {
    for (k, p) in weights.enumerated() { p.name = "\(name).weight\(k)" }
    bias.name = "\(name).bias"
  }

  /// Stops with the geometry's explanation (shapes were checked when the model was built).
  private func validated<R>(_ body: () throws -> R) -> R {
    do { return try body() } catch { preconditionFailure("\(name): \(error)") }
  }
}
