/// The probability distribution of a random whole number: `P(X = v)` for the values
/// `minimum, minimum + 1, …`.
///
/// The sum of two independent variables has the convolution of their distributions:
///
/// ```
///   P(X + Y = s) = Σ_v  P(X = v) · P(Y = s − v)
///
///   X: values a … a + M − 1   Y: values b … b + N − 1   X + Y: values a + b … a + b + M + N − 2
/// ```
/// That is `convolve1DReference` of the two probability lists (mode `.full`), with the
/// smallest possible sums at index 0.
///
///     let die = IntegerDistribution.uniform(1...6)
///     let twoDice = die.sum(with: die)
///     twoDice.probability(of: 4)    // 0.0833… = 3/36: (1, 3), (2, 2), (3, 1)
///     twoDice.values                // 2...12
public struct IntegerDistribution: Equatable, Sendable {
  /// The smallest value with a listed probability.
  public let minimum: Int
  /// `probabilities[i] = P(X = minimum + i)`.
  public let probabilities: [Double]

  /// A distribution from its probabilities, starting at `minimum`.
  /// - Precondition: at least one probability, none negative.
  public init(minimum: Int, probabilities: [Double]) {
    precondition(
      !probabilities.isEmpty && probabilities.allSatisfy { $0 >= 0 },
      "a distribution needs at least one probability and none negative, got \(probabilities)")
    self.minimum = minimum
    self.probabilities = probabilities
  }

  /// Every value in `values` equally likely: a fair die is `uniform(1...6)`.
  public static func uniform(_ values: ClosedRange<Int>) -> IntegerDistribution {
    IntegerDistribution(
      minimum: values.lowerBound,
      probabilities: Array(repeating: 1 / Double(values.count), count: values.count))
  }

  /// The values from `minimum` to the largest listed one.
  public var values: ClosedRange<Int> { minimum...(minimum + probabilities.count - 1) }

  /// `P(X = value)`: zero outside `values`.
  public func probability(of value: Int) -> Double {
    values.contains(value) ? probabilities[value - minimum] : 0
  }

  /// The distribution of `X + Y` for independent `X` (this) and `Y` (`other`): the
  /// convolution of the two probability lists.
  public func sum(with other: IntegerDistribution) -> IntegerDistribution {
    IntegerDistribution(
      minimum: minimum + other.minimum,
      probabilities: convolve1DReference(probabilities, other.probabilities, mode: .full))
  }

  /// `Σ_v v·P(X = v)`.
  public var mean: Double {
    zip(values, probabilities).reduce(0) { $0 + Double($1.0) * $1.1 }
  }
}
