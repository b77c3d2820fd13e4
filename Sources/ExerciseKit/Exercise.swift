/// Thrown by an exercise stub that the learner has not solved yet.
///
/// Every stub in `Exercises/` has the body `throw Unsolved()`. Replace it with your
/// answer; the checks then report the exercise as passed or failed instead of unsolved.
public struct Unsolved: Error, Sendable {
  public init() {}
}

/// What an exercise asks for.
public enum ExerciseKind: String, Sendable {
  /// A number or matrix worked out with pencil and paper, returned as a literal.
  case compute = "compute"
  /// A function, checked on several inputs.
  case implement = "implement"
  /// A shape, size or parameter count predicted before running anything.
  case predict = "predict"
}

/// One exercise: its number, its title, and the check that runs the learner's answer.
public struct Exercise {
  /// "1.03": chapter and exercise number.
  public let id: String
  public let title: String
  public let kind: ExerciseKind
  /// Runs the answer and compares it with the hand-computed expectations.
  /// Throws `Unsolved` when the answer is still a stub.
  public let check: () throws -> [Expectation]

  public init(
    _ id: String, _ title: String, kind: ExerciseKind,
    check: @escaping () throws -> [Expectation]
  ) {
    self.id = id; self.title = title; self.kind = kind; self.check = check
  }
}

/// The exercises of one chapter, bound to one set of answers (the learner's or the solutions).
public struct ExerciseChapter {
  public let number: Int
  public let title: String
  /// The file the learner edits, e.g. "Exercises/Chapter01-ConvolutionMath.swift".
  public let file: String
  public let exercises: [Exercise]

  public init(number: Int, title: String, file: String, exercises: [Exercise]) {
    self.number = number; self.title = title; self.file = file; self.exercises = exercises
  }

  public func exercise(_ id: String) -> Exercise? { exercises.first { $0.id == id } }
}
