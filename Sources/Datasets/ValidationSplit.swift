import CNNCore

/// How `count` examples are split into a training and a validation part, Keras-style:
/// the validation part is the *last* fraction of the data, taken before any per-epoch
/// shuffling (Keras' `validation_split`).
///
/// ```
/// training   = 0 ..< ⌊count · (1 − fraction)⌋
/// validation = ⌊count · (1 − fraction)⌋ ..< count
/// ```
///
/// If the data is sorted (say by label), shuffle it first (`shuffleSeed`), or the
/// validation part will not look like the training part.
///
///     validationSplit(count: 10, fraction: 0.25)   // (training: 0..<7, validation: 7..<10)
///     // ⌊10 · 0.75⌋ = ⌊7.5⌋ = 7
public func validationSplit(count: Int, fraction: Double) -> (training: Range<Int>,
  validation: Range<Int>)
{
  precondition(
    fraction >= 0 && fraction < 1, "validation fraction must be in [0, 1), got \(fraction)")
  let cut = Int((Double(count) * (1 - fraction)).rounded(.down))
  return (0..<cut, cut..<count)
}

extension ImageSet {
  /// Splits images and labels into training and validation parts (the last `fraction`,
  /// see `validationSplit(count:fraction:)`), after a seeded shuffle if `shuffleSeed`
  /// is given.
  ///
  ///     let (train, validation) = x.split(labels: y, validationFraction: 0.1, shuffleSeed: 7)
  public func split(labels: [Int], validationFraction fraction: Double, shuffleSeed: UInt64? = nil)
    -> (training: (x: ImageSet, y: [Int]), validation: (x: ImageSet, y: [Int]))
  {
    precondition(labels.count == count, "\(count) images but \(labels.count) labels")
    var order = Array(0..<count)
    if let seed = shuffleSeed {
      var generator = SeededGenerator(seed: seed)
      fisherYatesShuffle(&order, using: &generator)
    }
    let parts = validationSplit(count: count, fraction: fraction)
    let train = order[parts.training]
    let validation = order[parts.validation]
    return (
      (subset(train), train.map { labels[$0] }),
      (subset(validation), validation.map { labels[$0] })
    )
  }
}
