// Shapes: N = batch, C = channels, H/W = input height/width, P/Q = output height/width,
// R×S = the pooling window, Sh/Sw = stride, Pt/Pl = top/left padding.

/// What `maxPool2D` returns: the maxima and, for the backward pass, where each came from.
public struct MaxPool2DResult: Equatable, Sendable {
  /// `(N, C, P, Q)`, the window maxima.
  public var output: Tensor<Float>
  /// `(N, C, P, Q)` row-major: for each output, the index `h·W + w` of its maximum inside its
  /// own `(n, c)` plane, as PyTorch's `max_pool2d(…, return_indices=True)` records it.
  public var argmax: [Int32]

  /// Pairs the maxima with their positions; both have one entry per output.
  public init(output: Tensor<Float>, argmax: [Int32]) {
    self.output = output; self.argmax = argmax
  }
}

/// Max pooling, vectorized: the maximum of every window, and where it was.
///
/// ```
///   y[n, c, p, q]   = max_{r, s} x[n, c, p·Sh + r − Pt, q·Sw + s − Pl]   (padding never wins)
///   argmax[n, c, p, q] = h·W + w of the first maximum in row-major window order
///
///   x: (N, C, H, W)   y, argmax: (N, C, P, Q)
/// ```
/// Ties go to the first maximum in the order `(r, s) = (0, 0), (0, 1), …` (PyTorch's rule: a
/// later element replaces the best only if it is strictly larger, or NaN, so NaN propagates).
/// Its scalar reference is `Pooling.maxPool2DReference`; the two agree exactly. This wrapper
/// allocates the result; `maxPool2D(input:geometry:output:argmax:)` writes into given memory.
///
///     let g = try Pool2DGeometry(batch: 1, channels: 1, height: 3, width: 3, kernel: 2,
///                                stride: 1)
///     maxPool2D(input: Tensor(shape: [1, 1, 3, 3], scalars: (0..<9).map(Float.init)),
///               geometry: g)
///     // output [[4, 5], [7, 8]], argmax [4, 5, 7, 8]
public func maxPool2D(input x: Tensor<Float>, geometry g: Pool2DGeometry) -> MaxPool2DResult {
  precondition(x.shape == g.inputShape, "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  let count = g.planes * g.outHeight * g.outWidth
  var argmax: [Int32] = []
  let y = [Float](unsafeUninitializedCapacity: count) { y, initialized in
    argmax = [Int32](unsafeUninitializedCapacity: count) { argmax, initializedIndices in
      x.scalars.withUnsafeBufferPointer { x in
        maxPool2D(input: x, geometry: g, output: y, argmax: argmax)
      }
      initializedIndices = count
    }
    initialized = count
  }
  return MaxPool2DResult(output: Tensor(shape: g.outputShape, scalars: y), argmax: argmax)
}

/// Max pooling into caller-owned memory: `maxPool2D(input:geometry:)` without allocating, for
/// training loops that reuse their buffers.
///
/// ```
///   y[n, c, p, q]      = max_{r, s} x[n, c, p·Sh + r − Pt, q·Sw + s − Pl]
///   argmax[n, c, p, q] = h·W + w of the first maximum (the last NaN, if any) in the window
///
///   input: (N, C, H, W) row-major   output, argmax: (N, C, P, Q), overwritten entirely
/// ```
/// The buffers must not overlap. Agrees exactly (values, NaN payloads and indices) with
/// `Pooling.maxPool2DReference`, and the result is bit-identical for any thread count.
///
/// 2×2/2 and 3×3/2 windows without padding (the common case) run as one sequence of N·C·P
/// output rows, eight outputs at a time (a window column of eight stride-2 outputs is the even
/// or odd half of sixteen consecutive inputs), whatever the plane size; other geometries run
/// plane by plane, eight outputs at a time for stride 1 and 2.
///
///     // 2×2/1 on a 3×3 plane 0…8: output [4, 5, 7, 8], argmax [4, 5, 7, 8]
public func maxPool2D(
  input x: UnsafeBufferPointer<Float>, geometry g: Pool2DGeometry,
  output y: UnsafeMutableBufferPointer<Float>, argmax: UnsafeMutableBufferPointer<Int32>
) {
  let planeIn = g.height * g.width, planeOut = g.outHeight * g.outWidth
  precondition(x.count == g.planes * planeIn, "\(x.count) inputs for \(g), N = \(g.batch)")
  precondition(y.count == g.planes * planeOut, "\(y.count) outputs for \(g), N = \(g.batch)")
  precondition(argmax.count == y.count, "\(argmax.count) argmax slots for \(y.count) outputs")
  // Indices h·W + w, and the column offsets of an edge block past them, must fit in Int32.
  precondition(
    planeIn + g.kernelWidth + 16 <= Int(Int32.max),
    "a plane of \(g.height)×\(g.width) is too big for Int32 argmax indices")
  if let kernel = maxPoolRowKernel(g) {
    if isPool2x2OfWidth8(g) {
      maxPool2x2OfWidth8(x, y, argmax, g)
    } else if PoolHalfBlocks.fillLanesBetter(outWidth: g.outWidth) {
      maxPool2DHalfBlocks(x, y, argmax, g, kernel: kernel)
    } else {
      maxPool2DRows(x, y, argmax, g, kernel: kernel)
    }
    return
  }
  let xs = SharedConstPointer(x.baseAddress!)
  let ys = SharedPointer(y.baseAddress!), args = SharedPointer(argmax.baseAddress!)
  let shared = (xs, ys, args, g, planeIn, planeOut)
  forEachPlaneChunk(planes: g.planes, planeSize: planeIn, sharing: shared) { shared, planes in
    let (xs, ys, args, g, planeIn, planeOut) = shared
    for plane in planes {
      maxPoolPlane(
        xs.base + plane * planeIn, ys.base + plane * planeOut, args.base + plane * planeOut, g)
    }
  }
}

/// The input gradient of max pooling: each output's gradient goes to its window's maximum.
///
/// ```
///   ∂L/∂x[n, c, h, w] = Σ_{p, q : argmax[n, c, p, q] = h·W + w} ∂L/∂y[n, c, p, q]
///
///   gradOutput, argmax: (N, C, P, Q)   result: (N, C, H, W)
/// ```
/// An element that is the maximum of several overlapping windows receives the sum of their
/// gradients; an element that wins no window receives zero. Gradients are added in row-major
/// output order, exactly as `Pooling.maxPool2DBackwardReference` adds them. This wrapper
/// allocates the result; `maxPool2DBackward(gradOutput:argmax:geometry:into:)` does not.
///
///     // 2×2/1 on 0…8 (argmax [4, 5, 7, 8]), gradOutput [[1, 2], [3, 4]]:
///     // result [[0, 0, 0], [0, 1, 2], [0, 3, 4]]
public func maxPool2DBackward(
  gradOutput dy: Tensor<Float>, argmax: [Int32], geometry g: Pool2DGeometry
) -> Tensor<Float> {
  precondition(dy.shape == g.outputShape, "gradOutput shape \(dy.shape) ≠ \(g.outputShape)")
  precondition(argmax.count == dy.count, "\(argmax.count) argmax indices for \(dy.count) outputs")
  let count = g.planes * g.height * g.width
  let dx = [Float](unsafeUninitializedCapacity: count) { dx, initialized in
    dy.scalars.withUnsafeBufferPointer { dy in
      argmax.withUnsafeBufferPointer { argmax in
        maxPool2DBackward(gradOutput: dy, argmax: argmax, geometry: g, into: dx)
      }
    }
    initialized = count
  }
  return Tensor(shape: g.inputShape, scalars: dx)
}

/// The input gradient of max pooling into caller-owned memory.
///
/// ```
///   dx[n, c, h, w] = Σ_{p, q : argmax[n, c, p, q] = h·W + w} dy[n, c, p, q]   (0 if none)
///
///   gradOutput, argmax: (N, C, P, Q)   dx: (N, C, H, W), overwritten entirely
/// ```
/// `dx` need not be zeroed and must not overlap the inputs. Every argmax must lie in its
/// plane (`0 ≤ index < H·W`, checked once per chunk); the sums are added in row-major output
/// order, so the result equals `Pooling.maxPool2DBackwardReference` exactly, for any thread
/// count. For 2×2/2 without padding (non-overlapping windows) each element is written once:
/// its window's gradient if it won, else 0; other geometries zero a chunk of planes while it
/// is in cache and add the gradients into it.
///
///     // 2×2/2 on a 2×2 plane, argmax [3], gradOutput [5]: dx [0, 0, 0, 5]
public func maxPool2DBackward(
  gradOutput dy: UnsafeBufferPointer<Float>, argmax: UnsafeBufferPointer<Int32>,
  geometry g: Pool2DGeometry, into dx: UnsafeMutableBufferPointer<Float>
) {
  let planeIn = g.height * g.width, planeOut = g.outHeight * g.outWidth
  precondition(dy.count == g.planes * planeOut, "\(dy.count) gradients for \(g), N = \(g.batch)")
  precondition(argmax.count == dy.count, "\(argmax.count) argmax indices for \(dy.count) outputs")
  precondition(dx.count == g.planes * planeIn, "\(dx.count) input gradients for \(g)")
  // Rows of two or more full blocks write dx once, directly; for narrower rows (Q < 16) the
  // scatter below is faster (measured in cnn-bench: LeNet c2, Keras c4 and AlexNet c5 at
  // about half the time), its zeroing staying in cache.
  if maxPoolRowKernel(g) == 2 && g.outWidth >= 16
    && pool2x2BackwardRows(gradOutput: dy, argmax: argmax, into: dx, geometry: g)
  {
    return
  }
  let dys = SharedConstPointer(dy.baseAddress!), args = SharedConstPointer(argmax.baseAddress!)
  let dxs = SharedPointer(dx.baseAddress!)
  let shared = (dys, args, dxs, planeIn, planeOut)
  forEachPlaneChunk(planes: g.planes, planeSize: planeIn, sharing: shared) { shared, planes in
    let (dys, args, dxs, planeIn, planeOut) = shared
    // The chunk's indices, checked once and eight at a time before anything is written
    // (read as unsigned, a negative index is huge).
    let winners = args.base + planes.lowerBound * planeOut, count = planes.count * planeOut
    var largest = SIMD8<UInt32>()
    var i = 0
    while i + 8 <= count {
      largest = pointwiseMax(
        largest, UnsafeRawPointer(winners + i).loadUnaligned(as: SIMD8<UInt32>.self))
      i += 8
    }
    var top = largest.max()
    for j in i..<count { top = max(top, UInt32(bitPattern: winners[j])) }
    precondition(
      top < UInt32(planeIn),
      "argmax index \(Int32(bitPattern: top)) lies outside its \(planeIn)-element plane")
    // Zero the chunk while it is in cache, then add each gradient at its winner.
    (dxs.base + planes.lowerBound * planeIn).update(repeating: 0, count: planes.count * planeIn)
    for plane in planes {
      let gradient = dys.base + plane * planeOut, winner = args.base + plane * planeOut
      let target = dxs.base + plane * planeIn
      for i in 0..<planeOut { target[Int(winner[i])] += gradient[i] }
    }
  }
}

// MARK: - One plane

/// Max-pools one `(n, c)` plane, choosing a specialised row routine for the window width and
/// stride (the constants let the compiler unroll the window loops).
@inline(__always)
private func maxPoolPlane(
  _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
  _ argmax: UnsafeMutablePointer<Int32>, _ g: Pool2DGeometry
) {
  switch (g.kernelWidth, g.strideWidth) {
  case (2, 2): maxPoolRows(x, y, argmax, g, kernelWidth: 2, stride: 2)
  case (3, 2): maxPoolRows(x, y, argmax, g, kernelWidth: 3, stride: 2)
  case (let s, 2): maxPoolRows(x, y, argmax, g, kernelWidth: s, stride: 2)
  case (let s, 1): maxPoolRows(x, y, argmax, g, kernelWidth: s, stride: 1)
  case (let s, let stride): maxPoolRows(x, y, argmax, g, kernelWidth: s, stride: stride)
  }
}

@inline(__always)
private func maxPoolRows(
  _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
  _ argmax: UnsafeMutablePointer<Int32>, _ g: Pool2DGeometry, kernelWidth: Int, stride: Int
) {
  let width = g.width, outWidth = g.outWidth, left = g.padding.left
  let blocks = ColumnBlocks(geometry: g, kernelWidth: kernelWidth, stride: stride)
  guard blocks.enabled else {
    for p in 0..<g.outHeight {
      for q in 0..<outWidth { maxPoolOne(x, y, argmax, g, p, q) }
    }
    return
  }
  let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) &* Int32(stride)
  withUnsafeTemporaryAllocation(of: Float.self, capacity: blocks.reach) { scratch in
    for p in 0..<g.outHeight {
      let rows = g.inputRows(ofOutputRow: p)
      let out = y + p * outWidth, outArg = argmax + p * outWidth
      var q = 0
      while q < outWidth {
        // Outputs q ..< q + count side by side: lane j is output column q + j, whose window
        // starts at input column c0 + j·Sw.
        let count = min(8, outWidth - q)
        let c0 = q * stride - left
        let direct = count == 8 && blocks.isInside(at: q)
        var best = SIMD8<Float>(repeating: -.infinity)
        // Each window starts with its first real element (PyTorch's rule for all-−∞ windows);
        // only an edge block's windows can start left of column 0.
        var firstColumn = SIMD8(repeating: Int32(c0)) &+ lanes
        if c0 < 0 {
          for j in 0..<8 where firstColumn[j] < 0 { firstColumn[j] = 0 }
        }
        var index = SIMD8(repeating: Int32(rows.lowerBound * width)) &+ firstColumn
        for h in rows {
          // Whole windows read the row itself; edge blocks read a copy padded with −∞, which
          // never wins a strict comparison.
          let source = direct
            ? x + h * width + c0
            : blocks.segment(of: x + h * width, from: c0, into: scratch, fill: -.infinity)
          for s in 0..<kernelWidth {
            let v = loadColumns(source, s, stride: stride)
            let wins = (v .> best) .| (v .!= v)
            best.replace(with: v, where: wins)
            index.replace(with: SIMD8(repeating: Int32(h * width + c0 + s)) &+ lanes, where: wins)
          }
        }
        if count == 8 {
          store8(best, out + q)
          UnsafeMutableRawPointer(outArg + q).storeBytes(of: index, as: SIMD8<Int32>.self)
        } else {
          for j in 0..<count {
            out[q + j] = best[j]
            outArg[q + j] = index[j]
          }
        }
        q += count
      }
    }
  }
}

