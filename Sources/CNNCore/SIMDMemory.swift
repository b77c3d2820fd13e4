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

/// The 16 floats at `p ..< p + 16` as one vector.
@inline(__always)
func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

/// Writes `v` to `p ..< p + 16`.
@inline(__always)
func store16(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
}

/// The 32 floats at `p ..< p + 32` as one vector.
@inline(__always)
func load32(_ p: UnsafePointer<Float>) -> SIMD32<Float> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD32<Float>.self)
}

/// Writes `v` to `p ..< p + 32`.
@inline(__always)
func store32(_ v: SIMD32<Float>, _ p: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD32<Float>.self)
}

/// Lanes 0, 2, …, 14 of `v`: a stride-2 gather of 16 loaded floats (a `vshufps` and a
/// `vpermpd` once inlined; the standard library's `SIMD16.evenHalf` stayed a call each, see
/// `transposeEight`).
@inline(__always)
func evenLanes(_ v: SIMD16<Float>) -> SIMD8<Float> {
  SIMD8(v[0], v[2], v[4], v[6], v[8], v[10], v[12], v[14])
}

/// Lanes 1, 3, …, 15 of `v`.
@inline(__always)
func oddLanes(_ v: SIMD16<Float>) -> SIMD8<Float> {
  SIMD8(v[1], v[3], v[5], v[7], v[9], v[11], v[13], v[15])
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

/// `target[j] = source[stride·j]` for `j` in `0 ..< count`, reading nothing past
/// `source[stride·(count − 1)]`. Strides 2 and 4 (space to depth's common ones) go 8 outputs at
/// a time: the even lanes of 16 loaded floats (`evenLanes` of `load16`, above),
/// for stride 4 the even lanes of two such halves, while the loads stay inside the elements
/// read.
@inline(__always)
func copyStridedRow(
  _ source: UnsafePointer<Float>, stride: Int, _ target: UnsafeMutablePointer<Float>,
  _ count: Int
) {
  var j = 0
  if stride == 4 {
    // Loads source[4j ..< 4j + 32], the last of which needed is 4(j + 7).
    while j + 9 <= count {
      let p = source + 4 * j
      let halves = SIMD16(lowHalf: evenLanes(load16(p)), highHalf: evenLanes(load16(p + 16)))
      store8(evenLanes(halves), target + j)
      j += 8
    }
  } else if stride == 2 {
    // Loads source[2j ..< 2j + 16], the last of which needed is 2(j + 7).
    while j + 9 <= count {
      store8(evenLanes(load16(source + 2 * j)), target + j)
      j += 8
    }
  }
  var p = source + stride * j
  while j < count {
    target[j] = p.pointee
    p += stride
    j += 1
  }
}
