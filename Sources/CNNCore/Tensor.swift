// Shape legend used across the project:
//   N = batch, C = channels, H/W = height/width, K = output channels (filters),
//   R/S = kernel height/width.

/// A dense, contiguous, row-major tensor (NCHW for images).
///
/// The vectorized core works on `Tensor<Float>`; the scalar references are generic
/// so that gradient checks can run in `Double`.
///
///     var x = Tensor<Float>(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])
///     x[1, 2]           // 5
///     x[0, 1] = 10      // scalars == [0, 10, 2, 3, 4, 5]
public struct Tensor<Scalar: BinaryFloatingPoint & Sendable>: Equatable, Sendable {
  /// The extent of every dimension, outermost first.
  public let shape: [Int]
  /// The elements in row-major order: the last index varies fastest.
  public var scalars: [Scalar]

  /// A tensor with the given shape and row-major elements.
  public init(shape: [Int], scalars: [Scalar]) {
    precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
    let count = shape.reduce(1, *)
    precondition(
      count == scalars.count,
      "shape \(shape) holds \(count) elements but \(scalars.count) were given")
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor whose elements all equal `value`.
  public init(shape: [Int], repeating value: Scalar) {
    self.init(shape: shape, scalars: Array(repeating: value, count: shape.reduce(1, *)))
  }

  /// A tensor of zeros.
  public init(zeros shape: [Int]) { self.init(shape: shape, repeating: 0) }

  /// A 2-D tensor from nested rows, e.g. `Tensor(rows: [[0, 1], [2, 3]])`.
  public init(rows: [[Scalar]]) {
    let width = rows.first?.count ?? 0
    precondition(rows.allSatisfy { $0.count == width }, "rows of unequal length")
    self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
  }

  /// Number of elements.
  @inlinable public var count: Int { scalars.count }
  /// Number of dimensions.
  @inlinable public var rank: Int { shape.count }

  /// Element `[i]` of a 1-D tensor.
  @inlinable public subscript(i: Int) -> Scalar {
    get { scalars[i] }
    set { scalars[i] = newValue }
  }

  /// Element `[i, j]` of a 2-D tensor.
  @inlinable public subscript(i: Int, j: Int) -> Scalar {
    get { scalars[i &* shape[1] &+ j] }
    set { scalars[i &* shape[1] &+ j] = newValue }
  }

  /// Element `[c, h, w]` of a 3-D tensor.
  @inlinable public subscript(c: Int, h: Int, w: Int) -> Scalar {
    get { scalars[(c &* shape[1] &+ h) &* shape[2] &+ w] }
    set { scalars[(c &* shape[1] &+ h) &* shape[2] &+ w] = newValue }
  }

  /// Element `[n, c, h, w]` of a 4-D (NCHW) tensor.
  @inlinable public subscript(n: Int, c: Int, h: Int, w: Int) -> Scalar {
    get { scalars[((n &* shape[1] &+ c) &* shape[2] &+ h) &* shape[3] &+ w] }
    set { scalars[((n &* shape[1] &+ c) &* shape[2] &+ h) &* shape[3] &+ w] = newValue }
  }

  /// The same elements viewed with another shape of equal element count.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    Tensor(shape: newShape, scalars: scalars)
  }

  /// The same values in another floating-point type (e.g. `Double` for gradient checks).
  public func converted<T: BinaryFloatingPoint & Sendable>(to _: T.Type = T.self) -> Tensor<T> {
    Tensor<T>(shape: shape, scalars: scalars.map { T($0) })
  }

  /// The 2-D rows of a rank-2 tensor, for printing and comparing with literals.
  public var rows: [[Scalar]] {
    precondition(rank == 2, "rows needs a rank-2 tensor, shape is \(shape)")
    return (0..<shape[0]).map { Array(scalars[$0 * shape[1]..<($0 + 1) * shape[1]]) }
  }
}

extension Tensor {
  /// Uniform random elements in `range`, drawn from `generator` in row-major order.
  public init(
    shape: [Int], uniformIn range: ClosedRange<Scalar>, using generator: inout SeededGenerator
  ) {
    let count = shape.reduce(1, *)
    var values = [Scalar]()
    values.reserveCapacity(count)
    let bounds = Double(range.lowerBound)...Double(range.upperBound)
    for _ in 0..<count { values.append(Scalar(generator.nextUniform(in: bounds))) }
    self.init(shape: shape, scalars: values)
  }

  /// Normal random elements with the given mean and standard deviation.
  public init(
    shape: [Int], normalMean mean: Scalar = 0, standardDeviation std: Scalar,
    using generator: inout SeededGenerator
  ) {
    let count = shape.reduce(1, *)
    var values = [Scalar]()
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(mean + std * Scalar(generator.nextNormal())) }
    self.init(shape: shape, scalars: values)
  }
}
