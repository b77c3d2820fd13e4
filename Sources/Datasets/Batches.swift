import CNNCore

/// Consecutive mini-batches of an `ImageSet` and its labels, in a given order.
///
/// ```
/// batch b holds order[b · size ..< min((b + 1) · size, order.count)]
/// number of batches = ⌈order.count / size⌉     (the last one may be smaller)
/// ```
///
/// Each batch is converted to `Float` (pixel / 255) only when it is reached, shape
/// [n, C, H, W].
///
///     let batches = Batches(images: x, labels: y, size: 32, order: Array(0..<100))
///     batches.count                         // 4   (32 + 32 + 32 + 4)
///     batches.map { $0.labels.count }       // [32, 32, 32, 4]
public struct Batches: Sequence, Sendable {
  /// One mini-batch: the images [n, C, H, W], their labels, and their indices in the set.
  public struct Batch: Sendable {
    /// The images, [n, C, H, W], values pixel / 255.
    public let images: Tensor<Float>
    /// Their labels.
    public let labels: [Int]
    /// Their positions in the image set.
    public let indices: ArraySlice<Int>
  }

  /// The image set the batches are taken from.
  public let images: ImageSet
  /// One label per image of `images`.
  public let labels: [Int]
  /// Batch size (the last batch may hold fewer).
  public let size: Int
  /// The order in which images are visited (e.g. a seeded permutation).
  public let order: [Int]

  /// Batches of `size` over `order` (default: all images in their stored order).
  public init(images: ImageSet, labels: [Int], size: Int, order: [Int]? = nil) {
    precondition(size >= 1, "batch size must be at least 1, got \(size)")
    precondition(
      labels.count == images.count,
      "\(images.count) images but \(labels.count) labels")
    self.images = images
    self.labels = labels
    self.size = size
    self.order = order ?? Array(0..<images.count)
  }

  /// Number of batches, ⌈order.count / size⌉.
  public var count: Int { (order.count + size - 1) / size }

  /// Batch `b` (0-based).
  public func batch(_ b: Int) -> Batch {
    precondition(b >= 0 && b < count, "batch \(b) is outside 0..<\(count)")
    let slice = order[b * size..<Swift.min((b + 1) * size, order.count)]
    return Batch(images: images.batch(slice), labels: slice.map { labels[$0] }, indices: slice)
  }

  /// The batches in order, each converted when reached.
  /// Batch `b` into buffers kept by the caller (a training loop's steady state allocates
  /// nothing): `images` as `(B, …image shape)` Float ÷ 255, `labels` its B labels.
  public func batch(_ b: Int, images: inout Tensor<Float>, labels batchLabels: inout [Int]) {
    precondition(b >= 0 && b < count, "batch \(b) is outside 0..<\(count)")
    let slice = order[b * size..<Swift.min((b + 1) * size, order.count)]
    self.images.batch(slice, into: &images)
    batchLabels.removeAll(keepingCapacity: true)
    for i in slice { batchLabels.append(labels[i]) }
  }

  public func makeIterator() -> AnyIterator<Batch> {
    var b = 0
    return AnyIterator {
      guard b < count else { return nil }
      defer { b += 1 }
      return batch(b)
    }
  }
}
