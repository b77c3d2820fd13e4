import Foundation

/// A 2-D affine map of pixel coordinates about the image centre: rotation, scale and
/// translation, applied to images by `warpAffine` with bilinear sampling.
///
/// Coordinates are (x, y) = (column, row), y pointing down; c = ((W − 1)/2, (H − 1)/2).
/// A positive angle turns the picture counter-clockwise *as displayed*:
///
/// ```
/// forward (input → output):   p' = c + s · R(θ) · (p − c) + t
///                             R(θ) = [  cos θ   sin θ ]
///                                    [ −sin θ   cos θ ]
/// inverse (used to sample):   p  = c + R(−θ) · (p' − c − t) / s
/// ```
///
///     let shift = AffineTransform2D(translation: (x: 1, y: 0))
///     shift.sourcePoint(x: 5, y: 3, width: 8, height: 8)   // (x: 4.0, y: 3.0)
public struct AffineTransform2D: Sendable, Equatable {
  /// Rotation θ in radians (counter-clockwise as displayed).
  public var rotation: Double
  /// Uniform scale factor s (> 0); 2 doubles the size.
  public var scale: Double
  /// Translation t in pixels; positive x moves right, positive y moves down.
  public var translation: (x: Double, y: Double)

  /// A transform; the default is the identity.
  public init(rotation: Double = 0, scale: Double = 1, translation: (x: Double, y: Double) = (0, 0))
  {
    precondition(scale > 0, "scale must be positive, got \(scale)")
    self.rotation = rotation
    self.scale = scale
    self.translation = translation
  }

  /// The identity map.
  public static let identity = AffineTransform2D()

  /// Equal when all parameters are equal.
  public static func == (a: AffineTransform2D, b: AffineTransform2D) -> Bool {
    a.rotation == b.rotation && a.scale == b.scale && a.translation == b.translation
  }

  /// The input point sampled for output pixel (x, y) of a width × height image.
  public func sourcePoint(x: Double, y: Double, width: Int, height: Int) -> (x: Double, y: Double)
  {
    sourcePoint(x: x, y: y, width: width, height: height, cosine: cos(rotation),
      sine: sin(rotation))
  }

  /// `sourcePoint` with cos θ and sin θ given, so that warping an image computes them once
  /// rather than per pixel (they were a tenth of a LeNet training epoch with augmentation).
  func sourcePoint(
    x: Double, y: Double, width: Int, height: Int, cosine c: Double, sine s: Double
  ) -> (x: Double, y: Double) {
    let cx = Double(width - 1) / 2, cy = Double(height - 1) / 2
    let dx = (x - cx - translation.x) / scale, dy = (y - cy - translation.y) / scale
    // R(−θ) = [cos θ  −sin θ; sin θ  cos θ]
    return (cx + c * dx - s * dy, cy + s * dx + c * dy)
  }
}

/// Warps one channel plane (H × W, row-major) by `transform`, sampling the input
/// bilinearly; points outside the image read as 0.
///
/// ```
/// (x, y) = transform.sourcePoint(x', y');  x0 = ⌊x⌋, y0 = ⌊y⌋, fx = x − x0, fy = y − y0
/// out(y', x') = (1−fy)(1−fx)·in(y0, x0) + (1−fy)fx·in(y0, x0+1)
///             + fy(1−fx)·in(y0+1, x0) + fy·fx·in(y0+1, x0+1)
/// ```
///
///     warpAffine([1, 2, 3, 4], width: 2, height: 2, .identity)   // [1, 2, 3, 4]
public func warpAffine(
  _ plane: [Float], width: Int, height: Int, _ transform: AffineTransform2D
) -> [Float] {
  precondition(
    plane.count == width * height, "plane has \(plane.count) values, not \(width)×\(height)")
  var out = [Float](repeating: 0, count: plane.count)
  func pixel(_ y: Int, _ x: Int) -> Float {
    (x >= 0 && x < width && y >= 0 && y < height) ? plane[y * width + x] : 0
  }
  let (cosine, sine) = (cos(transform.rotation), sin(transform.rotation))
  for yo in 0..<height {
    for xo in 0..<width {
      let p = transform.sourcePoint(
        x: Double(xo), y: Double(yo), width: width, height: height, cosine: cosine, sine: sine)
      // Snap to the grid when within rounding error, so exact maps (identity, whole-pixel
      // shifts, 90° turns) reproduce the pixels exactly.
      let sx = abs(p.x - p.x.rounded()) < 1e-9 ? p.x.rounded() : p.x
      let sy = abs(p.y - p.y.rounded()) < 1e-9 ? p.y.rounded() : p.y
      let x0 = Int(sx.rounded(.down)), y0 = Int(sy.rounded(.down))
      let fx = Float(sx - Double(x0)), fy = Float(sy - Double(y0))
      var v = (1 - fy) * (1 - fx) * pixel(y0, x0)
      if fx != 0 { v += (1 - fy) * fx * pixel(y0, x0 + 1) }
      if fy != 0 { v += fy * (1 - fx) * pixel(y0 + 1, x0) }
      if fx != 0 && fy != 0 { v += fy * fx * pixel(y0 + 1, x0 + 1) }
      out[yo * width + xo] = v
    }
  }
  return out
}
