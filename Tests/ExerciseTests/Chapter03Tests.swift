import ExerciseKit
import Exercises
import Solutions
import XCTest

/// Chapter 3 — every solution must pass.
final class Chapter03SolutionTests: XCTestCase {
  let chapter = ExerciseChapter.paddingStride(Solutions.Chapter03.self)
  func testEveryExerciseIsListed() {
    assertListed(chapter, (1...13).map { String(format: "3.%02d", $0) })
  }
  func test_3_01() throws { try verify(chapter, "3.01", requireSolved: true) }
  func test_3_02() throws { try verify(chapter, "3.02", requireSolved: true) }
  func test_3_03() throws { try verify(chapter, "3.03", requireSolved: true) }
  func test_3_04() throws { try verify(chapter, "3.04", requireSolved: true) }
  func test_3_05() throws { try verify(chapter, "3.05", requireSolved: true) }
  func test_3_06() throws { try verify(chapter, "3.06", requireSolved: true) }
  func test_3_07() throws { try verify(chapter, "3.07", requireSolved: true) }
  func test_3_08() throws { try verify(chapter, "3.08", requireSolved: true) }
  func test_3_09() throws { try verify(chapter, "3.09", requireSolved: true) }
  func test_3_10() throws { try verify(chapter, "3.10", requireSolved: true) }
  func test_3_11() throws { try verify(chapter, "3.11", requireSolved: true) }
  func test_3_12() throws { try verify(chapter, "3.12", requireSolved: true) }
  func test_3_13() throws { try verify(chapter, "3.13", requireSolved: true) }
}

/// Chapter 3 — the learner's answers: unsolved ones are skipped, wrong ones fail.
final class Chapter03ExerciseTests: XCTestCase {
  let chapter = ExerciseChapter.paddingStride(Exercises.Chapter03.self)
  func test_3_01() throws { try verify(chapter, "3.01", requireSolved: false) }
  func test_3_02() throws { try verify(chapter, "3.02", requireSolved: false) }
  func test_3_03() throws { try verify(chapter, "3.03", requireSolved: false) }
  func test_3_04() throws { try verify(chapter, "3.04", requireSolved: false) }
  func test_3_05() throws { try verify(chapter, "3.05", requireSolved: false) }
  func test_3_06() throws { try verify(chapter, "3.06", requireSolved: false) }
  func test_3_07() throws { try verify(chapter, "3.07", requireSolved: false) }
  func test_3_08() throws { try verify(chapter, "3.08", requireSolved: false) }
  func test_3_09() throws { try verify(chapter, "3.09", requireSolved: false) }
  func test_3_10() throws { try verify(chapter, "3.10", requireSolved: false) }
  func test_3_11() throws { try verify(chapter, "3.11", requireSolved: false) }
  func test_3_12() throws { try verify(chapter, "3.12", requireSolved: false) }
  func test_3_13() throws { try verify(chapter, "3.13", requireSolved: false) }
}
