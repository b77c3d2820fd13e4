/// Transforms that leave their output in bit-reversed order, for the FFT convolutions.
///
/// A convolution needs no spectrum in natural order: it multiplies spectra pointwise and
/// transforms back. So the forward transform runs as a decimation in *frequency* (natural
/// order in, bit-reversed order out), the product is taken in bit-reversed order, and the
/// inverse runs as the decimation in *time* of `FFTPlan.butterflies` (bit-reversed in,
/// natural out). Neither direction needs the cache-unfriendly permutation.
///
/// ```
///   DIF stage h:  (u, v) ← (u + v, (u − v)·w_j)       w_j = e^(−πi·j/h), h = n/2, …, 2, 1
/// ```
extension FFTPlan {
  /// The forward transform of `count` points in natural order, left in bit-reversed
  /// order: afterwards position `u` holds `X[bitReversed[u]]`.
  func forwardToBitReversedOrder(
    _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>
  ) {
    if FFTPlan.transformsUpToTwoPoints(re, im, count: count) { return }
    let n = count
    withTwiddles { wr, wi in
      let block = Swift.min(n, FFTPlan.cacheBlock)
      // The same passes as the decimation in time, in the opposite order: the wide ones
      // over the whole array first, then every narrow one block by block.
      for pass in passes.reversed() where pass.h * pass.radix > block {
        FFTPlan.frequencyPass(pass, re, im, count: n, wr, wi)
      }
      for start in stride(from: 0, to: n, by: block) {
        for pass in passes.reversed() where pass.h * pass.radix <= block {
          FFTPlan.frequencyPass(pass, re + start, im + start, count: block, wr, wi)
        }
        FFTPlan.lastTwoFrequencyStages(re + start, im + start, count: block)
      }
    }
  }

  /// Where `X[−f]` sits when position `u` holds `X[f]` in bit-reversed order: 0 ↔ 0,
  /// 1 ↔ 1, and within each octave `2^k ≤ u < 2^(k+1)` the order is reversed,
  /// `u ↔ 3·2^k − 1 − u`. (For n = 8 the positions hold f = 0, 4, 2, 6, 1, 5, 3, 7.)
  @inline(__always)
  static func conjugatePartner(_ u: Int) -> Int {
    if u < 2 { return u }
    let octave = 1 << (Int.bitWidth - 1 - u.leadingZeroBitCount)
    return 3 * octave - 1 - u
  }

  /// Stages h = 2 and h = 1 fused, on groups of 4:
  /// b = (a0 + a2, a1 + a3, a0 − a2, −i·(a1 − a3)), c = (b0 + b1, b0 − b1, b2 + b3, b2 − b3).
  @inline(__always)
  static func lastTwoFrequencyStages(
    _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, count n: Int
  ) {
    for g in stride(from: 0, to: n, by: 4) {
      let b0r = re[g] + re[g + 2], b0i = im[g] + im[g + 2]
      let b2r = re[g] - re[g + 2], b2i = im[g] - im[g + 2]
      let b1r = re[g + 1] + re[g + 3], b1i = im[g + 1] + im[g + 3]
      // −i·(a1 − a3) = (d_i, −d_r)
      let b3r = im[g + 1] - im[g + 3], b3i = re[g + 3] - re[g + 1]
      re[g] = b0r + b1r; im[g] = b0i + b1i
      re[g + 1] = b0r - b1r; im[g + 1] = b0i - b1i
      re[g + 2] = b2r + b3r; im[g + 2] = b2i + b3i
      re[g + 3] = b2r - b3r; im[g + 3] = b2i - b3i
    }
  }