/// One output of max pooling, for strides the SIMD blocks do not handle (3 and more).
@inline(__always)
private func maxPoolOne(
  _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
  _ argmax: UnsafeMutablePointer<Int32>, _ g: Pool2DGeometry, _ p: Int, _ q: Int
) {
  let width = g.width
  let rows = g.inputRows(ofOutputRow: p), columns = g.inputColumns(ofOutputColumn: q)
  var best = -Float.infinity
  var index = rows.lowerBound * width + columns.lowerBound
  for h in rows {
    for w in columns where x[h * width + w] > best || x[h * width + w].isNaN {
      best = x[h * width + w]
      index = h * width + w
    }
  }
  y[p * g.outWidth + q] = best
  argmax[p * g.outWidth + q] = Int32(index)
}

// MARK: - Helpers shared with average pooling

/// How a row of outputs is cut into blocks of eight for stride 1 or 2.
///
/// A block of eight outputs starting at `q` reads the input columns `c0 ..< c0 + reach`
/// (`c0 = q·Sw − Pl`): stride 1 loads 8 floats at each window offset 0…S−1 (reach S + 7);
/// stride 2 loads 16 floats at the even offset at or below each window column (reach 16 + the
/// last even offset). A block whose columns all lie inside the row reads the row directly;
/// an edge block (left or right padding, a ceil-mode overhang, fewer than eight outputs left)
/// reads a copy of its segment in which the positions outside the row hold a fill value.
struct ColumnBlocks {
  let stride: Int, left: Int, width: Int
  let reach: Int
  /// False for strides of 3 and more, which run one output at a time.
  let enabled: Bool

