// Small element-by-element operations on tensors, eight lanes at a time.
// Shapes: any shape; binary operations need both operands of the same shape.
// Every operation visits the elements in a fixed order, so results do not depend on threads.

/// `a + b`, element by element.
///
/// ```
///   out[i] = a[i] + b[i]          a, b, out: any shape, all the same
/// ```
///
///     add(Tensor(rows: [[1, 2]]), Tensor(rows: [[10, 20]]))   // [[11, 22]]
public func add(_ a: Tensor<Float>, _ b: Tensor<Float>) -> Tensor<Float> {
  zipElements(a, b, "add", { $0 + $1 }, { $0 + $1 })
}

/// `target += source`, element by element, in place (no new storage when nothing else holds
/// `target`'s).
///
/// ```
///   target[i] = target[i] + source[i]          source, target: the same shape
/// ```
///
///     var g = Tensor<Float>(rows: [[1, 2]])
///     add(Tensor(rows: [[10, 20]]), into: &g)   // g = [[11, 22]]
public func add(_ source: Tensor<Float>, into target: inout Tensor<Float>) {
  precondition(
    source.shape == target.shape,
    "add needs equal shapes, got \(source.shape) and \(target.shape)")
  source.scalars.withUnsafeBufferPointer { ps in
    target.scalars.withUnsafeMutableBufferPointer { pt in
      guard let s = ps.baseAddress, let t = pt.baseAddress else { return }
      addRow(s, into: t, count: ps.count)
    }
  }
}

/// `a − b`, element by element.
///
/// ```
///   out[i] = a[i] − b[i]          a, b, out: any shape, all the same
/// ```
///
///     subtract(Tensor(rows: [[1, 2]]), Tensor(rows: [[10, 20]]))   // [[−9, −18]]
public func subtract(_ a: Tensor<Float>, _ b: Tensor<Float>) -> Tensor<Float> {
  zipElements(a, b, "subtract", { $0 - $1 }, { $0 - $1 })
}

/// `a ⊙ b`, the element-by-element (Hadamard) product.
///
/// ```
///   out[i] = a[i] · b[i]          a, b, out: any shape, all the same
/// ```
///
///     multiply(Tensor(rows: [[1, 2]]), Tensor(rows: [[10, 20]]))   // [[10, 40]]
public func multiply(_ a: Tensor<Float>, _ b: Tensor<Float>) -> Tensor<Float> {
  zipElements(a, b, "multiply", { $0 * $1 }, { $0 * $1 })
}

/// `multiply` into a tensor kept by the caller (see `Tensor.prepareForOverwrite`): dropout's
/// mask, batch after batch, without new memory. The same products, the same bits.
public func multiply(_ a: Tensor<Float>, _ b: Tensor<Float>, into out: inout Tensor<Float>) {
  precondition(a.shape == b.shape, "multiply needs equal shapes, got \(a.shape) and \(b.shape)")
  out.prepareForOverwrite(shape: a.shape)
  a.scalars.withUnsafeBufferPointer { pa in
    b.scalars.withUnsafeBufferPointer { pb in
      out.scalars.withUnsafeMutableBufferPointer { po in
        for i in po.indices { po[i] = pa[i] * pb[i] }
      }
    }
  }
}

/// `α · x`, every element multiplied by one number.
///
/// ```
///   out[i] = α · x[i]             x, out: any shape
/// ```
///
///     scale(Tensor(rows: [[1, −2]]), by: 3)   // [[3, −6]]
public func scale(_ x: Tensor<Float>, by alpha: Float) -> Tensor<Float> {
  let factor = SIMD8<Float>(repeating: alpha)
  return mapElements(x, { $0 * factor }, { $0 * alpha })
}

/// The rectified linear unit, element by element.
///
/// ```
///   out[i] = max(0, x[i])         x, out: any shape
/// ```
///
///     relu(Tensor(rows: [[−1, 0, 2]]))   // [[0, 0, 2]]
///
/// NaN stays NaN (so a broken input is not hidden).
public func relu(_ x: Tensor<Float>) -> Tensor<Float> {
  var y = Tensor<Float>.empty
  relu(x, into: &y)
  return y
}

