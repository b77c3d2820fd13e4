// Shapes: N = batch, C = channels, H/W = input height/width, P/Q = output height/width,
// R×S = the pooling window, Sh/Sw = stride, Pt/Pl = top/left padding.

/// Average pooling, vectorized: the mean of every window.
///
/// ```
///   y[n, c, p, q] = ( Σ_{r, s} x[n, c, p·Sh + r − Pt, q·Sw + s − Pl] ) / d(p, q)
///                   (padding adds zero)
///   d(p, q) = geometry.averageDivisor(row: p, column: q, countIncludePad:)
///           countIncludePad: the window's cells inside the padded input (R·S unless a
///                            ceil-mode window hangs past it)
///           otherwise:       the window's cells inside the real input
///
///   x: (N, C, H, W)   y: (N, C, P, Q)
/// ```
/// PyTorch's `avg_pool2d` with the same `count_include_pad`. Its scalar reference is
/// `Pooling.avgPool2DReference`; both add a window's elements in row-major order and divide
/// once, so they agree to the last bit.
///
///     let g = try Pool2DGeometry(batch: 1, channels: 1, height: 3, width: 3, kernel: 2,
///                                stride: 1)
///     avgPool2D(input: Tensor(shape: [1, 1, 3, 3], scalars: (0..<9).map(Float.init)),
///               geometry: g, countIncludePad: true)
///     // [[2, 3], [5, 6]]   ((0 + 1 + 3 + 4)/4 = 2, …)
public func avgPool2D(
  input x: Tensor<Float>, geometry g: Pool2DGeometry, countIncludePad: Bool = true
) -> Tensor<Float> {
  precondition(x.shape == g.inputShape, "input shape \(x.shape) ≠ \(g.inputShape) for \(g)")
  let count = g.planes * g.outHeight * g.outWidth
  let y = [Float](unsafeUninitializedCapacity: count) { y, initialized in
    x.scalars.withUnsafeBufferPointer { x in
      avgPool2D(input: x, geometry: g, output: y, countIncludePad: countIncludePad)
    }
    initialized = count
  }
  return Tensor(shape: g.outputShape, scalars: y)
}

/// Average pooling into caller-owned memory: `avgPool2D(input:geometry:countIncludePad:)`
/// without allocating.
///
/// ```
///   y[n, c, p, q] = ( Σ_{r, s} x[n, c, p·Sh + r − Pt, q·Sw + s − Pl] ) / d(p, q)
///
///   input: (N, C, H, W) row-major   output: (N, C, P, Q), overwritten entirely
/// ```
/// The buffers must not overlap. Agrees to the last bit with `Pooling.avgPool2DReference`,
/// for any thread count. 2×2/2 without padding runs as one sequence of N·C·P output rows,
/// eight outputs at a time whatever the plane size; other geometries plane by plane.
///
///     // 2×2/2 on a 2×2 plane [1, 2, 3, 4]: output [2.5]
public func avgPool2D(
  input x: UnsafeBufferPointer<Float>, geometry g: Pool2DGeometry,
  output y: UnsafeMutableBufferPointer<Float>, countIncludePad: Bool = true
) {
  let planeIn = g.height * g.width, planeOut = g.outHeight * g.outWidth
  precondition(x.count == g.planes * planeIn, "\(x.count) inputs for \(g), N = \(g.batch)")
  precondition(y.count == g.planes * planeOut, "\(y.count) outputs for \(g), N = \(g.batch)")
  if isAvgPool2x2Rows(g) {
    if isPool2x2OfWidth8(g) { return avgPool2x2OfWidth8(x, y, g) }
    if PoolHalfBlocks.fillLanesBetter(outWidth: g.outWidth, average: true) {
      return avgPool2x2HalfBlocks(x, y, g)
    }
    return avgPool2x2Rows(x, y, g)
  }
  let xs = SharedConstPointer(x.baseAddress!), ys = SharedPointer(y.baseAddress!)
  let shared = (xs, ys, g, countIncludePad, planeIn, planeOut)
  forEachPlaneChunk(planes: g.planes, planeSize: planeIn, sharing: shared) { shared, planes in
    let (xs, ys, g, countIncludePad, planeIn, planeOut) = shared
    for plane in planes {
      avgPoolPlane(xs.base + plane * planeIn, ys.base + plane * planeOut, g, countIncludePad)
    }
  }
}

