import Foundation
import Synchronization

/// A complex radix-2 fast Fourier transform of one power-of-two length, planned once:
/// the twiddle factors and the bit-reversal permutation are computed when the plan is
/// made, and every transform runs in place on split real and imaginary arrays in `Double`.
///
/// ```
///   forward:  X[f] = Σ_t  x[t] · e^(−2πi·f·t/n)             f, t = 0 … n − 1
///   inverse:  x[t] = (1/n) · Σ_f  X[f] · e^(+2πi·f·t/n)
///
///   real, imag: (n) each, n = 2^p;   cost ≈ (n/2)·log₂ n butterflies (vs n² for the DFT)
/// ```
/// The scalar reference is `ConvolutionMath.dftReference`, the O(n²) sum above; the two
/// agree to about `1e-15 · n·log₂ n` relative to the signal's size.
///
///     let plan = FFTPlan(count: 4)
///     var re: [Double] = [1, 2, 3, 4], im: [Double] = [0, 0, 0, 0]
///     plan.forward(real: &re, imag: &im)   // re == [10, −2, −2, −2], im == [0, 2, 0, −2]
///     plan.inverse(real: &re, imag: &im)   // re == [1, 2, 3, 4] again, im == 0
///
/// The algorithm is the iterative Cooley–Tukey decimation in time: permute the input
/// into bit-reversed order, then run the log₂ n butterfly stages. The first two stages
/// are fused into one sweep of 4-point transforms (their twiddles are 1 and −i); later
/// stages go two at a time (radix 2²), so the data is swept about half as often, with
/// four butterflies per `SIMD4<Double>` step. Each stage's twiddles `e^(−πi·j/h)` are
/// stored contiguously (at offsets `h ..< 2h`), so their SIMD loads are plain; the narrow
/// early passes run block by block inside the cache. The inverse reuses the forward
/// pass: swapping the real and imaginary parts before and after a forward transform
/// conjugates the exponent.
public struct FFTPlan: Sendable {
  /// The transform length `n`, a power of two (≥ 1).
  public let count: Int
  /// `p` with `n = 2^p`.
  public let log2Count: Int
  /// `cos(π·j/h)` at index `h + j` for each pass `h = 1, 2, 4, …, n/2` and `j < h`.
  let twiddleReal: [Double]
  /// `−sin(π·j/h)` at index `h + j`.
  let twiddleImag: [Double]
  /// `bitReversed[t]` is `t` with its `p` low bits in reverse order.
  let bitReversed: [Int32]
  /// The passes after the fused first two stages, as (h, radix): radix 4 covers the
  /// stages h and 2h (its groups span 4h points), radix 2 the single stage h.
  let passes: [(h: Int, radix: Int)]

  /// Plans a transform of length `count`.
  /// - Precondition: `count` is a power of two, at most 2³⁰.
  public init(count: Int) {
    precondition(
      count >= 1 && count & (count - 1) == 0 && count <= 1 << 30,
      "FFTPlan needs a power-of-two length (1, 2, 4, …) up to 2³⁰, got \(count); zero-pad "
        + "the signal to the length FFTPlan.length(atLeast: \(count)) returns")
    self.count = count
    log2Count = count.trailingZeroBitCount
    // The last pass's twiddles e^(−2πi·j/n), j < n/2, computed directly with cos/sin;
    // the pass of half-size h uses every (n/2h)-th of them.
    let half = count / 2
    var largestReal = [Double](repeating: 1, count: max(half, 1))
    var largestImag = [Double](repeating: 0, count: max(half, 1))
    for j in 0..<half {
      let angle = 2 * Double.pi * Double(j) / Double(count)
      largestReal[j] = cos(angle)
      largestImag[j] = -sin(angle)
    }
    var wr = [Double](repeating: 0, count: max(count, 2))
    var wi = [Double](repeating: 0, count: max(count, 2))
    var h = 1
    while h < count {
      let step = half / h
      for j in 0..<h {
        wr[h + j] = largestReal[j * step]
        wi[h + j] = largestImag[j * step]
      }
      h *= 2
    }
    twiddleReal = wr
    twiddleImag = wi
    // rev(t) = rev(t >> 1) >> 1, plus the top bit when t is odd.
    var reversed = [Int32](repeating: 0, count: count)
    for t in stride(from: 1, to: count, by: 1) {
      reversed[t] = (reversed[t >> 1] >> 1) | Int32((t & 1) << max(log2Count - 1, 0))
    }
    bitReversed = reversed
    var passes = [(h: Int, radix: Int)]()
    var h4 = 4
    while 4 * h4 <= count { passes.append((h4, 4)); h4 *= 4 }
    if h4 < count { passes.append((h4, 2)) }
    self.passes = passes
  }

