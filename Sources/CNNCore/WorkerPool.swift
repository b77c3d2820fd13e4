#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation
import Synchronization

/// The threads behind `Parallel.forEach`: started once, kept, and woken for every job.
///
/// A job is `chunks` calls of its body, claimed one by one from a shared counter by the
/// calling thread and by up to `helpers` pool threads. A helper that has just finished a job
/// spins for 50 µs before it sleeps, so that jobs run a few microseconds apart (the kernels of
/// a training step, a benchmark's timed runs) do not each pay for waking a sleeping thread,
/// which took longer than a short job itself here.
///
/// ```
///   caller:  publish (job, chunks, helpers)  → run chunks → close the job → wait for the
///            helpers that joined
///   helper:  wait for a new job → take a seat (at most `helpers`) → run chunks → report done
/// ```
/// One job at a time: a call made while a job runs (from inside a chunk, or from another
/// thread) runs its chunks on the calling thread alone, which computes the same result.
///
/// The job itself stays on the caller's stack: the pool is handed its address and its type
/// (`ParallelJob`), never a closure of its own, so running a job allocates nothing (Dispatch's
/// `concurrentPerform`, and this pool when it took a closure, boxed one on the heap per job).
/// `Parallel.forEach` is the interface the kernels use.
final class WorkerPool: @unchecked Sendable {
  /// The process's pool.
  static let shared = WorkerPool()

  /// Incremented for every job; helpers compare it with the last job they saw.
  private let generation = Atomic<Int>(0)
  /// Seats left for helpers in the current job (a helper takes one before it starts).
  private let seats = Atomic<Int>(0)
  /// Helpers that have finished the current job.
  private let finished = Atomic<Int>(0)
  /// The next chunk to claim.
  private let nextChunk = Atomic<Int>(0)
  /// Helpers asleep on `wake` (the caller signals only when there are some).
  private let sleepers = Atomic<Int>(0)
  /// True while a job runs.
  private let busy = Atomic<Bool>(false)
  /// Pool threads started so far (under `mutex`).
  private var started = 0

  // The current job, written by the caller before `seats` is published, read by helpers
  // after they take a seat: its address on the caller's stack and its type.
  private var job: UnsafeRawPointer? = nil
  private var jobType: any ParallelJob.Type = NoJob.self
  private var chunks = 0

  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  private let wake: UnsafeMutablePointer<pthread_cond_t>

  /// Spin iterations before the caller, waiting for helpers to finish, starts yielding.
  private static let spins = 4_000
  /// How long a helper waits for the next job spinning before it sleeps. (With 4,000 spins,
  /// about 1.7 µs here, a helper slept between the timed runs of a pooling benchmark and
  /// joined each job late: 2×2/2 max pooling of 128×128×8×8 took 0.34–0.50 ms on 2 threads,
  /// more than its 0.26 ms on 1; with 50 µs, 0.18–0.19 ms.)
  private static let spinNanoseconds: UInt64 = 50_000

  private init() {
    mutex = .allocate(capacity: 1)
    wake = .allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(wake, nil)
  }