/// The input gradient of average pooling: each output's gradient, divided by the same
/// divisor as in the forward pass, is spread over the real input elements of its window.
///
/// ```
///   ∂L/∂x[n, c, h, w] = Σ_{p, q : (h, w) in window (p, q)} ∂L/∂y[n, c, p, q] / d(p, q)
///
///   gradOutput: (N, C, P, Q)   result: (N, C, H, W)
/// ```
/// With overlapping windows an element collects a share from every window that covers it.
/// Its scalar reference is `Pooling.avgPool2DBackwardReference` (they agree to Float
/// rounding: the shares of one element are added in a different order).
///
///     // 2×2/1 on a 3×3 input, gradOutput all ones: each share is 1/4 and the centre lies in
///     // all four windows: result [[0.25, 0.5, 0.25], [0.5, 1, 0.5], [0.25, 0.5, 0.25]]
public func avgPool2DBackward(
  gradOutput dy: Tensor<Float>, geometry g: Pool2DGeometry, countIncludePad: Bool = true
) -> Tensor<Float> {
  precondition(dy.shape == g.outputShape, "gradOutput shape \(dy.shape) ≠ \(g.outputShape)")
  let count = g.planes * g.height * g.width
  let dx = [Float](unsafeUninitializedCapacity: count) { dx, initialized in
    dy.scalars.withUnsafeBufferPointer { dy in
      avgPool2DBackward(gradOutput: dy, geometry: g, into: dx, countIncludePad: countIncludePad)
    }
    initialized = count
  }
  return Tensor(shape: g.inputShape, scalars: dx)
}

/// The input gradient of average pooling into caller-owned memory.
///
/// ```
///   dx[n, c, h, w] = Σ_{p, q : (h, w) in window (p, q)} dy[n, c, p, q] / d(p, q)   (0 if none)
///
///   gradOutput: (N, C, P, Q)   dx: (N, C, H, W), overwritten entirely
/// ```
/// `dx` need not be zeroed and must not overlap `gradOutput`. Agrees with
/// `Pooling.avgPool2DBackwardReference` exactly for non-overlapping windows and to Float
/// rounding otherwise (an element's shares are added in another order), for any thread count.
/// 2×2/2 without padding writes each element once, `0 + dy/4`; other geometries zero a chunk
/// of planes while it is in cache and add the shares into it.
///
///     // 2×2/2 on a 2×2 plane, gradOutput [8]: dx [2, 2, 2, 2]
public func avgPool2DBackward(
  gradOutput dy: UnsafeBufferPointer<Float>, geometry g: Pool2DGeometry,
  into dx: UnsafeMutableBufferPointer<Float>, countIncludePad: Bool = true
) {
  let planeIn = g.height * g.width, planeOut = g.outHeight * g.outWidth
  precondition(dy.count == g.planes * planeOut, "\(dy.count) gradients for \(g), N = \(g.batch)")
  precondition(dx.count == g.planes * planeIn, "\(dx.count) input gradients for \(g)")
  if isAvgPool2x2Rows(g) {
    if isPool2x2OfWidth8(g) {
      avgPool2x2BackwardOfWidth8(dy, dx, g)
    } else if PoolHalfBlocks.fillLanesBetter(outWidth: g.outWidth, average: true) {
      avgPool2DBackwardHalves(gradOutput: dy, into: dx, geometry: g)
    } else {
      _ = pool2x2BackwardRows(gradOutput: dy, argmax: nil, into: dx, geometry: g)
    }
    return
  }
  let dys = SharedConstPointer(dy.baseAddress!), dxs = SharedPointer(dx.baseAddress!)
  let shared = (dys, dxs, g, countIncludePad, planeIn, planeOut)
  forEachPlaneChunk(planes: g.planes, planeSize: planeIn, sharing: shared) { shared, planes in
    let (dys, dxs, g, countIncludePad, planeIn, planeOut) = shared
    (dxs.base + planes.lowerBound * planeIn).update(repeating: 0, count: planes.count * planeIn)
    for plane in planes {
      avgPoolBackwardPlane(
        dys.base + plane * planeOut, dxs.base + plane * planeIn, g, countIncludePad)
    }
  }
}

