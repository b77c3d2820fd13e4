/// The result of running one exercise's check.
public enum Outcome: Sendable {
  /// Every expectation held.
  case passed([Expectation])
  /// At least one expectation failed; all of them are listed.
  case failed([Expectation])
  /// The answer is still a stub (`throw Unsolved()`).
  case unsolved
  /// The answer threw another error.
  case threw(String)

  public var isPassed: Bool { if case .passed = self { true } else { false } }
}

extension Exercise {
  /// Runs the check and classifies the result.
  public func run() -> Outcome {
    do {
      let expectations = try check()
      return expectations.allSatisfy(\.passed) ? .passed(expectations) : .failed(expectations)
    } catch is Unsolved {
      return .unsolved
    } catch {
      return .threw("\(error)")
    }
  }
}
