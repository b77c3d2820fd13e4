/// One-dimensional discrete convolution, computed directly with SIMD (the vectorized
/// twin of `ConvolutionMath.convolve1DReference`, which it must agree with to Float
/// rounding; tests sweep hundreds of random configurations).
///
/// ```
///   (x * k)[t] = Σ_m  x[m] · k[t − m]        t = 0 … M + N − 2   (full)
///
///   x: (M)   k: (N)   result: (M + N − 1) full, (max(M, N)) same,
///                             (max(M, N) − min(M, N) + 1) valid
/// ```
/// `mode` keeps a slice of the full result exactly as `numpy.convolve` does (see
/// `ConvolutionMode`). The two inputs play symmetric roles: `convolve1D(x, k)` and
/// `convolve1D(k, x)` are the same numbers.
///
///     convolve1D([1, 2, 3], [4, 5, 6], mode: .full)    // [4, 13, 28, 27, 18]
///     convolve1D([1, 2, 3], [4, 5, 6], mode: .same)    // [13, 28, 27]
///     convolve1D([1, 2, 3], [4, 5, 6], mode: .valid)   // [28]
///
/// How: the longer input `a` (length L) is copied between `S − 1` zeros on each side and
/// the shorter `b` (length S) is reversed, so that every output is a sliding dot product,
/// `y[t] = Σ_j b[S − 1 − j] · a_padded[t + j]`. Blocks of 32 consecutive outputs live in four
/// `SIMD8<Float>` accumulators; for each `j` one broadcast weight meets four unaligned
/// loads (fused multiply–adds). A block visits only the `j` for which some of its 32
/// reads land inside `a`, so the zero padding costs almost nothing. Large problems are
/// split into blocks of outputs over `Parallel.forEach`; each output is summed by one
/// thread in increasing `j`, so the result does not depend on the thread count.
///
/// - Precondition: both inputs are non-empty.
/// - Complexity: about `M · N` multiply–adds for `full`, fewer for `same` and `valid`;
///   `fftConvolve1D` is cheaper once both inputs are long (a few hundred entries).
public func convolve1D(_ x: [Float], _ k: [Float], mode: ConvolutionMode) -> [Float] {
  precondition(
    !x.isEmpty && !k.isEmpty,
    "convolve1D needs two non-empty inputs, got lengths \(x.count) and \(k.count)")
  let (long, short) = x.count >= k.count ? (x, k) : (k, x)
  let longCount = long.count, shortCount = short.count
  let range = mode.outputRange(longCount, shortCount)
  let block = ConvolutionBlock.width

  // a_padded = [0 × (S − 1), a, 0 × (S − 1 + block)]: the extra block of zeros lets the
  // last, partial block of outputs read past the end without a bounds check.
  var padded = [Float](repeating: 0, count: longCount + 2 * (shortCount - 1) + block)
  padded.withUnsafeMutableBufferPointer { p in
    long.withUnsafeBufferPointer { a in
      (p.baseAddress! + shortCount - 1).update(from: a.baseAddress!, count: longCount)
    }
  }
  let reversed = Array(short.reversed())

  let blockCount = (range.count + block - 1) / block
  var output = [Float](repeating: 0, count: blockCount * block)
  // Chunks of 64 blocks (2048 outputs) once the work is large enough to share; the chunk
  // count depends only on the problem size.
  let blocksPerChunk = range.count * shortCount < 1 << 16 ? blockCount : 64
  let chunks = (blockCount + blocksPerChunk - 1) / blocksPerChunk
  padded.withUnsafeBufferPointer { p in
    reversed.withUnsafeBufferPointer { w in
      output.withUnsafeMutableBufferPointer { y in
        let a = SharedConstPointer(p.baseAddress!), b = SharedConstPointer(w.baseAddress!)
        let out = SharedPointer(y.baseAddress!)
        let first = range.lowerBound
        Parallel.forEach(chunks: chunks) { chunk in
          let end = min(blockCount, (chunk + 1) * blocksPerChunk)
          for blockIndex in (chunk * blocksPerChunk)..<end {
            let t0 = first + blockIndex * block  // full-result index of the block's first output
            // Only j with t0 + j + 31 ≥ S − 1 and t0 + j ≤ S + L − 2 touch the input.
            let jLow = max(0, shortCount - block - t0)
            let jHigh = min(shortCount - 1, shortCount + longCount - 2 - t0)
            ConvolutionBlock.compute(
              a: a.base + t0, b: b.base, from: jLow, through: jHigh,
              into: out.base + blockIndex * block)
          }
        }
      }
    }
  }
  output.removeLast(output.count - range.count)
  return output
}

/// The register-blocked inner kernel of `convolve1D`: 32 outputs as four `SIMD8<Float>`.
@usableFromInline
enum ConvolutionBlock {
  @usableFromInline static let width = 32

  /// `y[i] = Σ_{j = from…through} b[j] · a[i + j]` for `i = 0 ..< 32`, summed in increasing `j`.
  @inline(__always) @usableFromInline
  static func compute(
    a: UnsafePointer<Float>, b: UnsafePointer<Float>, from jLow: Int, through jHigh: Int,
    into y: UnsafeMutablePointer<Float>
  ) {
    var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
    if jLow <= jHigh {
      for j in jLow...jHigh {
        let weight = SIMD8<Float>(repeating: b[j])
        let row = UnsafeRawPointer(a + j)
        s0 = s0.addingProduct(row.loadUnaligned(as: SIMD8<Float>.self), weight)
        s1 = s1.addingProduct(row.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self), weight)
        s2 = s2.addingProduct(row.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self), weight)
        s3 = s3.addingProduct(row.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self), weight)
      }
    }
    let out = UnsafeMutableRawPointer(y)
    out.storeBytes(of: s0, as: SIMD8<Float>.self)
    out.storeBytes(of: s1, toByteOffset: 32, as: SIMD8<Float>.self)
    out.storeBytes(of: s2, toByteOffset: 64, as: SIMD8<Float>.self)
    out.storeBytes(of: s3, toByteOffset: 96, as: SIMD8<Float>.self)
  }
}
