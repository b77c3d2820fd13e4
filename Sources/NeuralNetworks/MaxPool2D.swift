import CNNCore

/// Max pooling: the largest value of every window, per channel.
///
/// ```
///   y[n, c, p, q] = max_{r,s} x[n, c, p·Sh + r − Pt, q·Sw + s − Pl]      (padding never wins)
///   ∂L/∂x: each output's gradient goes to the position of its maximum (summed on overlaps)
///
///   x: (N, C, H, W)   y: (N, C, P, Q)   P = (H − R + 2P)/S + 1   no parameters
/// ```
/// The stride defaults to the window; `rounding` defaults to `.exact` (use `.floor` for
/// PyTorch's default, `.ceil` for its `ceil_mode`). Kernels: `maxPool2D`, `maxPool2DBackward`.
///
///     try MaxPool2D(kernel: 2).outputShape(for: [6, 28, 28])   // [6, 14, 14]   ((28 − 2)/2 + 1)
public final class MaxPool2D: PoolingLayer {
  public let kind = "MaxPool2D"
  public var name = "maxpool2d"
  /// The window's side, its step and the padding on each side (padding never wins).
  public let kernel: Int, stride: Int, padding: Int
  /// How the output size is rounded when the windows do not tile the input.
  public let rounding: Rounding
  private var geometries: [[Int]: Pool2DGeometry] = [:]
  private var lastGeometry: Pool2DGeometry?
  // The last forward pass's arg-max positions, and the output and input gradient: kept from
  // step to step, so that training reuses their memory.
  private var argmax: [Int32] = []
  private var output = Tensor<Float>.empty, inputGradient = Tensor<Float>.empty

  /// A `kernel × kernel` window moved by `stride` (nil: the window), `padding` on each side.
  public init(kernel: Int, stride: Int? = nil, padding: Int = 0, rounding: Rounding = .exact) {
    self.kernel = kernel
    self.stride = stride ?? kernel
    self.padding = padding
    self.rounding = rounding
  }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    let g = cachedPoolGeometry(x.shape, &geometries) { try geometry(batch: $0, sampleShape: $1) }
    prepareOutput(&output, g)
    let count = output.count
    if argmax.count != count { argmax = [Int32](repeating: 0, count: count) }
    x.scalars.withUnsafeBufferPointer { px in
      output.scalars.withUnsafeMutableBufferPointer { py in
        argmax.withUnsafeMutableBufferPointer { pa in
          maxPool2D(input: px, geometry: g, output: py, argmax: pa)
        }
      }
    }
    lastGeometry = g
    return output
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    guard let g = lastGeometry else { preconditionFailure("\(name): backward before forward") }
    precondition(
      outputGradient.hasShape(g.batch, g.channels, g.outHeight, g.outWidth),
      "\(name): output gradient shape \(outputGradient.shape) ≠ \(g.outputShape)")
    prepareInputGradient(&inputGradient, g)
    outputGradient.scalars.withUnsafeBufferPointer { pdy in
      argmax.withUnsafeBufferPointer { pa in
        inputGradient.scalars.withUnsafeMutableBufferPointer { pdx in
          maxPool2DBackward(gradOutput: pdy, argmax: pa, geometry: g, into: pdx)
        }
      }
    }
    return inputGradient
  }
}

/// Gives a pooling layer's kept output the shape `(N, C, P, Q)` of `g` (its storage reused).
func prepareOutput(_ y: inout Tensor<Float>, _ g: Pool2DGeometry) {
  if !y.hasShape(g.batch, g.channels, g.outHeight, g.outWidth) {
    y.prepareForOverwrite(shape: g.outputShape)
  }
}

/// Gives a pooling layer's kept input gradient the shape `(N, C, H, W)` of `g`.
func prepareInputGradient(_ dx: inout Tensor<Float>, _ g: Pool2DGeometry) {
  if !dx.hasShape(g.batch, g.channels, g.height, g.width) {
    dx.prepareForOverwrite(shape: g.inputShape)
  }
}

/// The cached geometry for an NCHW shape, built (and validated) on first sight.
func cachedPoolGeometry(
  _ shape: [Int], _ cache: inout [[Int]: Pool2DGeometry],
  _ make: (Int, [Int]) throws -> Pool2DGeometry
) -> Pool2DGeometry {
  if let g = cache[shape] { return g }
  precondition(shape.count == 4, "pooling input must be NCHW, got shape \(shape)")
  let g = validated { try make(shape[0], Array(shape.dropFirst())) }
  cache[shape] = g
  return g
}
