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
/// butterfly then combines two whole rows, which vectorizes along the row. Grids of
/// 2¹⁴ points or more spread chunks of rows, then stripes of columns, over
/// `Parallel.forEach`; every row and column is transformed by one thread in a fixed
/// order, so the result is bit-identical for any thread count.
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
    eachRow(re, im) { rowPlan.forwardToBitReversedOrder($0, $1) }
    eachColumnStripe(re, im) { r, i, width in
      columnPlan.rowFrequencyButterflies(r, i, width: width, stride: columns)
    }
  }

  /// The butterfly passes of every row, then of every column, on permuted data.
  func butterflies(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>) {
    eachRow(re, im) { rowPlan.butterflies($0, $1) }
    eachColumnStripe(re, im) { r, i, width in
      columnPlan.rowButterflies(r, i, width: width, stride: columns)
    }
  }

  /// Grids of at least this many points are transformed on several threads: rows in
  /// chunks of `rowsPerChunk`, columns in stripes of `stripeWidth`.
  static let parallelThreshold = 1 << 14
  static let rowsPerChunk = 16
  static let stripeWidth = 64

  /// Runs `body` on every row; large grids spread chunks of rows over `Parallel.forEach`.
  /// Rows are independent, so the result does not depend on the thread count.
  private func eachRow(
    _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>,
    _ body: @escaping @Sendable (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void
  ) {
    let (columns, rows) = (self.columns, self.rows)
    let per = rows * columns >= FFT2DPlan.parallelThreshold ? FFT2DPlan.rowsPerChunk : rows
    let (r, i) = (SharedPointer(re), SharedPointer(im))
    Parallel.forEach(chunks: (rows + per - 1) / per) { chunk in
      for s in (chunk * per)..<min(rows, (chunk + 1) * per) {
        body(r.base + s * columns, i.base + s * columns)
      }
    }
  }

  /// Runs `body(re + c, im + c, width)` on stripes of columns `c ..< c + width`; each
  /// stripe's column transforms are independent of the others.
  private func eachColumnStripe(
    _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>,
    _ body: @escaping @Sendable (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, Int)
      -> Void
  ) {
    let columns = self.columns
    let width = rows * columns >= FFT2DPlan.parallelThreshold ? FFT2DPlan.stripeWidth : columns
    let (r, i) = (SharedPointer(re), SharedPointer(im))
    Parallel.forEach(chunks: (columns + width - 1) / width) { chunk in
      let start = chunk * width
      body(r.base + start, i.base + start, min(width, columns - start))
    }
  }
}

extension FFTPlan {
  /// The butterfly passes of a length-`count` transform whose elements are rows of
  /// `width` numbers (row `s` at `s · stride`), already in bit-reversed row order:
  /// `width` independent column transforms, computed row against row.
  func rowButterflies(
    _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, width: Int,
    stride rowStride: Int
  ) {
    let vectorEnd = width - width % 4
    var h = 1
    while h < count {
      for g in stride(from: 0, to: count, by: 2 * h) {
        for j in 0..<h {
          let cr = twiddleReal[h + j], ci = twiddleImag[h + j]
          let u = (g + j) * rowStride, v = (g + j + h) * rowStride
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
