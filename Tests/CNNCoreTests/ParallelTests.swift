import CNNCore
import Synchronization
import Testing

/// `Parallel.forEach` on its worker pool: every chunk runs exactly once, for any thread
/// count and job size, with a closure or with a body that gets its values through `sharing:`,
/// and a call made from inside a chunk (which the pool runs serially) completes too.
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

  /// The allocation-free form: chunk i adds `shared.step` to slot i, 20 times; the body sees
  /// the very values passed (a pointer, an array and a number), whichever thread runs it.
  @Test(arguments: [1, 2, 3])
  func sharingFormRunsEveryChunkWithItsValues(threads: Int) {
    for chunks in [0, 1, 2, 7, 1000] {
      var counts = [Int](repeating: 0, count: max(chunks, 1))
      let weights = (0..<max(chunks, 1)).map { $0 % 3 + 1 }
      counts.withUnsafeMutableBufferPointer { slots in
        let shared = (slots: SharedPointer(slots.baseAddress!), weights: weights, step: 10)
        Parallel.withThreadCount(threads) {
          for _ in 0..<20 {
            Parallel.forEach(chunks: chunks, sharing: shared) { shared, chunk in
              shared.slots.base[chunk] += shared.step * shared.weights[chunk]
            }
          }
        }
      }
      // Slot i: 20 jobs × 10 × (i mod 3 + 1).
      let expected = (0..<chunks).map { 200 * ($0 % 3 + 1) }
      #expect(
        Array(counts.prefix(chunks)) == expected && (chunks > 0 || counts == [0]),
        "\(threads) threads, \(chunks) chunks")
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
