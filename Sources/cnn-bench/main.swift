// cnn-bench: verifies every vectorized kernel against its scalar reference on the benchmarked
// shape, then times it (median after a warm-up) for each thread count.
//
//   swift run -c release cnn-bench [--filter SUBSTRING] [--json FILE] [--threads 1,2] [--quick]
//
// Workloads: SGEMM, conv2d forward and forward + backward on the layers of LeNet, the Keras
// model and AlexNet, pooling on their outputs, and the stream lines (StreamWorkloads.swift):
// the time to move a pooling layer's bytes, which no pooling kernel can beat.
// Tests/PyTorch/bench_torch.py times the same names with PyTorch (not the stream lines).
import CNNCore
import Foundation

guard let options = Options(Array(CommandLine.arguments.dropFirst())) else { exit(2) }

let layers = convLayers()
let training =
  trainingWorkloadNames.contains(where: options.selects)
  ? trainingWorkloads(data: options.dataDirectory, quick: options.quick)
  : (workloads: [], skipped: nil)
let workloads = (gemmWorkloads(sizes: [256, 512, 1024, 2048])
  + convWorkloads(layers, quick: options.quick)
  + poolWorkloads(on: pooledLayers(layers))
  + streamWorkloads(on: pooledLayers(layers))
  + training.workloads)
  .filter { options.selects($0.name) }

print("cnn-bench  \(Date())  load average \(loadAverage())  threads \(options.threads)"
  + (options.quick ? "  (quick)" : ""))
print("verification: each kernel against its scalar reference on the slice named; ×ref = the")
print("reference's time on that slice, scaled to the whole workload, over the kernel's time;")
print("ms = median wall time, cpu ms = median CPU time of all threads (the cores are shared).")
let header = pad("workload", 26) + pad("shape", 30) + pad("thr", 4, right: true)
  + pad("ms", 10, right: true) + pad("cpu ms", 10, right: true)
  + pad("rate", 16, right: true) + pad("×ref", 9, right: true)
  + "  check"
print(header)
print(String(repeating: "─", count: header.count + 20))
fflush(nil)

var results: [Result] = []
var failures = 0
for workload in workloads {
  let prepared = workload.prepare()
  let check = prepared.verify()
  if !check.passed { failures += 1 }
  var timings: [Timing] = []
  var outputs: [Outputs] = []
  for threads in options.threads {
    var last = Outputs()
    let (median, runs, cpu) = Parallel.withThreadCount(threads) {
      medianSeconds(
        budget: options.budget, minRuns: workload.runs ?? options.minRuns,
        maxRuns: workload.runs ?? options.maxRuns
      ) {
        // The previous run's outputs go first, as in bench_torch.py, whose loop drops each
        // result before the next call: held during the run, they made every allocating
        // workload (conv2d, conv2dBackward) write a new buffer each time, two of them in turn,
        // which for the Keras model's 22 MB c1 and c2 outputs no longer fit the 32 MB L3
        // cache (keras-c1 forward, 2 threads, alternating runs: 2.37–2.49 ms, 1.73–2.05 ms
        // with the outputs dropped first).
        last = Outputs()
        last = prepared.run()
      }
    }
    outputs.append(last.detached())
    let rate = workload.work / median / workload.unit.scale
    let timing = Timing(
      threads: threads, runs: runs, milliseconds: median * 1e3, cpuMilliseconds: cpu * 1e3,
      rate: rate,
      speedupOverReference: check.referenceSeconds / median)
    timings.append(timing)
    let verdict = check.passed
      ? "ok (max|diff| \(String(format: "%.1e", check.maxDifference)), \(check.slice))"
      : "FAILED max|diff| \(check.maxDifference) > \(check.tolerance) on \(check.slice)"
    print(
      pad(workload.name, 26) + pad(workload.shape, 30) + pad("\(threads)", 4, right: true)
        + pad(milliseconds(timing.milliseconds), 10, right: true)
        + pad(milliseconds(timing.cpuMilliseconds), 10, right: true)
        + pad(fixed(rate, 1) + " " + workload.unit.rawValue, 16, right: true)
        + pad(fixed(timing.speedupOverReference, 0) + "×", 9, right: true)
        + "  " + (threads == options.threads.first ? verdict : ""))
    fflush(nil)
  }
  var steadyState: AllocationsPerStep? = nil
  if let count = prepared.allocations {
    steadyState = count()
    // (With no allocation per step, the bytes that the longer run requested beyond the
    // shorter one are its set-up's: the epoch's index arrays grow with the data.)
    print(
      steadyState.map {
        $0.calls < 0.5
          ? "  steady state: \(fixed($0.calls, 1)) heap allocations per training step (target 0)"
          : "  steady state: \(fixed($0.calls, 1)) heap allocations, "
            + "\(fixed($0.bytes / 1024, 1)) KiB per training step (target 0)"
      } ?? "  steady state: allocations not counted (the allocator cannot be wrapped here)")
  }
  let identical = outputs.allSatisfy { $0.bitIdentical(outputs[0]) }
  if !identical {
    failures += 1
    print("  NOT bit-identical across thread counts \(options.threads)")
  }
  results.append(
    Result(
      name: workload.name, shape: workload.shape, unit: workload.unit.rawValue,
      verified: check.passed, maxDifference: check.maxDifference, tolerance: check.tolerance,
      verifiedOn: check.slice, referenceMilliseconds: check.referenceSeconds * 1e3,
      identicalAcrossThreads: identical, timings: timings, allocationsPerStep: steadyState))
}

if let message = training.skipped { print(message) }
print("load average at the end: \(loadAverage())")
if let path = options.jsonPath {
  let report = Report(
    date: "\(Date())", loadAverage: loadAverage(), quick: options.quick, results: results)
  do {
    try report.write(to: path)
    print("wrote \(path)")
  } catch {
    print("could not write \(path): \(error)")
    exit(1)
  }
}
if failures > 0 {
  print("\(failures) check(s) FAILED")
  exit(1)
}
print("all \(results.count) workloads verified and bit-identical across threads \(options.threads)")
