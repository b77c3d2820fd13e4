import CNNCore
import Synchronization
import Testing

/// `Parallel.forEach` on its worker pool: every chunk runs exactly once, for any thread
/// count and job size, and a call made from inside a chunk (which the pool runs serially)
/// completes too.
@Suite struct ParallelTests {
  @Test(arguments: [1, 2, 3, 5])
  func everyChunkRunsExactlyOnce(threads: Int) {
    for chunks in [0, 1, 2, 7, 64, 1000] {
      // Chunk i owns slot i (the contract of forEach), so plain writes are safe.
      var counts = [Int](repeating: 0, count: max(chunks, 1))
      counts.withUnsafeMutableBufferPointer { slots in
        let shared = SharedPointer(slots.baseAddress!)
        Parallel.withThreadCount(threads) {
          // 20 jobs in a row: helpers that spin between jobs, sleep, wake and rejoin.
          for _ in 0..<20 {
            Parallel.forEach(chunks: chunks) { shared.base[$0] += 1 }
          }
        }
      }
      #expect(
        counts.prefix(chunks).allSatisfy { $0 == 20 } && (chunks > 0 || counts == [0]),
        "\(threads) threads, \(chunks) chunks: \(counts)")
    }
  }

  @Test func nestedCallsComplete() {
    let total = Atomic<Int>(0)
    Parallel.withThreadCount(2) {
      Parallel.forEach(chunks: 8) { _ in
        // 8 × 10 inner chunks; the inner calls run on their own thread, one after another.
        Parallel.forEach(chunks: 10) { _ in total.add(1, ordering: .relaxed) }
      }
    }
    #expect(total.load(ordering: .relaxed) == 80)
  }
}
