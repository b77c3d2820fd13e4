/// A validated 2-D pooling configuration: every size a pooling kernel needs, checked once.
///
/// ```
///   input  x: (N, C, H, W)
///   output y: (N, C, P, Q)       the depth C is unchanged
///   P = (H − R + Pt + Pb)/Sh + 1,  Q = (W − S + Pl + Pr)/Sw + 1   (CNNCore's outputSize)
///   window (p, q) covers rows p·Sh − Pt … p·Sh − Pt + R − 1 and columns q·Sw − Pl … + S − 1
/// ```
///
/// Pooling uses the very same `outputSize` as convolution, so `(W − F)/S + 1` holds for
/// both. The stride defaults to the window (PyTorch's default), the rounding to `.exact`
/// (windows must tile the input; use `.floor` for PyTorch's default, `.ceil` for its
/// `ceil_mode=True`). Padding may be at most half the window on each side (PyTorch's rule):
/// then every window, also a ceil-mode one, holds at least one real input element, so a
/// maximum is never taken over padding alone and no average divides by zero.
///
///     try Pool2DGeometry(batch: 1, channels: 64, height: 224, width: 224, kernel: 2)
///     // pool 2×2/2  64×224×224 → 64×112×112
///     try Pool2DGeometry(batch: 1, channels: 1, height: 28, width: 28, kernel: 3, stride: 2)
///     // throws: "height: (W − F + 2P) = (28 − 3 + 2·0) = 25 is not divisible by stride 2 …"
public struct Pool2DGeometry: Equatable, Sendable, CustomStringConvertible {
  public let batch: Int, channels: Int, height: Int, width: Int
  /// `(R, S)`: the window's height and width.
  public let kernelHeight: Int, kernelWidth: Int
  public let strideHeight: Int, strideWidth: Int
  public let padding: Padding2D
  public let rounding: Rounding
  /// `P` and `Q`, the output height and width.
  public let outHeight: Int, outWidth: Int

  /// Validates a configuration.
  /// - Parameters:
  ///   - kernel: `(R, S)`, the window's height and width.
  ///   - stride: `(Sh, Sw)`; nil means the window itself (non-overlapping windows).
  ///   - padding: at most half the window on each side (`Pt, Pb ≤ ⌊R/2⌋`, `Pl, Pr ≤ ⌊S/2⌋`).
  ///   - rounding: `.exact` (default) rejects windows that do not tile; `.floor` is PyTorch's
  ///     default, `.ceil` its `ceil_mode=True`.
  /// - Throws: `GeometryError` explaining which value is invalid and how to fix it.
  public init(
    batch: Int, channels: Int, height: Int, width: Int, kernel: (height: Int, width: Int),
    stride: (height: Int, width: Int)? = nil, padding: Padding2D = Padding2D(0),
    rounding: Rounding = .exact
  ) throws {
    guard batch >= 1 else { throw GeometryError("batch must be at least 1, got \(batch)") }
    guard channels >= 1 else {
      throw GeometryError("channels must be at least 1, got \(channels)")
    }
    let stride = stride ?? kernel
    for (name, k, before, after) in [
      ("height", kernel.height, padding.top, padding.bottom),
      ("width", kernel.width, padding.left, padding.right),
    ] where k >= 1 && max(before, after) > k / 2 {
      throw GeometryError(
        "\(name): padding (\(before), \(after)) is more than half the \(k)-wide window "
          + "(⌊\(k)/2⌋ = \(k / 2)): the border windows would hold more padding than input. "
          + "PyTorch rejects this too; use padding at most \(k / 2) or a larger window")
    }
    self.outHeight = try outputSize(
      input: height, kernel: kernel.height, stride: stride.height,
      padding: (padding.top, padding.bottom), rounding: rounding, dimension: "height")
    self.outWidth = try outputSize(
      input: width, kernel: kernel.width, stride: stride.width,
      padding: (padding.left, padding.right), rounding: rounding, dimension: "width")
    self.batch = batch; self.channels = channels; self.height = height; self.width = width
    self.kernelHeight = kernel.height; self.kernelWidth = kernel.width
    self.strideHeight = stride.height; self.strideWidth = stride.width
    self.padding = padding
    self.rounding = rounding
  }

  /// Square window `F`, stride `S` (nil: `S = F`), padding `P` on every side.
  ///
  ///     try Pool2DGeometry(batch: 1, channels: 96, height: 55, width: 55, kernel: 3, stride: 2)
  ///     // pool 3×3/2  96×55×55 → 96×27×27   (AlexNet's overlapping pooling)
  public init(
    batch: Int, channels: Int, height: Int, width: Int, kernel: Int, stride: Int? = nil,
    padding: Int = 0, rounding: Rounding = .exact
  ) throws {
    try self.init(
      batch: batch, channels: channels, height: height, width: width, kernel: (kernel, kernel),
      stride: stride.map { ($0, $0) }, padding: Padding2D(padding), rounding: rounding)
  }

