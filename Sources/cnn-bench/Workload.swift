// Shapes: N = batch, C = channels, H/W = height/width, K = filters, R/S = kernel height/width.

/// One line of the benchmark: a kernel on a fixed shape, verified against its scalar
/// reference before it is timed.
struct Workload {
  /// What a line measures, for the rate column: floating-point work or memory traffic.
  enum Unit: String {
    case gflops = "GFLOP/s", gbytes = "GB/s", images = "img/s"

    /// Units of `work` per unit of the rate: 10⁹ flops or bytes, 1 image.
    var scale: Double { self == .images ? 1 : 1e9 }
  }

  /// The table name, e.g. `conv keras-c2 fwd`; `bench_torch.py` uses the same names.
  let name: String
  /// The shape in words, e.g. `N=128 64→64 26×26 k3`.
  let shape: String
  /// Work per run: floating-point operations (GFLOP/s) or bytes moved (GB/s).
  let work: Double
  let unit: Unit
  /// A fixed number of timed runs (long workloads such as a training epoch), or nil for as
  /// many as fit in the timing budget.
  var runs: Int? = nil
  /// Builds the inputs once (outside the timing) and returns the three steps of the line.
  let prepare: () -> Prepared
}

/// The steps of one workload, with its inputs captured.
struct Prepared {
  /// One timed run of the vectorized kernel; returns its outputs (compared across thread
  /// counts, which must give bit-identical results).
  let run: () -> Outputs
  /// Verifies the kernel against the scalar reference on `slice` and times that reference
  /// once: returns the verdict and the reference time scaled to the full workload.
  let verify: () -> Verification
  /// For loops (the training workloads): the heap allocations of one steady-state step.
  var allocations: (() -> AllocationsPerStep?)? = nil
}

/// The outcome of checking a kernel against its scalar reference.
struct Verification {
  /// True when the kernel agrees with the reference within `tolerance`.
  let passed: Bool
  /// The largest |kernel − reference| seen (0 for exact comparisons).
  let maxDifference: Double
  let tolerance: Double
  /// What was compared, e.g. `images 0..<1 of 128`.
  let slice: String
  /// Seconds of one reference run on the slice, scaled to the whole workload.
  let referenceSeconds: Double
}

/// The outputs of one run, kept to compare thread counts (Float arrays compare by value; the
/// bench also requires the same bits, see `bitIdentical`).
struct Outputs {
  var floats: [[Float]] = []
  /// Index outputs such as max pooling's argmax.
  var indices: [[Int32]] = []

  /// A copy whose arrays share no storage with `self`. The bench keeps one run's outputs per
  /// thread count for the comparison; keeping the workload's own array (`ReusedOutput`) would
  /// leave it shared during the next thread count's runs, and every run would copy it before
  /// writing (copy on write): measured, max pool forward at 2 threads took 0.31–0.42 ms on
  /// AlexNet's c2 that way, 0.25–0.26 without.
  func detached() -> Outputs {
    Outputs(
      floats: floats.map { $0.withUnsafeBufferPointer { Array($0) } },
      indices: indices.map { $0.withUnsafeBufferPointer { Array($0) } })
  }

  /// Whether `self` and `other` hold the same bits (NaN payloads and the sign of zero too).
  func bitIdentical(_ other: Outputs) -> Bool {
    guard indices == other.indices, floats.count == other.floats.count else { return false }
    for (a, b) in zip(floats, other.floats) {
      guard a.count == b.count else { return false }
      for i in a.indices where a[i].bitPattern != b[i].bitPattern { return false }
    }
    return true
  }
}
