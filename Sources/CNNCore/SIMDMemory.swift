// Unaligned vector loads and stores shared by the core's kernels. Tensors are `[Float]`
// (or `[Double]`) buffers with no alignment promise beyond the element's, so every vector
// access goes through `loadUnaligned` / `storeBytes`; with AVX2 each is one `vmovups`.

/// The 8 floats at `p ..< p + 8` as one vector.
@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

/// Writes `v` to `p ..< p + 8`.
@inline(__always)
func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

/// The 4 doubles at `p ..< p + 4` as one vector.
@inline(__always)
func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

/// Writes `v` to `p ..< p + 4`.
@inline(__always)
func store4(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
}

/// `target[0 ..< count] = source[0 ..< count]`, inline (the rows of the convolution kernels are
/// short: a call to memmove per row cost more than the copy).
@inline(__always)
func copyRow(
  _ source: UnsafePointer<Float>, _ target: UnsafeMutablePointer<Float>, _ count: Int
) {
  var i = 0
  while i + 8 <= count {
    store8(load8(source + i), target + i)
    i += 8
  }
  while i < count {
    target[i] = source[i]
    i += 1
  }
}