  /// Runs `J.run(job, chunk:)` for every chunk in `0..<chunks` on the calling thread and up
  /// to `helpers` pool threads; returns when every chunk is done. `job` must point to a `J`
  /// that stays alive and unchanged until then.
  func run<J: ParallelJob>(chunks: Int, helpers: Int, job: UnsafePointer<J>) {
    let job = UnsafeRawPointer(job)
    guard helpers >= 1, busy.compareExchange(
      expected: false, desired: true, ordering: .acquiring
    ).exchanged else {
      for chunk in 0..<chunks { J.run(job, chunk: chunk) }
      return
    }
    defer { busy.store(false, ordering: .releasing) }
    startThreads(helpers)
    self.job = job
    self.jobType = J.self
    self.chunks = chunks
    nextChunk.store(0, ordering: .relaxed)
    finished.store(0, ordering: .relaxed)
    seats.store(helpers, ordering: .sequentiallyConsistent)
    generation.add(1, ordering: .sequentiallyConsistent)
    if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
      pthread_mutex_lock(mutex)
      pthread_cond_broadcast(wake)
      pthread_mutex_unlock(mutex)
    }
    runChunks(J.self, job, chunks)
    // Close the job: helpers that have not taken a seat by now never will.
    let joined = helpers - max(0, seats.exchange(0, ordering: .sequentiallyConsistent))
    var spin = 0
    while finished.load(ordering: .acquiring) < joined {
      spin += 1
      if spin > Self.spins { sched_yield() }
    }
    self.job = nil
    self.jobType = NoJob.self
  }

  /// Claims and runs chunks until none is left.
  @inline(__always)
  private func runChunks<J: ParallelJob>(_: J.Type, _ job: UnsafeRawPointer, _ chunks: Int) {
    while true {
      let chunk = nextChunk.add(1, ordering: .relaxed).oldValue
      guard chunk < chunks else { return }
      J.run(job, chunk: chunk)
    }
  }

  /// Starts pool threads until there are `count`.
  private func startThreads(_ count: Int) {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    while started < count {
      started += 1
      let thread = Thread { [self] in helperLoop() }
      thread.name = "cnn-worker-\(started)"
      thread.start()
    }
  }

  /// A pool thread: waits for each new job, joins it if a seat is left, reports when done.
  private func helperLoop() {
    var seen = generation.load(ordering: .sequentiallyConsistent)
    while true {
      seen = waitForJob(after: seen)
      // Take a seat if one is left.
      var left = seats.load(ordering: .sequentiallyConsistent)
      var seated = false
      while left > 0 {
        let (exchanged, original) = seats.compareExchange(
          expected: left, desired: left - 1, ordering: .sequentiallyConsistent)
        if exchanged { seated = true; break }
        left = original
      }
      guard seated else { continue }
      runSeatedJob()
      finished.add(1, ordering: .releasing)
    }
  }

  /// A helper's share of the current job. Not inlined, so that every reference it takes to
  /// the job's values is released before it returns, that is before the helper reports done
  /// (the closure API's `withoutActuallyEscaping` checks that its closure did not outlive it).
  @inline(never)
  private func runSeatedJob() {
    runSeated(jobType)
  }

  /// Opens the job's type, so that its chunks run through a direct call.
  private func runSeated<J: ParallelJob>(_: J.Type) {
    runChunks(J.self, job!, chunks)
  }

  /// Spins for `spinNanoseconds`, then sleeps, until the generation differs from `seen`;
  /// returns it.
  private func waitForJob(after seen: Int) -> Int {
    let deadline = monotonicNanoseconds() + Self.spinNanoseconds
    var spin = 0
    while true {
      let now = generation.load(ordering: .sequentiallyConsistent)
      if now != seen { return now }
      spin += 1
      // Reading the clock (about 23 ns here) costs as much as some 50 spins: look every 256.
      if spin & 255 == 0 && monotonicNanoseconds() > deadline { break }
    }
    pthread_mutex_lock(mutex)
    sleepers.add(1, ordering: .sequentiallyConsistent)
    var now = generation.load(ordering: .sequentiallyConsistent)
    while now == seen {
      pthread_cond_wait(wake, mutex)
      now = generation.load(ordering: .sequentiallyConsistent)
    }
    sleepers.subtract(1, ordering: .sequentiallyConsistent)
    pthread_mutex_unlock(mutex)
    return now
  }
}

/// The monotonic clock in nanoseconds (a vDSO call on Linux, no system call).
private func monotonicNanoseconds() -> UInt64 {
  var t = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t)
  return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
}

/// A unit of parallel work that the pool runs from its address: chunk `chunk` of the job at
/// `job` (a pointer to a value of the conforming type).
protocol ParallelJob {
  static func run(_ job: UnsafeRawPointer, chunk: Int)
}

/// The pool's job between jobs: never run.
private enum NoJob: ParallelJob {
  static func run(_ job: UnsafeRawPointer, chunk: Int) {}
}

/// `body(shared, chunk)`: the job of `Parallel.forEach(chunks:sharing:_:)`.
struct SharingJob<Shared>: ParallelJob {
  let shared: Shared
  let body: (Shared, Int) -> Void

  static func run(_ job: UnsafeRawPointer, chunk: Int) {
    let job = job.assumingMemoryBound(to: SharingJob<Shared>.self)
    job.pointee.body(job.pointee.shared, chunk)
  }
}

/// `body(chunk)`: the job of `Parallel.forEach(chunks:_:)`. (Not a `SharingJob` of the
/// closure: a generic stored property holds a closure at its most general abstraction, which
/// takes one more heap-allocated conversion thunk per job.)
struct ClosureJob: ParallelJob {
  let body: (Int) -> Void

  static func run(_ job: UnsafeRawPointer, chunk: Int) {
    job.assumingMemoryBound(to: ClosureJob.self).pointee.body(chunk)
  }
}
