import CNNCore

/// A set of images kept as bytes (N×C×H×W, `UInt8`), converted to `Float` one batch at a
/// time so that 60 000 MNIST digits take 47 MB instead of 188 MB.
///
/// This is the `x` of `Sequential.fit(x:y:…)`; the labels (`y`) are a separate `[Int]`,
/// as in Keras.
///
/// ```
/// pixels[((n · C + c) · H + h) · W + w] = pixel (c, h, w) of image n, 0…255
/// batch value = pixel / 255                                          in [0, 1]
/// ```
///
///     let x = ImageSet(pixels: [0, 255, 51, 102], shape: [1, 2, 2])   // one 2×2 image
///     x.count                        // 1
///     x.batch([0]).scalars           // [0.0, 1.0, 0.2, 0.4]   (51/255 = 0.2, 102/255 = 0.4)
public struct ImageSet: Sendable, Equatable {
  /// The per-image shape [C, H, W].
  public let shape: [Int]
  /// All pixels, image after image, each in C×H×W row-major order.
  public let pixels: [UInt8]

  /// Images from their bytes; `pixels.count` must be a multiple of `C · H · W`.
  public init(pixels: [UInt8], shape: [Int]) {
    precondition(
      shape.count == 3 && shape.allSatisfy { $0 > 0 },
      "an image shape is [C, H, W] with positive extents, got \(shape)")
    let size = shape.reduce(1, *)
    precondition(
      pixels.count % size == 0,
      "\(pixels.count) pixels are not a whole number of \(shape) images of \(size) pixels")
    self.shape = shape
    self.pixels = pixels
  }

  /// The images of an MNIST split, shape [1, 28, 28].
  public init(_ mnist: MNIST) {
    self.init(pixels: mnist.images, shape: [1, mnist.rows, mnist.columns])
  }

  /// Number of images N.
  public var count: Int { pixels.count / imageSize }
  /// Pixels per image, C · H · W.
  public var imageSize: Int { shape.reduce(1, *) }

  /// The images at `indices`, in that order, as a new set.
  public func subset(_ indices: some Sequence<Int>) -> ImageSet {
    let size = imageSize
    var out = [UInt8]()
    for i in indices {
      precondition(i >= 0 && i < count, "image index \(i) is outside 0..<\(count)")
      out.append(contentsOf: pixels[i * size..<(i + 1) * size])
    }
    return ImageSet(pixels: out, shape: shape)
  }

  /// The images at `indices` as one Float batch of shape [n, C, H, W], values pixel / 255.
  public func batch(_ indices: some Collection<Int>) -> Tensor<Float> {
    var images = Tensor<Float>.empty
    batch(indices, into: &images)
    return images
  }

  /// `batch(_:)` into a tensor kept by the caller, whose storage is reused when the element
  /// count matches (`Tensor.prepareForOverwrite`): a training loop's batches need no new
  /// memory.
  public func batch(_ indices: some Collection<Int>, into images: inout Tensor<Float>) {
    let size = imageSize
    if images.rank != shape.count + 1 || images.shape[0] != indices.count
      || !images.shape.dropFirst().elementsEqual(shape)
    {
      images.prepareForOverwrite(shape: [indices.count] + shape)
    }
    for i in indices {
      precondition(i >= 0 && i < count, "image index \(i) is outside 0..<\(count)")
    }
    images.scalars.withUnsafeMutableBufferPointer { out in
      pixels.withUnsafeBufferPointer { src in
        let (out, src) = (SharedPointer(out.baseAddress!), SharedConstPointer(src.baseAddress!))
        let done: Void? = indices.withContiguousStorageIfAvailable { indices in
          // Chunks of 16 images in parallel (the same conversion whoever runs it).
          let shared = (out, src, SharedConstPointer(indices.baseAddress!), indices.count, size)
          Parallel.forEach(chunks: (indices.count + 15) / 16, sharing: shared) { shared, chunk in
            let (out, src, list, n, size) = shared
            for j in chunk * 16..<min(n, chunk * 16 + 16) {
              convertImage(src.base + list.base[j] * size, into: out.base + j * size, size)
            }
          }
        }
        if done == nil {
          for (j, i) in indices.enumerated() {
            convertImage(src.base + i * size, into: out.base + j * size, size)
          }
        }
      }
    }
  }
}

extension MNIST {
  /// The labels as `Int`s 0…9 (the `y` of `Sequential.fit(x:y:…)`).
  public var labelArray: [Int] { labels.map(Int.init) }
}

/// One image of a batch: each of its `size` pixels ÷ 255.
@inline(__always)
private func convertImage(
  _ source: UnsafePointer<UInt8>, into target: UnsafeMutablePointer<Float>, _ size: Int
) {
  for k in 0..<size { target[k] = Float(source[k]) / 255 }
}