  /// The smallest power of two that is at least `n` (the length to zero-pad to).
  ///
  ///     FFTPlan.length(atLeast: 5)   // 8
  public static func length(atLeast n: Int) -> Int {
    precondition(n >= 1 && n <= 1 << 30, "length(atLeast:) needs 1 … 2³⁰, got \(n)")
    return n == 1 ? 1 : 1 << (Int.bitWidth - (n - 1).leadingZeroBitCount)
  }

  /// A plan for `count` from a process-wide cache, so that repeated transforms of the
  /// same length pay for the twiddles and the permutation table only once.
  public static func cached(count: Int) -> FFTPlan {
    if let plan = fftPlanCache.withLock({ $0[count] }) { return plan }
    let plan = FFTPlan(count: count)
    fftPlanCache.withLock { $0[count] = plan }
    return plan
  }

  /// The forward transform, in place: `X[f] = Σ_t x[t]·e^(−2πi·f·t/n)`.
  public func forward(real: inout [Double], imag: inout [Double]) {
    checkLengths(real.count, imag.count)
    real.withUnsafeMutableBufferPointer { r in
      imag.withUnsafeMutableBufferPointer { i in
        forward(real: r.baseAddress!, imag: i.baseAddress!)
      }
    }
  }

  /// The inverse transform, in place, including the factor `1/n`:
  /// `x[t] = (1/n)·Σ_f X[f]·e^(+2πi·f·t/n)`.
  public func inverse(real: inout [Double], imag: inout [Double]) {
    checkLengths(real.count, imag.count)
    real.withUnsafeMutableBufferPointer { r in
      imag.withUnsafeMutableBufferPointer { i in
        inverse(real: r.baseAddress!, imag: i.baseAddress!)
      }
    }
  }

  /// The forward transform of `count` complex numbers at `real` and `imag`, in place.
  public func forward(real: UnsafeMutablePointer<Double>, imag: UnsafeMutablePointer<Double>) {
    permute(real, imag)
    butterflies(real, imag)
  }

  /// The inverse transform (with `1/n`) of `count` complex numbers, in place.
  public func inverse(real: UnsafeMutablePointer<Double>, imag: UnsafeMutablePointer<Double>) {
    // swap(z) = i·conj(z) and FFT(swap(z)) = swap(n·IDFT(z)): a forward pass on the
    // exchanged arrays leaves n times the inverse in the original ones.
    forward(real: imag, imag: real)
    let scale = 1 / Double(count)
    for t in 0..<count {
      real[t] *= scale
      imag[t] *= scale
    }
  }

  private func checkLengths(_ realCount: Int, _ imagCount: Int) {
    precondition(
      realCount == count && imagCount == count,
      "an FFT of length \(count) needs \(count) real and imaginary parts, got \(realCount) "
        + "and \(imagCount)")
  }

  /// Puts element `t` at position `bitReversed[t]`.
  func permute(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>) {
    bitReversed.withUnsafeBufferPointer { rev in
      for t in 0..<count {
        let u = Int(rev[t])
        if t < u {
          swap(&re[t], &re[u])
          swap(&im[t], &im[u])
        }
      }
    }
  }

