import ExerciseKit
import XCTest

/// Runs one exercise of `chapter` as an XCTest case.
///
/// - For the learner's `Exercises`: an unsolved stub is reported as *skipped*, a wrong
///   answer as a failure listing expected and got.
/// - For `Solutions` (`requireSolved: true`): every exercise must pass.
func verify(
  _ chapter: ExerciseChapter, _ id: String, requireSolved: Bool,
  file: StaticString = #filePath, line: UInt = #line
) throws {
  guard let exercise = chapter.exercise(id) else {
    XCTFail("chapter \(chapter.number) has no exercise \(id)", file: file, line: line)
    return
  }
  switch exercise.run() {
  case .passed:
    break
  case .unsolved:
    if requireSolved {
      XCTFail(
        "\(id) \(exercise.title): the solution is missing (it throws Unsolved)",
        file: file, line: line)
    } else {
      throw XCTSkip("\(id) \(exercise.title): unsolved — edit \(chapter.file)")
    }
  case .failed(let expectations):
    for e in expectations where !e.passed {
      XCTFail("\(id) \(exercise.title): \(e)", file: file, line: line)
    }
  case .threw(let message):
    XCTFail("\(id) \(exercise.title) threw: \(message)", file: file, line: line)
  }
}

/// Every exercise id of a chapter appears in exactly one test method: a guard that the
/// explicit per-exercise test lists below stay complete as exercises are added.
func assertListed(
  _ chapter: ExerciseChapter, _ ids: [String], file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertEqual(
    chapter.exercises.map(\.id), ids, "the test methods must list every exercise",
    file: file, line: line)
}
