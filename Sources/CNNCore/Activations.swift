import Foundation

// Element-wise activations and their backward passes. Shapes: any; the output and the
// gradients have the shape of the input. `relu` itself lives in Elementwise.swift.

/// Elements per chunk of the element-wise kernels: a fixed size, so the work split depends on
/// the tensor's size alone (and each element is computed the same way in any chunk anyway).
let activationChunk = 1 << 15

/// `out[i] = f(x[i], …)` over chunks of `activationChunk` elements, in parallel: `body`
/// (which captures nothing, see `Parallel.forEach(chunks:sharing:_:)`) gets `shared`, the
/// chunk's range and `out`'s base address.
@inline(__always)
func mapChunks<Shared: Sendable>(
  count: Int, into out: inout [Float], sharing shared: Shared,
  _ body: @escaping @Sendable (
    _ shared: Shared, _ range: Range<Int>, _ out: UnsafeMutablePointer<Float>
  ) -> Void
) {
  let chunks = (count + activationChunk - 1) / activationChunk
  out.withUnsafeMutableBufferPointer { po in
    guard let base = po.baseAddress else { return }
    if chunks <= 1 {
      body(shared, 0..<count, base)
      return
    }
    Parallel.forEach(
      chunks: chunks, job: MapChunksJob(shared: shared, body: body, out: base, count: count))
  }
}

/// The job of `mapChunks`: chunk `i` is the elements `i·activationChunk ..<`.
private struct MapChunksJob<Shared>: ParallelJob {
  let shared: Shared
  let body: (Shared, Range<Int>, UnsafeMutablePointer<Float>) -> Void
  let out: UnsafeMutablePointer<Float>, count: Int

  static func run(_ job: UnsafeRawPointer, chunk: Int) {
    let job = job.assumingMemoryBound(to: Self.self)
    let range = chunk * activationChunk..<min(job.pointee.count, (chunk + 1) * activationChunk)
    job.pointee.body(job.pointee.shared, range, job.pointee.out)
  }
}

/// The backward pass of `relu`: the gradient passes where the input was positive.
///
/// ```
///   dx[i] = dy[i] if x[i] > 0, else 0        (the subgradient 0 is taken at x = 0)
/// ```
///
///     reluBackward(input: Tensor(rows: [[−1, 0, 2]]), outputGradient: Tensor(rows: [[5, 6, 7]]))
///     // [[0, 0, 7]]
///
/// Scalar reference: `NeuralNetworks.reluBackwardReference` (they agree exactly).
public func reluBackward(input x: Tensor<Float>, outputGradient dy: Tensor<Float>) -> Tensor<Float>
{
  var dx = Tensor<Float>.empty
  reluBackward(input: x, outputGradient: dy, into: &dx)
  return dx
}

/// `reluBackward` into a tensor kept by the caller (see `Tensor.prepareForOverwrite`).
///
/// ```
///   dx[i] = dy[i] if x[i] > 0, else 0        x, dy, dx: the same shape
/// ```
public func reluBackward(
  input x: Tensor<Float>, outputGradient dy: Tensor<Float>, into dx: inout Tensor<Float>
) {
  precondition(x.shape == dy.shape, "input \(x.shape) and output gradient \(dy.shape) differ")
  dx.prepareForOverwrite(shape: x.shape)
  x.scalars.withUnsafeBufferPointer { px in
    dy.scalars.withUnsafeBufferPointer { pdy in
      guard let baseX = px.baseAddress, let baseDY = pdy.baseAddress else { return }
      let inputs = (SharedConstPointer(baseX), SharedConstPointer(baseDY))
      mapChunks(count: x.count, into: &dx.scalars, sharing: inputs) { inputs, range, po in
        let (sx, sdy) = inputs
        let zero = SIMD8<Float>()
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
          let v = UnsafeRawPointer(sx.base + i).loadUnaligned(as: SIMD8<Float>.self)
          let g = UnsafeRawPointer(sdy.base + i).loadUnaligned(as: SIMD8<Float>.self)
          UnsafeMutableRawPointer(po + i).storeBytes(
            of: zero.replacing(with: g, where: v .> zero), as: SIMD8<Float>.self)
          i += 8
        }
        while i < range.upperBound {
          po[i] = sx.base[i] > 0 ? sdy.base[i] : 0
          i += 1
        }
      }
    }
  }
}

/// The logistic sigmoid, element by element.
///
/// ```
///   y[i] = σ(x[i]) = 1 / (1 + e^(−x[i]))
/// ```
///
///     sigmoid(Tensor(rows: [[0]]))   // [[0.5]]   (1 / (1 + e⁰) = 1/2)
///
/// Scalar reference: `NeuralNetworks.sigmoidReference`.
public func sigmoid(_ x: Tensor<Float>) -> Tensor<Float> {
  var y = Tensor<Float>.empty
  sigmoid(x, into: &y)
  return y
}

