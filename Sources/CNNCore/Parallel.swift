import Foundation
import Synchronization

/// The core's small, deterministic thread pool.
///
/// Work is cut into a fixed number of *chunks* chosen by the kernel from the problem
/// size alone, never from the thread count. Each chunk writes its own disjoint part of
/// the output and reduces in a fixed order, so the result is bit-for-bit the same for
/// 1, 2 or 64 threads. Threads only decide *who* computes a chunk, not *what* it computes.
public enum Parallel {
  private static let configuredThreads = Atomic<Int>(Parallel.defaultThreadCount())

  /// The number of worker threads the kernels use. Defaults to the `CNN_THREADS`
  /// environment variable, else the number of active processor cores.
  public static var threadCount: Int {
    get { configuredThreads.load(ordering: .relaxed) }
    set {
      precondition(newValue >= 1, "threadCount must be at least 1, got \(newValue)")
      configuredThreads.store(newValue, ordering: .relaxed)
    }
  }

  private static func defaultThreadCount() -> Int {
    if let text = ProcessInfo.processInfo.environment["CNN_THREADS"], let n = Int(text), n >= 1 {
      return n
    }
    return max(1, ProcessInfo.processInfo.activeProcessorCount)
  }

  /// Runs `body(chunk)` for every chunk in `0..<chunks`, spread over `threadCount`
  /// threads: the caller and pool threads (`WorkerPool`), which claim the next unclaimed
  /// chunk from a shared counter until none is left, so a thread that the operating system
  /// delays does not hold back the others. Which thread computes a chunk varies from run to
  /// run; what the chunk computes does not. A call made from inside a chunk runs serially.
  ///
  /// `body` must write only to memory that belongs to its chunk. Handing a closure that
  /// captures its surroundings to other threads takes one small heap allocation per call
  /// (`withoutActuallyEscaping`'s box); the kernels of a training step use
  /// `forEach(chunks:sharing:_:)`, which takes none.
  public static func forEach(chunks: Int, _ body: @Sendable (Int) -> Void) {
    let workers = min(threadCount, chunks)
    guard workers > 1 else {
      for chunk in 0..<chunks { body(chunk) }
      return
    }
    withoutActuallyEscaping(body) { body in
      withUnsafePointer(to: ClosureJob(body: body)) { job in
        WorkerPool.shared.run(chunks: chunks, helpers: workers - 1, job: job)
      }
    }
  }

  /// `forEach(chunks:_:)` without a heap allocation: runs `body(shared, chunk)` for every
  /// chunk in `0..<chunks`, where `body` captures nothing and finds everything it needs in
  /// `shared` (typically a tuple of pointers, sizes and geometries, taken apart on the first
  /// line of `body`).
  ///
  ///     Parallel.forEach(chunks: rows, sharing: (source, target, width)) { shared, row in
  ///       let (source, target, width) = shared
  ///       copyRow(source.base + row * width, target.base + row * width, width)
  ///     }
  ///
  /// A closure that captures nothing needs no context, so passing it costs nothing; the job
  /// (`shared` and `body`) stays on the caller's stack while the pool threads read it. (A
  /// closure that did capture something would still be correct, with one allocation for its
  /// context: `cnn-bench` counts the allocations of a training step.)
  public static func forEach<Shared: Sendable>(
    chunks: Int, sharing shared: Shared, _ body: @escaping @Sendable (Shared, Int) -> Void
  ) {
    let workers = min(threadCount, chunks)
    guard workers > 1 else {
      for chunk in 0..<chunks { body(shared, chunk) }
      return
    }
    withUnsafePointer(to: SharingJob(shared: shared, body: body)) { job in
      WorkerPool.shared.run(chunks: chunks, helpers: workers - 1, job: job)
    }
  }

  /// Runs chunks `0 ..< chunks` of `job`: what the kernels' higher-order helpers use to pass
  /// their caller's body on. (A closure kept in `forEach(chunks:sharing:_:)`'s `shared`
  /// would be converted to the most general representation, one heap-allocated thunk per
  /// use; a field of the job's own type keeps it as it came.)
  static func forEach<J: ParallelJob>(chunks: Int, job: J) {
    let workers = min(threadCount, chunks)
    withUnsafePointer(to: job) { job in
      guard workers > 1 else {
        for chunk in 0..<chunks { J.run(UnsafeRawPointer(job), chunk: chunk) }
        return
      }
      WorkerPool.shared.run(chunks: chunks, helpers: workers - 1, job: job)
    }
  }

  /// Runs `body` with `threadCount` temporarily set to `threads` (for tests and benchmarks).
  public static func withThreadCount<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
    let saved = threadCount
    threadCount = threads
    defer { threadCount = saved }
    return try body()
  }
}

/// A pointer that may be captured by the chunks of `Parallel.forEach`.
///
/// Safe because every chunk writes a disjoint range: the kernels that use it document
/// which range each chunk owns.
public struct SharedPointer<Element>: @unchecked Sendable {
  public let base: UnsafeMutablePointer<Element>
  public init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
}

/// A read-only pointer that may be captured by the chunks of `Parallel.forEach`.
public struct SharedConstPointer<Element>: @unchecked Sendable {
  public let base: UnsafePointer<Element>
  public init(_ base: UnsafePointer<Element>) { self.base = base }
}
