// tour — runs every chapter executable in order: the companion's main job.
//
//   swift run -c release tour          all chapters
//   swift run -c release tour 2        from chapter 2 on
//
// The chapter executables are built with the tour (they are its dependencies) and sit
// beside it in the build folder.
import Foundation

let chapters = [
  "ch01-convolution-math", "ch02-cross-correlation", "ch03-padding-stride", "ch04-pooling",
  "ch05-lenet",
]
/// Arguments per chapter: chapter 5 trains on small subsets in the tour (`--tour`: well under
/// a minute, and skipped with a note when the MNIST files are missing).
let arguments: [String: [String]] = ["ch05-lenet": ["--tour"]]

let first = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 1
let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
  .deletingLastPathComponent()
for (index, name) in chapters.enumerated() where index + 1 >= first {
  let url = folder.appendingPathComponent(name)
  guard FileManager.default.isExecutableFile(atPath: url.path) else {
    FileHandle.standardError.write(
      Data(
        ("tour: \(name) is not built next to the tour in \(folder.path); "
          + "run `swift build -c release` first\n").utf8))
    exit(1)
  }
  let banner = String(repeating: "═", count: 78)
  print("\(banner)\n  \(name)\n\(banner)")
  fflush(nil)  // flush every stream: the banner must come out before the chapter's output
  let process = Process()
  process.executableURL = url
  process.arguments = arguments[name] ?? []
  do { try process.run() } catch {
    FileHandle.standardError.write(Data("tour: could not start \(name): \(error)\n".utf8))
    exit(1)
  }
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    FileHandle.standardError.write(
      Data("tour: \(name) exited with status \(process.terminationStatus)\n".utf8))
    exit(process.terminationStatus)
  }
  print()
}