/// `relu` into a tensor kept by the caller (its storage is reused when its element count
/// matches, see `Tensor.prepareForOverwrite`); chunks of the tensor run in parallel.
///
/// ```
///   y[i] = max(0, x[i])           x, y: any shape, y takes x's shape
/// ```
public func relu(_ x: Tensor<Float>, into y: inout Tensor<Float>) {
  y.prepareForOverwrite(shape: x.shape)
  x.scalars.withUnsafeBufferPointer { px in
    guard let base = px.baseAddress else { return }
    mapChunks(count: x.count, into: &y.scalars, sharing: SharedConstPointer(base)) {
      sx, range, po in
      let zero = SIMD8<Float>()
      var i = range.lowerBound
      while i + 8 <= range.upperBound {
        // Keep lanes that are not below zero: positive values, zeros and NaN.
        let v = UnsafeRawPointer(sx.base + i).loadUnaligned(as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(po + i).storeBytes(
          of: v.replacing(with: zero, where: v .< zero), as: SIMD8<Float>.self)
        i += 8
      }
      while i < range.upperBound {
        po[i] = sx.base[i] < 0 ? 0 : sx.base[i]
        i += 1
      }
    }
  }
}

/// The sum of all elements.
///
/// ```
///   Σ_i x[i]                      x: any shape
/// ```
///
///     sum(Tensor(rows: [[1, 2], [3, 4]]))   // 10
///
/// Blocks of 1024 elements are summed in eight Float lanes and the block sums in `Double`,
/// which keeps the rounding error of a long sum small; the order is fixed.
public func sum(_ x: Tensor<Float>) -> Float {
  x.scalars.withUnsafeBufferPointer { p in
    var total: Double = 0
    var start = 0
    while start < p.count {
      let count = min(1024, p.count - start)
      total += Double(sumRow(p.baseAddress! + start, count: count))
      start += count
    }
    return Float(total)
  }
}

/// The largest absolute difference between two tensors of the same shape; NaN when any
/// difference is NaN (a NaN or an infinity of equal sign in both), so a broken result is never
/// reported as agreeing. Used to verify a kernel against its reference.
///
/// ```
///   max_i |a[i] − b[i]|           a, b: any shape, the same (0 for empty tensors)
/// ```
///
///     maxAbsDifference(Tensor(rows: [[1, 2]]), Tensor(rows: [[1.5, 1]]))   // 1
public func maxAbsDifference(_ a: Tensor<Float>, _ b: Tensor<Float>) -> Float {
  precondition(
    a.shape == b.shape, "maxAbsDifference needs equal shapes, got \(a.shape) and \(b.shape)")
  return a.scalars.withUnsafeBufferPointer { pa in
    b.scalars.withUnsafeBufferPointer { pb in
      var largest = SIMD8<Float>()
      var sawNaN = SIMDMask<SIMD8<Int32>>()
      var i = 0
      while i + 8 <= pa.count {
        let x = UnsafeRawPointer(pa.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
        let y = UnsafeRawPointer(pb.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
        let d = (x - y).magnitudeLanes
        sawNaN .|= d .!= d
        largest = largest.replacing(with: d, where: d .> largest)
        i += 8
      }
      if any(sawNaN) { return .nan }
      var result = largest.max()
      while i < pa.count {
        let d = abs(pa[i] - pb[i])
        if d.isNaN { return .nan }
        result = max(result, d)
        i += 1
      }
      return result
    }
  }
}

/// The largest absolute difference between two tensors of the same shape, for any
/// floating-point type (e.g. the `Double` tensors of a gradient check); NaN if any
/// difference is NaN.
///
/// ```
///   max_i |a[i] − b[i]|           a, b: any shape, the same (0 for empty tensors)
/// ```
///
///     maxAbsDifference(Tensor<Double>(rows: [[1, 2]]), Tensor(rows: [[1.5, 1]]))   // 1.0
@inlinable
public func maxAbsDifference<T: BinaryFloatingPoint & Sendable>(
  _ a: Tensor<T>, _ b: Tensor<T>
) -> T {
  precondition(
    a.shape == b.shape, "maxAbsDifference needs equal shapes, got \(a.shape) and \(b.shape)")
  var result: T = 0
  for i in a.scalars.indices {
    let d = abs(a.scalars[i] - b.scalars[i])
    if d.isNaN { return .nan }
    result = max(result, d)
  }
  return result
}

// MARK: - Helpers shared by the kernels

extension SIMD8 where Scalar == Float {
  /// `|x|` in every lane (clears the sign bit).
  @inline(__always)
  var magnitudeLanes: SIMD8<Float> {
    unsafeBitCast(unsafeBitCast(self, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
  }
}

/// `f` applied to the pairs of elements of two same-shaped tensors.
@inline(__always)
private func zipElements(
  _ a: Tensor<Float>, _ b: Tensor<Float>, _ name: String,
  _ vector: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>, _ scalar: (Float, Float) -> Float
) -> Tensor<Float> {
  precondition(a.shape == b.shape, "\(name) needs equal shapes, got \(a.shape) and \(b.shape)")
  var out = [Float](repeating: 0, count: a.count)
  a.scalars.withUnsafeBufferPointer { pa in
    b.scalars.withUnsafeBufferPointer { pb in
      out.withUnsafeMutableBufferPointer { po in
        var i = 0
        while i + 8 <= pa.count {
          let x = UnsafeRawPointer(pa.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
          let y = UnsafeRawPointer(pb.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
          UnsafeMutableRawPointer(po.baseAddress! + i).storeBytes(
            of: vector(x, y), as: SIMD8<Float>.self)
          i += 8
        }
        while i < pa.count {
          po[i] = scalar(pa[i], pb[i])
          i += 1
        }
      }
    }
  }
  return Tensor(shape: a.shape, scalars: out)
}

/// `f` applied to every element of a tensor.
@inline(__always)
private func mapElements(
  _ x: Tensor<Float>, _ vector: (SIMD8<Float>) -> SIMD8<Float>, _ scalar: (Float) -> Float
) -> Tensor<Float> {
  var out = [Float](repeating: 0, count: x.count)
  x.scalars.withUnsafeBufferPointer { px in
    out.withUnsafeMutableBufferPointer { po in
      var i = 0
      while i + 8 <= px.count {
        let v = UnsafeRawPointer(px.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(po.baseAddress! + i).storeBytes(
          of: vector(v), as: SIMD8<Float>.self)
        i += 8
      }
      while i < px.count {
        po[i] = scalar(px[i])
        i += 1
      }
    }
  }
  return Tensor(shape: x.shape, scalars: out)
}

/// `target[i] += source[i]` for `i` in `0..<count`, eight at a time.
@inline(__always)
func addRow(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) {
  var i = 0
  while i + 8 <= count {
    let sum = UnsafeRawPointer(target + i).loadUnaligned(as: SIMD8<Float>.self)
      + UnsafeRawPointer(source + i).loadUnaligned(as: SIMD8<Float>.self)
    UnsafeMutableRawPointer(target + i).storeBytes(of: sum, as: SIMD8<Float>.self)
    i += 8
  }
  while i < count {
    target[i] += source[i]
    i += 1
  }
}

/// `Σ_i values[i]` for `i` in `0..<count`, in eight interleaved lanes, then the lanes in
/// order: a fixed order for a given `count`.
@inline(__always)
func sumRow(_ values: UnsafePointer<Float>, count: Int) -> Float {
  var lanes = SIMD8<Float>()
  var i = 0
  while i + 8 <= count {
    lanes += UnsafeRawPointer(values + i).loadUnaligned(as: SIMD8<Float>.self)
    i += 8
  }
  var total: Float = 0
  for lane in 0..<8 { total += lanes[lane] }
  while i < count {
    total += values[i]
    i += 1
  }
  return total
}