  /// The log₂ n butterfly stages on data already in bit-reversed order.
  ///
  /// Stages are grouped into passes: the first two stages as one sweep of 4-point
  /// transforms, then pairs of stages (h, 2h) as radix-2² passes, and a last radix-2 pass
  /// when an odd number of stages is left. A pass whose groups are at most
  /// `FFTPlan.cacheBlock` long runs block by block, all such passes on one block before
  /// the next, so that the early stages work inside the cache; only the wider passes
  /// sweep the whole array.
  func butterflies(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>) {
    if FFTPlan.transformsUpToTwoPoints(re, im, count: count) { return }
    let n = count
    withTwiddles { wr, wi in
      let block = Swift.min(n, FFTPlan.cacheBlock)
      for start in stride(from: 0, to: n, by: block) {
        FFTPlan.firstTwoStages(re + start, im + start, count: block)
        for pass in passes where pass.h * pass.radix <= block {
          FFTPlan.pass(pass, re + start, im + start, count: block, wr, wi)
        }
      }
      for pass in passes where pass.h * pass.radix > block {
        FFTPlan.pass(pass, re, im, count: n, wr, wi)
      }
    }
  }

  /// The transform of one or two points, whose order is the same natural and bit-reversed:
  /// nothing for n = 1, `(x0 + x1, x0 − x1)` for n = 2. Returns whether `n ≤ 2` (done).
  static func transformsUpToTwoPoints(
    _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, count n: Int
  ) -> Bool {
    if n == 2 {
      let (ar, ai, br, bi) = (re[0], im[0], re[1], im[1])
      re[0] = ar + br; im[0] = ai + bi
      re[1] = ar - br; im[1] = ai - bi
    }
    return n <= 2
  }

  /// Runs `body` with the twiddle factors' real and imaginary parts.
  func withTwiddles(_ body: (UnsafePointer<Double>, UnsafePointer<Double>) -> Void) {
    twiddleReal.withUnsafeBufferPointer { wr in
      twiddleImag.withUnsafeBufferPointer { wi in body(wr.baseAddress!, wi.baseAddress!) }
    }
  }

  /// Transforms of up to this many points run their narrow passes block by block
  /// (2¹² complex doubles = 64 KiB, inside a typical L2 cache).
  static let cacheBlock = 1 << 12

  /// Stages h = 1 and h = 2 fused: a 4-point transform of (x0, x1, x2, x3) in bit-reversed
  /// order, a = (x0 + x1, x0 − x1, x2 + x3, x2 − x3), y = (a0 + a2, a1 − i·a3, a0 − a2, a1 + i·a3).
  @inline(__always)
  static func firstTwoStages(
    _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, count n: Int
  ) {
    for g in stride(from: 0, to: n, by: 4) {
      let a0r = re[g] + re[g + 1], a0i = im[g] + im[g + 1]
      let a1r = re[g] - re[g + 1], a1i = im[g] - im[g + 1]
      let a2r = re[g + 2] + re[g + 3], a2i = im[g + 2] + im[g + 3]
      let a3r = re[g + 2] - re[g + 3], a3i = im[g + 2] - im[g + 3]
      re[g] = a0r + a2r; im[g] = a0i + a2i
      re[g + 2] = a0r - a2r; im[g + 2] = a0i - a2i
      // −i·a3 = (a3i, −a3r)
      re[g + 1] = a1r + a3i; im[g + 1] = a1i - a3r
      re[g + 3] = a1r - a3i; im[g + 3] = a1i + a3r
    }
  }

