import ExerciseKit
import Exercises
import Solutions
import XCTest

/// Chapter 5 — every solution must pass.
final class Chapter05SolutionTests: XCTestCase {
  let chapter = ExerciseChapter.lenet(Solutions.Chapter05.self)
  func testEveryExerciseIsListed() {
    assertListed(
      chapter,
      ["5.01", "5.02", "5.03", "5.04", "5.05", "5.06", "5.07", "5.08", "5.09",
       "5.10", "5.11", "5.12", "5.13", "5.14"])
  }
  func test_5_01() throws { try verify(chapter, "5.01", requireSolved: true) }
  func test_5_02() throws { try verify(chapter, "5.02", requireSolved: true) }
  func test_5_03() throws { try verify(chapter, "5.03", requireSolved: true) }
  func test_5_04() throws { try verify(chapter, "5.04", requireSolved: true) }
  func test_5_05() throws { try verify(chapter, "5.05", requireSolved: true) }
  func test_5_06() throws { try verify(chapter, "5.06", requireSolved: true) }
  func test_5_07() throws { try verify(chapter, "5.07", requireSolved: true) }
  func test_5_08() throws { try verify(chapter, "5.08", requireSolved: true) }
  func test_5_09() throws { try verify(chapter, "5.09", requireSolved: true) }
  func test_5_10() throws { try verify(chapter, "5.10", requireSolved: true) }
  func test_5_11() throws { try verify(chapter, "5.11", requireSolved: true) }
  func test_5_12() throws { try verify(chapter, "5.12", requireSolved: true) }
  func test_5_13() throws { try verify(chapter, "5.13", requireSolved: true) }
  func test_5_14() throws { try verify(chapter, "5.14", requireSolved: true) }
}

/// Chapter 5 — the learner's answers: unsolved ones are skipped, wrong ones fail.
final class Chapter05ExerciseTests: XCTestCase {
  let chapter = ExerciseChapter.lenet(Exercises.Chapter05.self)
  func test_5_01() throws { try verify(chapter, "5.01", requireSolved: false) }
  func test_5_02() throws { try verify(chapter, "5.02", requireSolved: false) }
  func test_5_03() throws { try verify(chapter, "5.03", requireSolved: false) }
  func test_5_04() throws { try verify(chapter, "5.04", requireSolved: false) }
  func test_5_05() throws { try verify(chapter, "5.05", requireSolved: false) }
  func test_5_06() throws { try verify(chapter, "5.06", requireSolved: false) }
  func test_5_07() throws { try verify(chapter, "5.07", requireSolved: false) }
  func test_5_08() throws { try verify(chapter, "5.08", requireSolved: false) }
  func test_5_09() throws { try verify(chapter, "5.09", requireSolved: false) }
  func test_5_10() throws { try verify(chapter, "5.10", requireSolved: false) }
  func test_5_11() throws { try verify(chapter, "5.11", requireSolved: false) }
  func test_5_12() throws { try verify(chapter, "5.12", requireSolved: false) }
  func test_5_13() throws { try verify(chapter, "5.13", requireSolved: false) }
  func test_5_14() throws { try verify(chapter, "5.14", requireSolved: false) }
}
