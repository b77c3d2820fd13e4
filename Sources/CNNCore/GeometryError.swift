/// An invalid layer configuration, with a message that explains the arithmetic.
///
///     try outputSize(input: 7, kernel: 3, stride: 3)
///     // throws: "width: (W − F + 2P) = (7 − 3 + 2·0) = 4 is not divisible by stride 3 …"
public struct GeometryError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What is wrong and how to fix it.
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