  /// One decimation-in-frequency pass (h ≥ 4, a multiple of 4), the mirror image of
  /// `FFTPlan.pass`. Radix 2² on `a_r = x[g + j + r·h]` does stage 2h, then stage h:
  ///
  ///     b0 = a0 + a2,  b2 = (a0 − a2)·w₂,  b1 = a1 + a3,  b3 = −i·(a1 − a3)·w₂
  ///     c0 = b0 + b1,  c1 = (b0 − b1)·w₁,  c2 = b2 + b3,  c3 = (b2 − b3)·w₁
  ///
  /// with `w₁ = e^(−πi·j/h)` and `w₂ = e^(−πi·j/2h)`.
  @inline(__always)
  static func frequencyPass(
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
          let (ur, ui) = (load4(re + g + j), load4(im + g + j))
          let (vr, vi) = (load4(re + g + j + h), load4(im + g + j + h))
          let (dr, di) = (ur - vr, ui - vi)
          store4(ur + vr, re + g + j); store4(ui + vi, im + g + j)
          store4((dr * cr).addingProduct(-di, ci), re + g + j + h)
          store4((dr * ci).addingProduct(di, cr), im + g + j + h)
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
        let (b0r, b0i, b1r, b1i) = (a0r + a2r, a0i + a2i, a1r + a3r, a1i + a3i)
        let (dr, di, er, ei) = (a0r - a2r, a0i - a2i, a1r - a3r, a1i - a3i)
        // b2 = d·w₂; b3 = −i·(e·w₂) = ((e·w₂)_i, −(e·w₂)_r)
        let b2r = (dr * w2r).addingProduct(-di, w2i), b2i = (dr * w2i).addingProduct(di, w2r)
        let ewr = (er * w2r).addingProduct(-ei, w2i), ewi = (er * w2i).addingProduct(ei, w2r)
        let (b3r, b3i) = (ewi, -ewr)
        let (fr, fi, gr, gi) = (b0r - b1r, b0i - b1i, b2r - b3r, b2i - b3i)
        store4(b0r + b1r, re + i0); store4(b0i + b1i, im + i0)
        store4((fr * w1r).addingProduct(-fi, w1i), re + i1)
        store4((fr * w1i).addingProduct(fi, w1r), im + i1)
        store4(b2r + b3r, re + i2); store4(b2i + b3i, im + i2)
        store4((gr * w1r).addingProduct(-gi, w1i), re + i3)
        store4((gr * w1i).addingProduct(gi, w1r), im + i3)
      }
    }
  }

  /// The decimation-in-frequency stages of a length-`count` transform whose elements are
  /// rows of `width` numbers (row `s` at `s · stride`): `width` independent column
  /// transforms, natural order in, bit-reversed row order out.
  func rowFrequencyButterflies(
    _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, width: Int,
    stride rowStride: Int
  ) {
    let vectorEnd = width - width % 4
    var h = count / 2
    while h >= 1 {
      for g in stride(from: 0, to: count, by: 2 * h) {
        for j in 0..<h {
          let cr = twiddleReal[h + j], ci = twiddleImag[h + j]
          let u = (g + j) * rowStride, v = (g + j + h) * rowStride
          let (wr, wi) = (SIMD4<Double>(repeating: cr), SIMD4<Double>(repeating: ci))
          let ur = UnsafeMutableRawPointer(re + u), ui = UnsafeMutableRawPointer(im + u)
          let vr = UnsafeMutableRawPointer(re + v), vi = UnsafeMutableRawPointer(im + v)
          var t = 0
          while t < vectorEnd {
            let offset = t * MemoryLayout<Double>.stride
            let pr = ur.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let pi = ui.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let xr = vr.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let xi = vi.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let (dr, di) = (pr - xr, pi - xi)
            ur.storeBytes(of: pr + xr, toByteOffset: offset, as: SIMD4<Double>.self)
            ui.storeBytes(of: pi + xi, toByteOffset: offset, as: SIMD4<Double>.self)
            vr.storeBytes(
              of: (dr * wr).addingProduct(-di, wi), toByteOffset: offset, as: SIMD4<Double>.self)
            vi.storeBytes(
              of: (dr * wi).addingProduct(di, wr), toByteOffset: offset, as: SIMD4<Double>.self)
            t += 4
          }
          while t < width {
            let (pr, pi, xr, xi) = (re[u + t], im[u + t], re[v + t], im[v + t])
            let (dr, di) = (pr - xr, pi - xi)
            re[u + t] = pr + xr; im[u + t] = pi + xi
            re[v + t] = dr * cr - di * ci; im[v + t] = dr * ci + di * cr
            t += 1
          }
        }
      }
      h /= 2
    }
  }
}
