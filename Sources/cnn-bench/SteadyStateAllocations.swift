import AllocationCounter

/// Heap allocations per step of a loop once it has warmed up, counted by the
/// `AllocationCounter` wrapper around the process's allocator (Swift runtime, Foundation and
/// Dispatch included).
///
/// ```
///   per step = (allocations of run(2·s) − allocations of run(s)) / s
/// ```
/// `run(steps)` must do the same set-up every time and then `steps` steps, so the difference
/// removes the set-up and the first steps (where buffers are allocated and kept) and leaves
/// `s` steady-state steps. A warm-up call runs first, so process-wide caches (the kernels'
/// workspace blocks) are already filled.
struct AllocationsPerStep: Codable {
  /// Allocator calls per step (malloc, calloc, realloc, the aligned variants).
  let calls: Double
  /// Bytes those calls requested, per step.
  let bytes: Double

  /// Nil where the allocator cannot be wrapped (not glibc).
  static func measure(steps s: Int, _ run: (_ steps: Int) -> Void) -> AllocationsPerStep? {
    guard allocation_counter_is_active() != 0 else { return nil }
    func counted(_ steps: Int) -> (calls: UInt64, bytes: UInt64) {
      let (calls, bytes) = (allocation_counter_calls(), allocation_counter_bytes())
      run(steps)
      return (allocation_counter_calls() - calls, allocation_counter_bytes() - bytes)
    }
    run(s)
    let short = counted(s), long = counted(2 * s)
    return AllocationsPerStep(
      calls: (Double(long.calls) - Double(short.calls)) / Double(s),
      bytes: (Double(long.bytes) - Double(short.bytes)) / Double(s))
  }
}
