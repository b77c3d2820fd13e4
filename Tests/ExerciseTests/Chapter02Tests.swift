import ExerciseKit
import Exercises
import Solutions
import XCTest

/// Chapter 2 — every solution must pass.
final class Chapter02SolutionTests: XCTestCase {
  let chapter = ExerciseChapter.crossCorrelation(Solutions.Chapter02.self)
  func testEveryExerciseIsListed() {
    assertListed(chapter, (1...14).map { String(format: "2.%02d", $0) })
  }
  func test_2_01() throws { try verify(chapter, "2.01", requireSolved: true) }
  func test_2_02() throws { try verify(chapter, "2.02", requireSolved: true) }
  func test_2_03() throws { try verify(chapter, "2.03", requireSolved: true) }
  func test_2_04() throws { try verify(chapter, "2.04", requireSolved: true) }
  func test_2_05() throws { try verify(chapter, "2.05", requireSolved: true) }
  func test_2_06() throws { try verify(chapter, "2.06", requireSolved: true) }
  func test_2_07() throws { try verify(chapter, "2.07", requireSolved: true) }
  func test_2_08() throws { try verify(chapter, "2.08", requireSolved: true) }
  func test_2_09() throws { try verify(chapter, "2.09", requireSolved: true) }
  func test_2_10() throws { try verify(chapter, "2.10", requireSolved: true) }
  func test_2_11() throws { try verify(chapter, "2.11", requireSolved: true) }
  func test_2_12() throws { try verify(chapter, "2.12", requireSolved: true) }
  func test_2_13() throws { try verify(chapter, "2.13", requireSolved: true) }
  func test_2_14() throws { try verify(chapter, "2.14", requireSolved: true) }
}

/// Chapter 2 — the learner's answers: unsolved ones are skipped, wrong ones fail.
final class Chapter02ExerciseTests: XCTestCase {
  let chapter = ExerciseChapter.crossCorrelation(Exercises.Chapter02.self)
  func test_2_01() throws { try verify(chapter, "2.01", requireSolved: false) }
  func test_2_02() throws { try verify(chapter, "2.02", requireSolved: false) }
  func test_2_03() throws { try verify(chapter, "2.03", requireSolved: false) }
  func test_2_04() throws { try verify(chapter, "2.04", requireSolved: false) }
  func test_2_05() throws { try verify(chapter, "2.05", requireSolved: false) }
  func test_2_06() throws { try verify(chapter, "2.06", requireSolved: false) }
  func test_2_07() throws { try verify(chapter, "2.07", requireSolved: false) }
  func test_2_08() throws { try verify(chapter, "2.08", requireSolved: false) }
  func test_2_09() throws { try verify(chapter, "2.09", requireSolved: false) }
  func test_2_10() throws { try verify(chapter, "2.10", requireSolved: false) }
  func test_2_11() throws { try verify(chapter, "2.11", requireSolved: false) }
  func test_2_12() throws { try verify(chapter, "2.12", requireSolved: false) }
  func test_2_13() throws { try verify(chapter, "2.13", requireSolved: false) }
  func test_2_14() throws { try verify(chapter, "2.14", requireSolved: false) }
}