// MARK: - One plane

@inline(__always)
private func avgPoolPlane(
  _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ g: Pool2DGeometry,
  _ countIncludePad: Bool
) {
  switch (g.kernelWidth, g.strideWidth) {
  case (2, 2): avgPoolRows(x, y, g, countIncludePad, kernelWidth: 2, stride: 2)
  case (3, 2): avgPoolRows(x, y, g, countIncludePad, kernelWidth: 3, stride: 2)
  case (let s, 2): avgPoolRows(x, y, g, countIncludePad, kernelWidth: s, stride: 2)
  case (let s, 1): avgPoolRows(x, y, g, countIncludePad, kernelWidth: s, stride: 1)
  case (let s, let stride): avgPoolRows(x, y, g, countIncludePad, kernelWidth: s, stride: stride)
  }
}

@inline(__always)
private func avgPoolRows(
  _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ g: Pool2DGeometry,
  _ countIncludePad: Bool, kernelWidth: Int, stride: Int
) {
  let width = g.width, outWidth = g.outWidth, left = g.padding.left
  let blocks = ColumnBlocks(geometry: g, kernelWidth: kernelWidth, stride: stride)
  guard blocks.enabled else {
    // Stride 3 and more: one output at a time, the window clipped to the input.
    for p in 0..<g.outHeight {
      let rows = g.inputRows(ofOutputRow: p)
      for q in 0..<outWidth {
        var sum: Float = 0
        for h in rows {
          for w in g.inputColumns(ofOutputColumn: q) { sum += x[h * width + w] }
        }
        let divisor = g.averageDivisor(row: p, column: q, countIncludePad: countIncludePad)
        y[p * outWidth + q] = sum / Float(divisor)
      }
    }
    return
  }
  withUnsafeTemporaryAllocation(of: Float.self, capacity: blocks.reach) { scratch in
    for p in 0..<g.outHeight {
      let rows = g.inputRows(ofOutputRow: p)
      let out = y + p * outWidth
      var q = 0
      while q < outWidth {
        // Lane j is output column q + j; see `maxPoolRows`.
        let count = min(8, outWidth - q)
        let c0 = q * stride - left
        let direct = count == 8 && blocks.isInside(at: q)
        let divisor = divisors(g, p, q, count, direct, countIncludePad)
        var sum = SIMD8<Float>()
        for h in rows {
          // Edge blocks read a copy of the row segment padded with zeros (adding +0 to a sum
          // changes nothing, so the result equals the reference's, which skips padding).
          let source = direct
            ? x + h * width + c0
            : blocks.segment(of: x + h * width, from: c0, into: scratch, fill: 0)
          for s in 0..<kernelWidth { sum += loadColumns(source, s, stride: stride) }
        }
        let mean = sum / divisor
        if count == 8 {
          store8(mean, out + q)
        } else {
          for j in 0..<count { out[q + j] = mean[j] }
        }
        q += count
      }
    }
  }
}

/// The divisors of outputs `q ..< q + count` of row `p` (1 in unused lanes). A block of whole
/// windows (`direct`) shares one divisor.
@inline(__always)
private func divisors(
  _ g: Pool2DGeometry, _ p: Int, _ q: Int, _ count: Int, _ direct: Bool, _ countIncludePad: Bool
) -> SIMD8<Float> {
  if direct {
    let d = g.averageDivisor(row: p, column: q, countIncludePad: countIncludePad)
    return SIMD8(repeating: Float(d))
  }
  var d = SIMD8<Float>(repeating: 1)
  for j in 0..<count {
    d[j] = Float(g.averageDivisor(row: p, column: q + j, countIncludePad: countIncludePad))
  }
  return d
}

