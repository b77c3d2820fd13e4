import CNNCore

/// SGEMM, `C = A · B` with square n × n matrices: 2·n³ floating-point operations.
///
/// Verification compares the first rows of C (`rows` of them, so the O(n³) reference stays
/// short) with `gemmReference` on the same rows; the reference time is scaled by n / rows.
func gemmWorkloads(sizes: [Int]) -> [Workload] {
  sizes.map { n in
    Workload(
      name: "sgemm n=\(n)", shape: "\(n)×\(n) · \(n)×\(n)", work: 2 * pow3(n), unit: .gflops
    ) {
      var generator = SeededGenerator(seed: UInt64(n))
      let a = randomTensor([n, n], using: &generator)
      let b = randomTensor([n, n], using: &generator)
      let run: () -> Outputs = { Outputs(floats: [matmul(a, b).scalars]) }
      let verify: () -> Verification = {
        let rows = min(n, max(4, (1 << 24) / (n * n)))
        let c = matmul(a, b).scalars
        var reference = [Float](repeating: 0, count: rows * n)
        let seconds = a.scalars.withUnsafeBufferPointer { pa in
          b.scalars.withUnsafeBufferPointer { pb in
            reference.withUnsafeMutableBufferPointer { pc in
              secondsTaken {
                gemmReference(
                  m: rows, n: n, k: n, a: pa.baseAddress!, lda: n, b: pb.baseAddress!, ldb: n,
                  c: pc.baseAddress!, ldc: n)
              }
            }
          }
        }
        let difference = maxDifference(Array(c[0..<rows * n]), reference)
        let tolerance = sumTolerance(terms: n)
        return Verification(
          passed: difference <= tolerance, maxDifference: difference, tolerance: tolerance,
          slice: "rows 0..<\(rows) of \(n)", referenceSeconds: seconds * Double(n) / Double(rows))
      }
      return Prepared(run: run, verify: verify)
    }
  }
}

/// `Double(n)³`.
func pow3(_ n: Int) -> Double { Double(n) * Double(n) * Double(n) }
