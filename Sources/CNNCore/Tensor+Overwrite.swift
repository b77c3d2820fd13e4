// Output tensors that a caller keeps from one call to the next, so that a training loop's
// steady state allocates nothing: the kernels' `into:` variants write into them.

extension Tensor {
  /// An empty tensor (shape `[0]`), the starting value of a reused output.
  public static var empty: Tensor { Tensor(shape: [0], scalars: []) }

  /// Gives `self` the shape `newShape` for a kernel that overwrites every element, keeping
  /// its storage when the element count is unchanged (the old values are left in place).
  ///
  /// ```
  ///   same shape          → nothing changes
  ///   same element count  → the shape changes, the storage is kept
  ///   otherwise           → new storage of count(newShape) elements
  /// ```
  /// The storage is written without a copy only when nothing else holds it (Swift's
  /// copy-on-write): a caller that keeps an earlier result keeps its own copy.
  ///
  ///     var y = Tensor<Float>.empty
  ///     y.prepareForOverwrite(shape: [2, 3])   // 6 elements, allocated once
  ///     y.prepareForOverwrite(shape: [3, 2])   // same storage, new shape
  public mutating func prepareForOverwrite(shape newShape: [Int]) {
    if shape == newShape { return }
    let count = newShape.reduce(1, *)
    if scalars.count == count {
      self = Tensor(shape: newShape, scalars: scalars)
    } else {
      self = Tensor(shape: newShape, scalars: [Scalar](repeating: 0, count: count))
    }
  }

  /// Sets every element to zero, keeping the storage.
  public mutating func setZero() {
    scalars.withUnsafeMutableBufferPointer { $0.initialize(repeating: 0) }
  }

  /// Whether the shape is `[d0]`, checked without making an array (the kernels' `into:`
  /// variants call `prepareForOverwrite` only when it is not, so a steady state makes none).
  @inlinable public func hasShape(_ d0: Int) -> Bool { shape.count == 1 && shape[0] == d0 }

  /// Whether the shape is `[d0, d1]`.
  @inlinable public func hasShape(_ d0: Int, _ d1: Int) -> Bool {
    shape.count == 2 && shape[0] == d0 && shape[1] == d1
  }

  /// Whether the shape is `[d0, d1, d2, d3]`.
  @inlinable public func hasShape(_ d0: Int, _ d1: Int, _ d2: Int, _ d3: Int) -> Bool {
    shape.count == 4 && shape[0] == d0 && shape[1] == d1 && shape[2] == d2 && shape[3] == d3
  }
}
