import CNNCore

/// Seeded random affine distortions (rotation, scale, translation) for data augmentation
/// and for the distorted-MNIST task of the spatial-transformer chapter.
///
/// Each image gets its own transform, drawn uniformly in the given ranges in this order:
///
/// ```
/// θ  ~ U[−maxRotation, maxRotation]      (radians)
/// s  ~ U[scale.lowerBound, scale.upperBound]
/// tx ~ U[−maxTranslation, maxTranslation], ty ~ U[−maxTranslation, maxTranslation]  (pixels)
/// ```
///
/// and is applied with `warpAffine` (bilinear, zeros outside) to every channel; pixels are
/// rounded back to 0…255.
///
///     let distort = RandomAffine(maxRotation: .pi / 4, scale: 0.9...1.1, maxTranslation: 3)
///     let y = distort.apply(to: x, seed: 7)      // same seed → same images
public struct RandomAffine: Sendable {
  /// Largest rotation angle in radians (drawn in ±maxRotation).
  public var maxRotation: Double
  /// Range of the scale factor.
  public var scale: ClosedRange<Double>
  /// Largest shift in pixels along x and along y.
  public var maxTranslation: Double

  /// A distortion; the defaults leave images unchanged.
  public init(
    maxRotation: Double = 0, scale: ClosedRange<Double> = 1...1, maxTranslation: Double = 0
  ) {
    precondition(maxRotation >= 0 && maxTranslation >= 0, "ranges must be non-negative")
    precondition(scale.lowerBound > 0, "scale must be positive, got \(scale)")
    self.maxRotation = maxRotation
    self.scale = scale
    self.maxTranslation = maxTranslation
  }

  /// Draws one transform.
  public func sample(using generator: inout SeededGenerator) -> AffineTransform2D {
    let theta = generator.nextUniform(in: -maxRotation...maxRotation)
    let s = generator.nextUniform(in: scale)
    let tx = generator.nextUniform(in: -maxTranslation...maxTranslation)
    let ty = generator.nextUniform(in: -maxTranslation...maxTranslation)
    return AffineTransform2D(rotation: theta, scale: s, translation: (tx, ty))
  }

  /// Every image of `images` distorted by its own transform, drawn from `seed`.
  public func apply(to images: ImageSet, seed: UInt64) -> ImageSet {
    var generator = SeededGenerator(seed: seed)
    let (channels, height, width) = (images.shape[0], images.shape[1], images.shape[2])
    let plane = height * width
    var out = [UInt8]()
    out.reserveCapacity(images.pixels.count)
    for n in 0..<images.count {
      let transform = sample(using: &generator)
      for c in 0..<channels {
        let start = (n * channels + c) * plane
        let input = images.pixels[start..<start + plane].map { Float($0) }
        let warped = warpAffine(input, width: width, height: height, transform)
        out.append(contentsOf: warped.map { UInt8(min(255, max(0, $0.rounded()))) })
      }
    }
    return ImageSet(pixels: out, shape: images.shape)
  }
}
