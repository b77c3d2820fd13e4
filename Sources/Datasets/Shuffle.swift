import CNNCore

/// Seeded Fisher–Yates shuffling: the same seed gives the same order on every platform and
/// every Swift version (the standard library's `shuffle(using:)` does not promise its
/// algorithm).
///
/// ```
/// for i = n−1 down to 1:  j ← uniform integer in 0…i;  swap a[i], a[j]
/// ```
///
///     var g = SeededGenerator(seed: 1)
///     var a = [0, 1, 2, 3, 4]
///     fisherYatesShuffle(&a, using: &g)     // a permutation of 0…4, the same one every run
@inlinable
public func fisherYatesShuffle<T>(_ array: inout [T], using generator: inout SeededGenerator) {
  guard array.count > 1 else { return }
  for i in stride(from: array.count - 1, to: 0, by: -1) {
    let j = generator.nextInt(in: 0...i)
    array.swapAt(i, j)
  }
}

/// A seeded permutation of `0..<count` (Fisher–Yates, see `fisherYatesShuffle`).
///
///     shuffledIndices(count: 3, using: &g).sorted()   // [0, 1, 2]
public func shuffledIndices(count: Int, using generator: inout SeededGenerator) -> [Int] {
  var order = Array(0..<count)
  fisherYatesShuffle(&order, using: &generator)
  return order
}
