import Dispatch

/// The wall-clock time of one call of `body`, in seconds.
///
///     let t = seconds { _ = (0..<1000).reduce(0, +) }   // e.g. 1.2e-06
public func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The median wall-clock time of `runs` calls of `body`, in seconds: robust against one
/// slow run on a shared machine.
///
/// ```
///   t = sorted(t₁ … t_runs)[runs / 2]      (the upper median for an even count)
/// ```
///
///     medianSeconds(runs: 5) { work() }   // the 3rd fastest of 5 runs
public func medianSeconds(runs: Int, _ body: () throws -> Void) rethrows -> Double {
  precondition(runs >= 1, "medianSeconds needs at least one run, got \(runs)")
  var times: [Double] = []
  for _ in 0..<runs { times.append(try seconds(body)) }
  return times.sorted()[runs / 2]
}