  @inline(__always)
  init(geometry g: Pool2DGeometry, kernelWidth: Int, stride: Int) {
    self.stride = stride; left = g.padding.left; width = g.width
    switch stride {
    case 1: reach = kernelWidth + 7; enabled = true
    case 2: reach = (kernelWidth - 1) - ((kernelWidth - 1) & 1) + 16; enabled = true
    default: reach = 1; enabled = false
    }
  }

  /// Whether the block starting at output `q` reads only columns inside the row.
  @inline(__always)
  func isInside(at q: Int) -> Bool {
    let c0 = q * stride - left
    return c0 >= 0 && c0 + reach <= width
  }

  /// Copies `row[c0 ..< c0 + reach]` into `scratch`, with `fill` where a column lies outside
  /// the row, and returns the copy.
  @inline(__always)
  func segment(
    of row: UnsafePointer<Float>, from c0: Int, into scratch: UnsafeMutableBufferPointer<Float>,
    fill: Float
  ) -> UnsafePointer<Float> {
    let base = scratch.baseAddress!
    for i in 0..<reach {
      let w = c0 + i
      base[i] = w >= 0 && w < width ? row[w] : fill
    }
    return UnsafePointer(base)
  }
}

/// `start[s], start[s + Sw], …, start[s + 7·Sw]` for stride `Sw` = 1 or 2: window column `s`
/// of eight outputs whose windows begin at `start`.
@inline(__always)
func loadColumns(_ start: UnsafePointer<Float>, _ s: Int, stride: Int) -> SIMD8<Float> {
  if stride == 1 { return load8(start + s) }
  // Stride 2: the even (s even) or odd (s odd) lanes of 16 floats from offset s − (s mod 2).
  let sixteen = load16(start + (s - (s & 1)))
  return s & 1 == 1 ? oddLanes(sixteen) : evenLanes(sixteen)
}