@inline(__always)
private func avgPoolBackwardPlane(
  _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ g: Pool2DGeometry,
  _ countIncludePad: Bool
) {
  switch (g.kernelWidth, g.strideWidth) {
  case (2, 2): avgPoolBackwardRows(dy, dx, g, countIncludePad, kernelWidth: 2, stride: 2)
  case (3, 2): avgPoolBackwardRows(dy, dx, g, countIncludePad, kernelWidth: 3, stride: 2)
  case (let s, 2): avgPoolBackwardRows(dy, dx, g, countIncludePad, kernelWidth: s, stride: 2)
  case (let s, 1): avgPoolBackwardRows(dy, dx, g, countIncludePad, kernelWidth: s, stride: 1)
  case (let s, let stride):
    avgPoolBackwardRows(dy, dx, g, countIncludePad, kernelWidth: s, stride: stride)
  }
}

@inline(__always)
private func avgPoolBackwardRows(
  _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ g: Pool2DGeometry,
  _ countIncludePad: Bool, kernelWidth: Int, stride: Int
) {
  let width = g.width, outWidth = g.outWidth, left = g.padding.left
  let blocks = ColumnBlocks(geometry: g, kernelWidth: kernelWidth, stride: stride)
  guard blocks.enabled else {
    for p in 0..<g.outHeight {
      let rows = g.inputRows(ofOutputRow: p)
      for q in 0..<outWidth {
        let divisor = g.averageDivisor(row: p, column: q, countIncludePad: countIncludePad)
        let share = dy[p * outWidth + q] / Float(divisor)
        for h in rows {
          for w in g.inputColumns(ofOutputColumn: q) { dx[h * width + w] += share }
        }
      }
    }
    return
  }
  withUnsafeTemporaryAllocation(of: Float.self, capacity: blocks.reach) { scratch in
    let segment = scratch.baseAddress!
    for p in 0..<g.outHeight {
      let rows = g.inputRows(ofOutputRow: p)
      let gradient = dy + p * outWidth
      var q = 0
      while q < outWidth {
        let count = min(8, outWidth - q)
        let c0 = q * stride - left
        let direct = count == 8 && blocks.isInside(at: q)
        var g8 = SIMD8<Float>()  // unused lanes stay 0 and spread nothing
        if count == 8 {
          g8 = UnsafeRawPointer(gradient + q).loadUnaligned(as: SIMD8<Float>.self)
        } else {
          for j in 0..<count { g8[j] = gradient[q + j] }
        }
        let share = g8 / divisors(g, p, q, count, direct, countIncludePad)
        for h in rows {
          // Lane j adds its share to window column s of output q + j: input c0 + s + j·Sw.
          if direct {
            for s in 0..<kernelWidth { addColumns(share, dx + h * width + c0, s, stride: stride) }
          } else {
            // Edge block: accumulate into a copy of the row segment, then write back the
            // columns that lie inside the row (shares falling on padding are dropped).
            _ = blocks.segment(of: dx + h * width, from: c0, into: scratch, fill: 0)
            for s in 0..<kernelWidth { addColumns(share, segment, s, stride: stride) }
            for i in 0..<blocks.reach where c0 + i >= 0 && c0 + i < width {
              dx[h * width + c0 + i] = segment[i]
            }
          }
        }
        q += count
      }
    }
  }
}

/// `start[s + j·Sw] += v[j]` for j = 0…7 and stride `Sw` = 1 or 2 (the scatter that mirrors
/// `loadColumns`: with stride 2 the other eight of the sixteen floats get `+ 0`).
@inline(__always)
private func addColumns(
  _ v: SIMD8<Float>, _ start: UnsafeMutablePointer<Float>, _ s: Int, stride: Int
) {
  if stride == 1 {
    let p = UnsafeMutableRawPointer(start + s)
    p.storeBytes(of: p.loadUnaligned(as: SIMD8<Float>.self) + v, as: SIMD8<Float>.self)
    return
  }
  let p = UnsafeMutableRawPointer(start + (s - (s & 1)))
  var spread = SIMD16<Float>()
  if s & 1 == 1 { spread.oddHalf = v } else { spread.evenHalf = v }
  p.storeBytes(of: p.loadUnaligned(as: SIMD16<Float>.self) + spread, as: SIMD16<Float>.self)
}