  /// One pass over `count` points (h ≥ 4, a multiple of 4), four butterflies per SIMD step.
  ///
  /// Radix 2 (stage h): `(u, v) ← (u + w·v, u − w·v)` with `w = e^(−πi·j/h)`.
  /// Radix 2² (stages h and 2h at once) on `a_r = x[g + j + r·h]`, r = 0 … 3:
  ///
  ///     stage h:   b0 = a0 + w₁a1,  b1 = a0 − w₁a1,  b2 = a2 + w₁a3,  b3 = a2 − w₁a3
  ///     stage 2h:  c0 = b0 + w₂b2,  c2 = b0 − w₂b2,  c1 = b1 − i·w₂b3,  c3 = b1 + i·w₂b3
  ///
  /// with `w₁ = e^(−πi·j/h)`, `w₂ = e^(−πi·j/2h)`; the twiddle of `b3`, `e^(−πi·(j + h)/2h)`,
  /// is `−i·w₂`.
  @inline(__always)
  static func pass(
    _ pass: (h: Int, radix: Int),
    _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, count n: Int,
    _ wr: UnsafePointer<Double>, _ wi: UnsafePointer<Double>
  ) {
    typealias V = SIMD4<Double>
    let h = pass.h
    if pass.radix == 2 {
      for g in stride(from: 0, to: n, by: 2 * h) {
        for j in stride(from: 0, to: h, by: 4) {
          let (cr, ci) = (load4(wr + h + j), load4(wi + h + j))
          let (xr, xi) = (load4(re + g + j + h), load4(im + g + j + h))
          let tr = (xr * cr).addingProduct(-xi, ci), ti = (xr * ci).addingProduct(xi, cr)
          let (pr, pi) = (load4(re + g + j), load4(im + g + j))
          store4(pr + tr, re + g + j); store4(pi + ti, im + g + j)
          store4(pr - tr, re + g + j + h); store4(pi - ti, im + g + j + h)
        }
      }
      return
    }
    for g in stride(from: 0, to: n, by: 4 * h) {
      for j in stride(from: 0, to: h, by: 4) {
        let (w1r, w1i) = (load4(wr + h + j), load4(wi + h + j))
        let (w2r, w2i) = (load4(wr + 2 * h + j), load4(wi + 2 * h + j))
        let i0 = g + j, i1 = i0 + h, i2 = i1 + h, i3 = i2 + h
        let (a0r, a0i) = (load4(re + i0), load4(im + i0))
        let (a1r, a1i) = (load4(re + i1), load4(im + i1))
        let (a2r, a2i) = (load4(re + i2), load4(im + i2))
        let (a3r, a3i) = (load4(re + i3), load4(im + i3))
        // t1 = w₁·a1, t3 = w₁·a3
        let t1r = (a1r * w1r).addingProduct(-a1i, w1i), t1i = (a1r * w1i).addingProduct(a1i, w1r)
        let t3r = (a3r * w1r).addingProduct(-a3i, w1i), t3i = (a3r * w1i).addingProduct(a3i, w1r)
        let (b0r, b0i, b1r, b1i) = (a0r + t1r, a0i + t1i, a0r - t1r, a0i - t1i)
        let (b2r, b2i, b3r, b3i) = (a2r + t3r, a2i + t3i, a2r - t3r, a2i - t3i)
        // u2 = w₂·b2, u3 = w₂·b3; −i·u3 = (u3i, −u3r)
        let u2r = (b2r * w2r).addingProduct(-b2i, w2i), u2i = (b2r * w2i).addingProduct(b2i, w2r)
        let u3r = (b3r * w2r).addingProduct(-b3i, w2i), u3i = (b3r * w2i).addingProduct(b3i, w2r)
        store4(b0r + u2r, re + i0); store4(b0i + u2i, im + i0)
        store4(b0r - u2r, re + i2); store4(b0i - u2i, im + i2)
        store4(b1r + u3i, re + i1); store4(b1i - u3r, im + i1)
        store4(b1r - u3i, re + i3); store4(b1i + u3r, im + i3)
      }
    }
  }
}

/// Plans already made, by length (see `FFTPlan.cached(count:)`).
private let fftPlanCache = Mutex<[Int: FFTPlan]>([:])

/// The forward FFT of a complex signal given as real and imaginary parts, returned as a
/// new pair (a convenience over `FFTPlan`, using the plan cache).
///
/// ```
///   X[f] = Σ_t  x[t] · e^(−2πi·f·t/n)        x, X: (n), n a power of two
/// ```
///
///     fft(real: [1, 1, 1, 1], imag: [0, 0, 0, 0])   // (real: [4, 0, 0, 0], imag: [0, 0, 0, 0])
public func fft(real: [Double], imag: [Double]) -> (real: [Double], imag: [Double]) {
  var (re, im) = (real, imag)
  FFTPlan.cached(count: real.count).forward(real: &re, imag: &im)
  return (re, im)
}

/// The inverse FFT, including the factor `1/n`: `x[t] = (1/n)·Σ_f X[f]·e^(+2πi·f·t/n)`.
///
///     inverseFFT(real: [4, 0, 0, 0], imag: [0, 0, 0, 0])   // (real: [1, 1, 1, 1], imag: 0s)
public func inverseFFT(real: [Double], imag: [Double]) -> (real: [Double], imag: [Double]) {
  var (re, im) = (real, imag)
  FFTPlan.cached(count: real.count).inverse(real: &re, imag: &im)
  return (re, im)
}