/// `sigmoid` into a tensor kept by the caller (see `Tensor.prepareForOverwrite`).
public func sigmoid(_ x: Tensor<Float>, into y: inout Tensor<Float>) {
  unary(x, into: &y) { 1 / (1 + Foundation.exp(-$0)) }
}

/// The backward pass of `sigmoid`, from its output `y`.
///
/// ```
///   dx[i] = dy[i] · y[i] · (1 − y[i])          (σ' = σ·(1 − σ))
/// ```
///
///     sigmoidBackward(output: Tensor(rows: [[0.5]]), outputGradient: Tensor(rows: [[4]]))
///     // [[1]]   (4 · 0.5 · 0.5)
///
/// Scalar reference: `NeuralNetworks.sigmoidBackwardReference`.
public func sigmoidBackward(output y: Tensor<Float>, outputGradient dy: Tensor<Float>) -> Tensor<
  Float
> {
  var dx = Tensor<Float>.empty
  sigmoidBackward(output: y, outputGradient: dy, into: &dx)
  return dx
}

/// `sigmoidBackward` into a tensor kept by the caller (see `Tensor.prepareForOverwrite`).
public func sigmoidBackward(
  output y: Tensor<Float>, outputGradient dy: Tensor<Float>, into dx: inout Tensor<Float>
) {
  binary(y, dy, into: &dx) { y, g in g * y * (1 - y) }
}

/// The hyperbolic tangent, element by element.
///
/// ```
///   y[i] = tanh(x[i]) = (e^x − e^(−x)) / (e^x + e^(−x))
/// ```
///
///     tanh(Tensor(rows: [[0]]))   // [[0]]
///
/// Scalar reference: `NeuralNetworks.tanhReference`.
public func tanh(_ x: Tensor<Float>) -> Tensor<Float> {
  var y = Tensor<Float>.empty
  tanh(x, into: &y)
  return y
}

/// `tanh` into a tensor kept by the caller (see `Tensor.prepareForOverwrite`).
public func tanh(_ x: Tensor<Float>, into y: inout Tensor<Float>) {
  unary(x, into: &y) { Foundation.tanh($0) }
}

/// The backward pass of `tanh`, from its output `y`.
///
/// ```
///   dx[i] = dy[i] · (1 − y[i]²)                (tanh' = 1 − tanh²)
/// ```
///
///     tanhBackward(output: Tensor(rows: [[0.5]]), outputGradient: Tensor(rows: [[4]]))
///     // [[3]]   (4 · (1 − 0.25))
///
/// Scalar reference: `NeuralNetworks.tanhBackwardReference`.
public func tanhBackward(output y: Tensor<Float>, outputGradient dy: Tensor<Float>) -> Tensor<Float>
{
  var dx = Tensor<Float>.empty
  tanhBackward(output: y, outputGradient: dy, into: &dx)
  return dx
}

/// `tanhBackward` into a tensor kept by the caller (see `Tensor.prepareForOverwrite`).
public func tanhBackward(
  output y: Tensor<Float>, outputGradient dy: Tensor<Float>, into dx: inout Tensor<Float>
) {
  binary(y, dy, into: &dx) { y, g in g * (1 - y * y) }
}

@inline(__always)
private func unary(
  _ x: Tensor<Float>, into out: inout Tensor<Float>, _ f: @escaping @Sendable (Float) -> Float
) {
  out.prepareForOverwrite(shape: x.shape)
  x.scalars.withUnsafeBufferPointer { px in
    guard let base = px.baseAddress else { return }
    let shared = (SharedConstPointer(base), Unary(f: f))
    mapChunks(count: x.count, into: &out.scalars, sharing: shared) { shared, range, po in
      let (sx, f) = (shared.0, shared.1.f)
      for i in range { po[i] = f(sx.base[i]) }
    }
  }
}

@inline(__always)
private func binary(
  _ a: Tensor<Float>, _ b: Tensor<Float>, into out: inout Tensor<Float>,
  _ f: @escaping @Sendable (Float, Float) -> Float
) {
  precondition(a.shape == b.shape, "output \(a.shape) and output gradient \(b.shape) differ")
  out.prepareForOverwrite(shape: a.shape)
  a.scalars.withUnsafeBufferPointer { pa in
    b.scalars.withUnsafeBufferPointer { pb in
      guard let baseA = pa.baseAddress, let baseB = pb.baseAddress else { return }
      let shared = (SharedConstPointer(baseA), SharedConstPointer(baseB), Binary(f: f))
      mapChunks(count: a.count, into: &out.scalars, sharing: shared) { shared, range, po in
        let (sa, sb, f) = (shared.0, shared.1, shared.2.f)
        for i in range { po[i] = f(sa.base[i], sb.base[i]) }
      }
    }
  }
}

// The functions of `unary` and `binary` in structs: a closure kept directly in a generic
// tuple would be converted to the most general representation, one heap-allocated thunk per
// use (see `Parallel.forEach(chunks:job:)`).
private struct Unary: Sendable { let f: @Sendable (Float) -> Float }
private struct Binary: Sendable { let f: @Sendable (Float, Float) -> Float }
