import ExerciseKit
import Exercises
import Solutions
import XCTest

/// Chapter 1 — every solution must pass.
final class Chapter01SolutionTests: XCTestCase {
  let chapter = ExerciseChapter.convolutionMath(Solutions.Chapter01.self)
  func testEveryExerciseIsListed() { assertListed(chapter, ["1.01"]) }
  func test_1_01() throws { try verify(chapter, "1.01", requireSolved: true) }
}

/// Chapter 1 — the learner's answers: unsolved ones are skipped, wrong ones fail.
final class Chapter01ExerciseTests: XCTestCase {
  let chapter = ExerciseChapter.convolutionMath(Exercises.Chapter01.self)
  func test_1_01() throws { try verify(chapter, "1.01", requireSolved: false) }
}
