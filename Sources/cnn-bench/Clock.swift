import Dispatch
import Foundation

/// Seconds taken by `body`, on the monotonic clock.
func secondsTaken(_ body: () -> Void) -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
}

/// The median of several timed runs after a warm-up.
///
/// Runs `body` once (twice when a run takes under 10 ms) to warm caches, the thread pool and
/// the workspace, then at least `minRuns` times and at most `maxRuns` times, stopping once
/// `budget` seconds have been spent on timed runs. Returns the median wall time, the run
/// count and the median CPU time of the process per run.
func medianSeconds(
  budget: Double, minRuns: Int, maxRuns: Int, _ body: () -> Void
) -> (median: Double, runs: Int, cpuMedian: Double) {
  let first = secondsTaken(body)
  if first < 0.01 { body() }
  var times: [Double] = [], cpuTimes: [Double] = []
  var spent = 0.0
  while times.count < maxRuns && (times.count < minRuns || spent < budget) {
    let cpu = processCPUSeconds()
    let t = secondsTaken(body)
    cpuTimes.append(processCPUSeconds() - cpu)
    times.append(t)
    spent += t
  }
  return (median(times), times.count, median(cpuTimes))
}

/// The median of `values` (the mean of the middle two for an even count).
func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  let mid = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/// CPU seconds used by this process so far (all threads). On shared cores the wall time of a
/// run includes the time other programs held the core; the CPU time does not.
func processCPUSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}
