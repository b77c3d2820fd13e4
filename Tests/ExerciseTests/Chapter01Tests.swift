import ExerciseKit
import Exercises
import Solutions
import XCTest

/// Chapter 1 — every solution must pass.
final class Chapter01SolutionTests: XCTestCase {
  let chapter = ExerciseChapter.convolutionMath(Solutions.Chapter01.self)
  func testEveryExerciseIsListed() {
    assertListed(chapter, [
      "1.01", "1.02", "1.03", "1.04", "1.05", "1.06", "1.07", "1.08", "1.09", "1.10", "1.11",
      "1.12",
    ])
  }
  func test_1_01() throws { try verify(chapter, "1.01", requireSolved: true) }
  func test_1_02() throws { try verify(chapter, "1.02", requireSolved: true) }
  func test_1_03() throws { try verify(chapter, "1.03", requireSolved: true) }
  func test_1_04() throws { try verify(chapter, "1.04", requireSolved: true) }
  func test_1_05() throws { try verify(chapter, "1.05", requireSolved: true) }
  func test_1_06() throws { try verify(chapter, "1.06", requireSolved: true) }
  func test_1_07() throws { try verify(chapter, "1.07", requireSolved: true) }
  func test_1_08() throws { try verify(chapter, "1.08", requireSolved: true) }
  func test_1_09() throws { try verify(chapter, "1.09", requireSolved: true) }
  func test_1_10() throws { try verify(chapter, "1.10", requireSolved: true) }
  func test_1_11() throws { try verify(chapter, "1.11", requireSolved: true) }
  func test_1_12() throws { try verify(chapter, "1.12", requireSolved: true) }
}

/// Chapter 1 — the learner's answers: unsolved ones are skipped, wrong ones fail.
final class Chapter01ExerciseTests: XCTestCase {
  let chapter = ExerciseChapter.convolutionMath(Exercises.Chapter01.self)
  func test_1_01() throws { try verify(chapter, "1.01", requireSolved: false) }
  func test_1_02() throws { try verify(chapter, "1.02", requireSolved: false) }
  func test_1_03() throws { try verify(chapter, "1.03", requireSolved: false) }
  func test_1_04() throws { try verify(chapter, "1.04", requireSolved: false) }
  func test_1_05() throws { try verify(chapter, "1.05", requireSolved: false) }
  func test_1_06() throws { try verify(chapter, "1.06", requireSolved: false) }
  func test_1_07() throws { try verify(chapter, "1.07", requireSolved: false) }
  func test_1_08() throws { try verify(chapter, "1.08", requireSolved: false) }
  func test_1_09() throws { try verify(chapter, "1.09", requireSolved: false) }
  func test_1_10() throws { try verify(chapter, "1.10", requireSolved: false) }
  func test_1_11() throws { try verify(chapter, "1.11", requireSolved: false) }
  func test_1_12() throws { try verify(chapter, "1.12", requireSolved: false) }
}
