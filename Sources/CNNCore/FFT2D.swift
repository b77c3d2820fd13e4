/// A two-dimensional complex FFT of a `rows × columns` grid (both powers of two), planned
/// once: a 1-D transform along every row, then along every column.
///
/// ```
///   X[f, g] = Σ_s Σ_t  x[s, t] · e^(−2πi·(f·s/rows + g·t/columns))
///   inverse:  x[s, t] = 1/(rows·columns) · Σ_f Σ_g  X[f, g] · e^(+2πi·(f·s/rows + g·t/columns))
///
///   real, imag: (H, W) row-major, H = rows, W = columns
/// ```
/// The 2-D sum factors into 1-D sums along each axis, so its scalar reference is
/// `ConvolutionMath.dftReference` applied to every row and then to every column.
/// The column pass treats each row as one "element" of a length-`rows` transform: every
/// butterfly then combines two whole rows, which vectorizes along the row.
///
///     let plan = FFT2DPlan(rows: 2, columns: 2)
///     var re: [Double] = [1, 2, 3, 4], im: [Double] = [0, 0, 0, 0]
///     plan.forward(real: &re, imag: &im)   // re == [10, −2, −4, 0], im == [0, 0, 0, 0]
public struct FFT2DPlan: Sendable {
  /// `H`, the number of rows (a power of two).
  public let rows: Int
  /// `W`, the number of columns (a power of two).
  public let columns: Int
  let rowPlan: FFTPlan
  let columnPlan: FFTPlan

  /// Plans a transform of a `rows × columns` grid (cached 1-D plans underneath).
  public init(rows: Int, columns: Int) {
    self.rows = rows
    self.columns = columns
    rowPlan = FFTPlan.cached(count: columns)
    columnPlan = FFTPlan.cached(count: rows)
  }

  /// The forward 2-D transform, in place on row-major arrays of `rows · columns` entries.
  public func forward(real: inout [Double], imag: inout [Double]) {
    checkLengths(real.count, imag.count)
    real.withUnsafeMutableBufferPointer { r in
      imag.withUnsafeMutableBufferPointer { i in
        permute(r.baseAddress!, i.baseAddress!)
        butterflies(r.baseAddress!, i.baseAddress!)
      }
    }
  }

  /// The inverse 2-D transform, in place, including the factor `1/(rows·columns)`.
  public func inverse(real: inout [Double], imag: inout [Double]) {
    checkLengths(real.count, imag.count)
    real.withUnsafeMutableBufferPointer { r in
      imag.withUnsafeMutableBufferPointer { i in
        // The swap trick of `FFTPlan.inverse`, in two dimensions.
        permute(i.baseAddress!, r.baseAddress!)
        butterflies(i.baseAddress!, r.baseAddress!)
      }
    }
    let scale = 1 / Double(rows * columns)
    for t in 0..<real.count {
      real[t] *= scale
      imag[t] *= scale
    }
  }

  private func checkLengths(_ realCount: Int, _ imagCount: Int) {
    precondition(
      realCount == rows * columns && imagCount == rows * columns,
      "a \(rows)×\(columns) FFT needs \(rows * columns) real and imaginary parts, got "
        + "\(realCount) and \(imagCount)")
  }

  /// Bit-reverses every row, then the order of the rows.
  func permute(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>) {
    for s in 0..<rows { rowPlan.permute(re + s * columns, im + s * columns) }
    columnPlan.bitReversed.withUnsafeBufferPointer { rev in
      for s in 0..<rows {
        let u = Int(rev[s])
        guard s < u else { continue }
        for t in 0..<columns {
          swap(&re[s * columns + t], &re[u * columns + t])
          swap(&im[s * columns + t], &im[u * columns + t])
        }
      }
    }
  }

  /// The forward transform of natural-order data, left in bit-reversed order on both
  /// axes (for the FFT convolution).
  func forwardToBitReversedOrder(
    _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>
  ) {
    for s in 0..<rows { rowPlan.forwardToBitReversedOrder(re + s * columns, im + s * columns) }
    columnPlan.rowFrequencyButterflies(re, im, width: columns)
  }

  /// The butterfly passes of every row, then of every column, on permuted data.
  func butterflies(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>) {
    for s in 0..<rows { rowPlan.butterflies(re + s * columns, im + s * columns) }
    columnPlan.rowButterflies(re, im, width: columns)
  }
}

extension FFTPlan {
  /// The butterfly passes of a length-`count` transform whose elements are whole rows of
  /// `width` numbers (row `s` at `s · width`), already in bit-reversed row order:
  /// `count` independent column transforms, computed row against row.
  func rowButterflies(
    _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, width: Int
  ) {
    let vectorEnd = width - width % 4
    var h = 1
    while h < count {
      for g in stride(from: 0, to: count, by: 2 * h) {
        for j in 0..<h {
          let cr = twiddleReal[h + j], ci = twiddleImag[h + j]
          let u = (g + j) * width, v = (g + j + h) * width
          let ur = UnsafeMutableRawPointer(re + u), ui = UnsafeMutableRawPointer(im + u)
          let vr = UnsafeMutableRawPointer(re + v), vi = UnsafeMutableRawPointer(im + v)
          let wr = SIMD4<Double>(repeating: cr), wi = SIMD4<Double>(repeating: ci)
          var t = 0
          while t < vectorEnd {
            let offset = t * MemoryLayout<Double>.stride
            let xr = vr.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let xi = vi.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let tr = (xr * wr).addingProduct(-xi, wi)
            let ti = (xr * wi).addingProduct(xi, wr)
            let pr = ur.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let pi = ui.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            ur.storeBytes(of: pr + tr, toByteOffset: offset, as: SIMD4<Double>.self)
            ui.storeBytes(of: pi + ti, toByteOffset: offset, as: SIMD4<Double>.self)
            vr.storeBytes(of: pr - tr, toByteOffset: offset, as: SIMD4<Double>.self)
            vi.storeBytes(of: pi - ti, toByteOffset: offset, as: SIMD4<Double>.self)
            t += 4
          }
          while t < width {
            let xr = re[v + t], xi = im[v + t]
            let tr = xr * cr - xi * ci, ti = xr * ci + xi * cr
            let pr = re[u + t], pi = im[u + t]
            re[u + t] = pr + tr; im[u + t] = pi + ti
            re[v + t] = pr - tr; im[v + t] = pi - ti
            t += 1
          }
        }
      }
      h *= 2
    }
  }
}
