import CNNCore

/// Average pooling: the mean of every window, per channel.
///
/// ```
///   y[n, c, p, q] = (1/d) Σ_{r,s} x[n, c, p·Sh + r − Pt, q·Sw + s − Pl]     (padding adds 0)
///   d = R·S with countIncludePad (PyTorch's default), else the real cells in the window
///   ∂L/∂x[…] = Σ over the windows covering it of ∂L/∂y / d
///
///   x: (N, C, H, W)   y: (N, C, P, Q)   no parameters
/// ```
/// Stride defaults to the window, rounding to `.exact`. Kernels: `avgPool2D`,
/// `avgPool2DBackward`.
///
///     try AvgPool2D(kernel: 2).outputShape(for: [6, 28, 28])   // [6, 14, 14]
public final class AvgPool2D: PoolingLayer {
  public let kind = "AvgPool2D"
  public var name = "avgpool2d"
  /// The window's side, its step and the zero padding on each side.
  public let kernel: Int, stride: Int, padding: Int
  /// How the output size is rounded when the windows do not tile the input.
  public let rounding: Rounding
  /// Whether padded cells count in the divisor (PyTorch's `count_include_pad`).
  public let countIncludePad: Bool
  private var geometries: [[Int]: Pool2DGeometry] = [:]
  private var lastGeometry: Pool2DGeometry?
  // Kept from step to step, so that training reuses their memory.
  private var output = Tensor<Float>.empty, inputGradient = Tensor<Float>.empty

  /// A `kernel × kernel` window moved by `stride` (nil: the window), `padding` on each side.
  public init(
    kernel: Int, stride: Int? = nil, padding: Int = 0, rounding: Rounding = .exact,
    countIncludePad: Bool = true
  ) {
    self.kernel = kernel
    self.stride = stride ?? kernel
    self.padding = padding
    self.rounding = rounding
    self.countIncludePad = countIncludePad
  }

  public func forward(_ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
    let g = cachedPoolGeometry(x.shape, &geometries) { try geometry(batch: $0, sampleShape: $1) }
    lastGeometry = g
    prepareOutput(&output, g)
    x.scalars.withUnsafeBufferPointer { px in
      output.scalars.withUnsafeMutableBufferPointer { py in
        avgPool2D(input: px, geometry: g, output: py, countIncludePad: countIncludePad)
      }
    }
    return output
  }

  public func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> {
    guard let g = lastGeometry else { preconditionFailure("\(name): backward before forward") }
    precondition(
      outputGradient.hasShape(g.batch, g.channels, g.outHeight, g.outWidth),
      "\(name): output gradient shape \(outputGradient.shape) ≠ \(g.outputShape)")
    prepareInputGradient(&inputGradient, g)
    outputGradient.scalars.withUnsafeBufferPointer { pdy in
      inputGradient.scalars.withUnsafeMutableBufferPointer { pdx in
        avgPool2DBackward(
          gradOutput: pdy, geometry: g, into: pdx, countIncludePad: countIncludePad)
      }
    }
    return inputGradient
  }
}
