// check-exercises — checks your answers in Exercises/ and prints, for each exercise,
// whether it passed, what was expected and what your code gave.
//
//   swift run check-exercises            every chapter
//   swift run check-exercises 1 2        chapters 1 and 2
//   swift run check-exercises --solutions 1   the shipped solutions instead of yours
//
// Exit status: 0 when nothing is wrong (unsolved exercises are not wrong), 1 otherwise.
import ExerciseKit
import Exercises
import Foundation
import Solutions

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
  print("usage: swift run check-exercises [--solutions] [CHAPTER …]")
  exit(0)
}
let useSolutions = arguments.contains("--solutions")
var wanted = Set<Int>()
for argument in arguments where argument != "--solutions" {
  guard let number = Int(argument) else {
    FileHandle.standardError.write(
      Data("check-exercises: '\(argument)' is not a chapter number; try --help\n".utf8))
    exit(2)
  }
  wanted.insert(number)
}

let chapters: [ExerciseChapter] = useSolutions
  ? [
    .convolutionMath(Solutions.Chapter01.self),
    .crossCorrelation(Solutions.Chapter02.self),
    .paddingStride(Solutions.Chapter03.self),
    .pooling(Solutions.Chapter04.self),
    .lenet(Solutions.Chapter05.self),
  ]
  : [
    .convolutionMath(Exercises.Chapter01.self),
    .crossCorrelation(Exercises.Chapter02.self),
    .paddingStride(Exercises.Chapter03.self),
    .pooling(Exercises.Chapter04.self),
    .lenet(Exercises.Chapter05.self),
  ]

let unknown = wanted.subtracting(chapters.map(\.number))
if !unknown.isEmpty {
  let known = chapters.map { String($0.number) }.joined(separator: ", ")
  FileHandle.standardError.write(
    Data(
      ("check-exercises: no exercises for chapter \(unknown.sorted()); "
        + "chapters with exercises: \(known)\n").utf8))
  exit(2)
}

var (passed, failed, unsolved) = (0, 0, 0)
for chapter in chapters where wanted.isEmpty || wanted.contains(chapter.number) {
  let source = useSolutions ? "Solutions" : chapter.file
  print("Chapter \(chapter.number) — \(chapter.title)   (\(source))")
  for exercise in chapter.exercises {
    let head = "\(exercise.id)  \(exercise.title) [\(exercise.kind.rawValue)]"
    switch exercise.run() {
    case .passed:
      passed += 1
      print("  ✔ \(head)")
    case .unsolved:
      unsolved += 1
      print("  · \(head) — unsolved")
    case .failed(let expectations):
      failed += 1
      print("  ✘ \(head)")
      for e in expectations {
        let label = e.label.isEmpty ? "" : e.label + ": "
        print("      \(e.passed ? "ok " : "BAD") \(label)expected \(e.expected)")
        print("          \(String(repeating: " ", count: label.count))got      \(e.got)")
      }
    case .threw(let message):
      failed += 1
      print("  ✘ \(head) — threw \(message)")
    }
  }
  print()
}
print("\(passed) passed, \(failed) wrong, \(unsolved) unsolved")
exit(failed == 0 ? 0 : 1)