  /// `(N, C, H, W)`.
  public var inputShape: [Int] { [batch, channels, height, width] }
  /// `(N, C, P, Q)`.
  public var outputShape: [Int] { [batch, channels, outHeight, outWidth] }
  /// `N·C`, the number of independent (image, channel) planes.
  public var planes: Int { batch * channels }
  /// Learnable parameters of a pooling layer: none, it is a fixed function of its input.
  public var parameterCount: Int { 0 }
  /// Whether windows share input elements (`Sh < R` or `Sw < S`), as in AlexNet's 3×3/2.
  public var isOverlapping: Bool { strideHeight < kernelHeight || strideWidth < kernelWidth }

  /// The input rows that window row `p` covers, clipped to the input (padding rows dropped).
  ///
  /// ```
  ///   max(0, p·Sh − Pt) ..< min(H, p·Sh − Pt + R)
  /// ```
  ///     // 3×3/2, pad 1 on H = 5:  rows of p = 0 → 0..<2, p = 1 → 1..<4, p = 2 → 3..<5
  @inlinable public func inputRows(ofOutputRow p: Int) -> Range<Int> {
    let start = p * strideHeight - padding.top
    return max(0, start)..<min(height, start + kernelHeight)
  }

  /// The input columns that window column `q` covers, clipped to the input.
  ///
  /// ```
  ///   max(0, q·Sw − Pl) ..< min(W, q·Sw − Pl + S)
  /// ```
  @inlinable public func inputColumns(ofOutputColumn q: Int) -> Range<Int> {
    let start = q * strideWidth - padding.left
    return max(0, start)..<min(width, start + kernelWidth)
  }

  /// The divisor of average pooling at output `(p, q)`, PyTorch's rule.
  ///
  /// ```
  ///   countIncludePad:  (min(hs + R, H + Pb) − hs) · (min(ws + S, W + Pr) − ws)
  ///                     the window clipped to the *padded* input (hs = p·Sh − Pt, ws = q·Sw − Pl)
  ///   otherwise:        |inputRows(p)| · |inputColumns(q)|, the real input elements in it
  /// ```
  /// Only a ceil-mode window that hangs past the padded input makes the first divisor smaller
  /// than `R·S`.
  ///
  ///     // 3×3/1, pad 1 on 4×4: corner (0, 0) → 9 with padding counted, 2·2 = 4 without
  @inlinable public func averageDivisor(row p: Int, column q: Int, countIncludePad: Bool) -> Int {
    if countIncludePad {
      let hs = p * strideHeight - padding.top, ws = q * strideWidth - padding.left
      let rows = min(hs + kernelHeight, height + padding.bottom) - hs
      let columns = min(ws + kernelWidth, width + padding.right) - ws
      return rows * columns
    }
    return inputRows(ofOutputRow: p).count * inputColumns(ofOutputColumn: q).count
  }

  /// `pool 3×3/2 pad 1 ceil  64×56×56 → 64×28×28`
  public var description: String {
    let stride = strideHeight == strideWidth
      ? "\(strideHeight)" : "\(strideHeight)×\(strideWidth)"
    var text = "pool \(kernelHeight)×\(kernelWidth)/\(stride)"
    if padding != Padding2D(0) { text += " pad \(padding)" }
    switch rounding {
    case .exact: break
    case .floor: text += " floor"
    case .ceil: text += " ceil"
    }
    return text + "  \(channels)×\(height)×\(width) → \(channels)×\(outHeight)×\(outWidth)"
  }
}

/// Runs `body` over the `(n, c)` planes of a pooling problem, in chunks of whole planes.
///
/// A chunk holds about 16 K input elements (at least one plane), so the chunking depends
/// on the problem size only, never on the thread count; each plane is computed by one
/// thread in a fixed order, which keeps every kernel bit-identical for any thread count.
/// `body` captures nothing and gets `shared` (see `Parallel.forEach(chunks:sharing:_:)`).
func forEachPlaneChunk<Shared: Sendable>(
  planes: Int, planeSize: Int, sharing shared: Shared,
  _ body: @escaping @Sendable (_ shared: Shared, _ planes: Range<Int>) -> Void
) {
  let perChunk = max(1, 16_384 / max(1, planeSize))
  let chunks = (planes + perChunk - 1) / perChunk
  Parallel.forEach(
    chunks: chunks,
    job: PlaneChunksJob(shared: shared, body: body, perChunk: perChunk, planes: planes))
}

/// The job of `forEachPlaneChunk`: chunk `i` is the planes `i·perChunk ..<`.
private struct PlaneChunksJob<Shared>: ParallelJob {
  let shared: Shared
  let body: (Shared, Range<Int>) -> Void
  let perChunk: Int, planes: Int

  static func run(_ job: UnsafeRawPointer, chunk: Int) {
    let job = job.assumingMemoryBound(to: Self.self)
    let (perChunk, planes) = (job.pointee.perChunk, job.pointee.planes)
    job.pointee.body(job.pointee.shared, chunk * perChunk..<min(planes, (chunk + 1) * perChunk))
  }
}
