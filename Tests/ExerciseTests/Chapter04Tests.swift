import ExerciseKit
import Exercises
import Solutions
import XCTest

/// Chapter 4 — every solution must pass.
final class Chapter04SolutionTests: XCTestCase {
  let chapter = ExerciseChapter.pooling(Solutions.Chapter04.self)
  func testEveryExerciseIsListed() {
    assertListed(
      chapter,
      ["4.01", "4.02", "4.03", "4.04", "4.05", "4.06", "4.07", "4.08", "4.09", "4.10", "4.11",
       "4.12"])
  }
  func test_4_01() throws { try verify(chapter, "4.01", requireSolved: true) }
  func test_4_02() throws { try verify(chapter, "4.02", requireSolved: true) }
  func test_4_03() throws { try verify(chapter, "4.03", requireSolved: true) }
  func test_4_04() throws { try verify(chapter, "4.04", requireSolved: true) }
  func test_4_05() throws { try verify(chapter, "4.05", requireSolved: true) }
  func test_4_06() throws { try verify(chapter, "4.06", requireSolved: true) }
  func test_4_07() throws { try verify(chapter, "4.07", requireSolved: true) }
  func test_4_08() throws { try verify(chapter, "4.08", requireSolved: true) }
  func test_4_09() throws { try verify(chapter, "4.09", requireSolved: true) }
  func test_4_10() throws { try verify(chapter, "4.10", requireSolved: true) }
  func test_4_11() throws { try verify(chapter, "4.11", requireSolved: true) }
  func test_4_12() throws { try verify(chapter, "4.12", requireSolved: true) }
}

/// Chapter 4 — the learner's answers: unsolved ones are skipped, wrong ones fail.
final class Chapter04ExerciseTests: XCTestCase {
  let chapter = ExerciseChapter.pooling(Exercises.Chapter04.self)
  func test_4_01() throws { try verify(chapter, "4.01", requireSolved: false) }
  func test_4_02() throws { try verify(chapter, "4.02", requireSolved: false) }
  func test_4_03() throws { try verify(chapter, "4.03", requireSolved: false) }
  func test_4_04() throws { try verify(chapter, "4.04", requireSolved: false) }
  func test_4_05() throws { try verify(chapter, "4.05", requireSolved: false) }
  func test_4_06() throws { try verify(chapter, "4.06", requireSolved: false) }
  func test_4_07() throws { try verify(chapter, "4.07", requireSolved: false) }
  func test_4_08() throws { try verify(chapter, "4.08", requireSolved: false) }
  func test_4_09() throws { try verify(chapter, "4.09", requireSolved: false) }
  func test_4_10() throws { try verify(chapter, "4.10", requireSolved: false) }
  func test_4_11() throws { try verify(chapter, "4.11", requireSolved: false) }
  func test_4_12() throws { try verify(chapter, "4.12", requireSolved: false) }
}
