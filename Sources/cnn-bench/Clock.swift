import Dispatch

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
/// `budget` seconds have been spent on timed runs. Returns the median and the run count.
func medianSeconds(
  budget: Double, minRuns: Int, maxRuns: Int, _ body: () -> Void
) -> (median: Double, runs: Int) {
  let first = secondsTaken(body)
  if first < 0.01 { body() }
  var times: [Double] = []
  var spent = 0.0
  while times.count < maxRuns && (times.count < minRuns || spent < budget) {
    let t = secondsTaken(body)
    times.append(t)
    spent += t
  }
  times.sort()
  let mid = times.count / 2
  let median = times.count % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2
  return (median, times.count)
}
