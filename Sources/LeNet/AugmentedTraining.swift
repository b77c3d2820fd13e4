import CNNCore
import Foundation
import Datasets
import NeuralNetworks

extension Sequential {
  /// Trains with a freshly distorted copy of the training digits in every epoch (data
  /// augmentation), keeping the validation digits as they are.
  ///
  /// ```
  /// validation = last ⌊fraction·N⌋ digits (as fit's validationSplit), never distorted
  /// epoch e:  x_e = augmentation.apply(training digits, seed: seed + e)
  ///           fit(x_e, 1 epoch, shuffle seed: seed + e, validationData: validation)
  ///           learning rate of epoch e = η₀ · decay^(e − 1)
  /// ```
  /// Every epoch sees the same digits slightly rotated, scaled and shifted, so the network
  /// cannot memorise pixel positions; with the seed fixed the run is reproducible.
  ///
  ///     let distort = RandomAffine(maxRotation: 0.14, scale: 0.92...1.08, maxTranslation: 2)
  ///     let history = try model.fitAugmented(x: x, y: y, augmentation: distort, epochs: 10,
  ///                                          batchSize: 64, validationFraction: 0.1, seed: 1)
  public func fitAugmented(
    x: ImageSet, y: [Int], augmentation: RandomAffine, epochs: Int, batchSize: Int,
    validationFraction: Double, decay: Float = 1, seed: UInt64, verbosity: Verbosity = .epochs
  ) throws -> History {
    guard let optimizer else { throw TrainingError.notCompiled }
    let parts = validationSplit(count: x.count, fraction: validationFraction)
    let training = x.subset(parts.training)
    let trainingLabels = Array(y[parts.training])
    let validation = (x: x.subset(parts.validation), y: Array(y[parts.validation]))
    let initialRate = optimizer.learningRate
    var history = History()
    for epoch in 1...max(epochs, 1) where epochs > 0 {
      var rate = initialRate
      for _ in 1..<epoch { rate *= decay }
      optimizer.learningRate = rate
      let distorted = augmentation.apply(to: training, seed: seed &+ UInt64(epoch))
      let one = try fit(
        x: distorted, y: trainingLabels, batchSize: batchSize, epochs: 1,
        validationData: validationFraction > 0 ? validation : nil, seed: seed &+ UInt64(epoch),
        verbosity: .silent)
      var logs = one.epochs[0]
      logs.epoch = epoch
      history.epochs.append(logs)
      if verbosity != .silent {
        print(logs.line(epochs: epochs))
        fflush(nil)
      }
    }
    optimizer.learningRate = initialRate
    return history
  }
}
