// Shapes: N = batch, F = input features, O = output features.

/// The gradients of a dense (fully connected) layer: a `LayerGradients` whose tensors are
/// shaped
///
/// ```
///   input:  ∂L/∂x  (N, F)     weight: ∂L/∂W  (O, F)     bias: ∂L/∂b  (O)
/// ```
///
///     // x = [[1, 2]], dy = [[3]]: weight [[3, 6]], bias [3], input = 3·W
public typealias DenseGradients<Scalar: BinaryFloatingPoint & Sendable> = LayerGradients<Scalar>

/// A dense (fully connected) layer's forward pass, as PyTorch's `Linear`: one `gemm` with the
/// weight read transposed.
///
/// ```
///   y[n, o] = b[o] + Σ_f x[n, f] · W[o, f]          y = x·Wᵀ + b
///
///   x: (N, F)   W: (O, F)   b: (O) or nil   y: (N, O)
/// ```
///
///     // x = [[1, 2, 3], [4, 5, 6]], W = [[1, 0, −1], [2, 1, 0]], b = [10, 20]
///     // y = [[10 + 1 − 3, 20 + 2 + 2], [10 + 4 − 6, 20 + 8 + 5]] = [[8, 24], [8, 33]]
///
/// Each output starts from its bias and adds the products in increasing `f` (gemm's order,
/// fixed by the problem size), so the result is bit-identical for any thread count. Its scalar
/// reference is `NeuralNetworks.denseReference`; the two agree to Float rounding.
/// - Complexity: `N·O·F` multiply–adds.
public func dense(
  input x: Tensor<Float>, weight w: Tensor<Float>, bias b: Tensor<Float>?
) -> Tensor<Float> {
  var y = Tensor<Float>.empty
  dense(input: x, weight: w, bias: b, into: &y)
  return y
}

/// `dense` into an output tensor kept by the caller: `y` takes the shape `(N, O)`, its
/// storage is reused when the element count matches (`Tensor.prepareForOverwrite`), and every
/// element is overwritten. The same sums and bits as `dense`.
public func dense(
  input x: Tensor<Float>, weight w: Tensor<Float>, bias b: Tensor<Float>?,
  into y: inout Tensor<Float>
) {
  precondition(
    x.rank == 2 && w.rank == 2, "dense needs x (N, F) and W (O, F): \(x.shape), \(w.shape)")
  let (batch, features, outputs) = (x.shape[0], x.shape[1], w.shape[0])
  precondition(w.shape[1] == features, "weight shape \(w.shape) does not take \(features) features")
  if let b { precondition(b.hasShape(outputs), "bias shape \(b.shape) ≠ [\(outputs)]") }
  if !y.hasShape(batch, outputs) { y.prepareForOverwrite(shape: [batch, outputs]) }
  y.scalars.withUnsafeMutableBufferPointer { py in
    guard let base = py.baseAddress else { return }
    if let b {
      b.scalars.withUnsafeBufferPointer { pb in
        for n in 0..<batch { (base + n * outputs).update(from: pb.baseAddress!, count: outputs) }
      }
    } else {
      py.initialize(repeating: 0)
    }
  }
  guard batch > 0, outputs > 0, features > 0 else { return }
  x.scalars.withUnsafeBufferPointer { px in
    w.scalars.withUnsafeBufferPointer { pw in
      y.scalars.withUnsafeMutableBufferPointer { py in
        gemm(
          m: batch, n: outputs, k: features, a: px.baseAddress!, lda: features,
          b: pw.baseAddress!, ldb: features, transposeB: true, c: py.baseAddress!, ldc: outputs,
          accumulate: b != nil)
      }
    }
  }
}

/// The backward pass of `dense`: from `dy = ∂L/∂y` to the gradients of input, weight, bias.
///
/// ```
///   dx[n, f] = Σ_o dy[n, o] · W[o, f]          dx = dy · W
///   dW[o, f] = Σ_n dy[n, o] · x[n, f]          dW = dyᵀ · x
///   db[o]    = Σ_n dy[n, o]
///
///   x: (N, F)   W: (O, F)   dy: (N, O)
/// ```
///
///     // x = [[1, 2, 3]], W = [[1, 0, −1]], dy = [[2]]:
///     // dx = [[2, 0, −2]], dW = [[2, 4, 6]], db = [2]
///
/// Two `gemm`s (transposes resolved in their packing) and a column sum in increasing `n`:
/// bit-identical for any thread count. Scalar reference: `NeuralNetworks.denseBackwardReference`.
/// - Complexity: `2·N·O·F` multiply–adds.
public func denseBackward(
  input x: Tensor<Float>, weight w: Tensor<Float>, outputGradient dy: Tensor<Float>
) -> DenseGradients<Float> {
  var grads = DenseGradients<Float>(input: .empty, weight: .empty, bias: .empty)
  denseBackward(input: x, weight: w, outputGradient: dy, into: &grads)
  return grads
}

/// `denseBackward` into gradients kept by the caller: `grads.input`, `grads.weight` and
/// `grads.bias` take the shapes `(N, F)`, `(O, F)`, `(O)`, their storage is reused when the
/// element counts match (`Tensor.prepareForOverwrite`), and every element is overwritten.
/// The same sums and bits as `denseBackward`.
public func denseBackward(
  input x: Tensor<Float>, weight w: Tensor<Float>, outputGradient dy: Tensor<Float>,
  into grads: inout DenseGradients<Float>
) {
  precondition(
    x.rank == 2 && w.rank == 2, "dense needs x (N, F) and W (O, F): \(x.shape), \(w.shape)")
  let (batch, features, outputs) = (x.shape[0], x.shape[1], w.shape[0])
  precondition(w.shape[1] == features, "weight shape \(w.shape) does not take \(features) features")
  precondition(
    dy.hasShape(batch, outputs), "output gradient \(dy.shape) ≠ [\(batch), \(outputs)]")
  grads.input.prepareForOverwrite(shape: x.shape)
  grads.weight.prepareForOverwrite(shape: w.shape)
  if !grads.bias.hasShape(outputs) { grads.bias.prepareForOverwrite(shape: [outputs]) }
  // The products below overwrite dx and dW; db is a sum, and an empty product writes nothing.
  grads.bias.setZero()
  guard batch > 0, outputs > 0, features > 0 else {
    grads.input.setZero()
    grads.weight.setZero()
    return
  }
  x.scalars.withUnsafeBufferPointer { px in
    w.scalars.withUnsafeBufferPointer { pw in
      dy.scalars.withUnsafeBufferPointer { pdy in
        grads.input.scalars.withUnsafeMutableBufferPointer { pdx in
          gemm(
            m: batch, n: features, k: outputs, a: pdy.baseAddress!, lda: outputs,
            b: pw.baseAddress!, ldb: features, c: pdx.baseAddress!, ldc: features)
        }
        grads.weight.scalars.withUnsafeMutableBufferPointer { pdw in
          gemm(
            m: outputs, n: features, k: batch, a: pdy.baseAddress!, lda: outputs,
            transposeA: true, b: px.baseAddress!, ldb: features, c: pdw.baseAddress!,
            ldc: features)
        }
        grads.bias.scalars.withUnsafeMutableBufferPointer { pdb in
          for n in 0..<batch {
            addRow(pdy.baseAddress! + n * outputs, into: pdb.baseAddress!, count: outputs)
          }
        }
      }
    }
  }
}
