/// The two parts of MNIST: 60 000 training images and 10 000 test images.
///
/// ```
/// split   images file               labels file               count
/// train   train-images-idx3-ubyte   train-labels-idx1-ubyte   60 000
/// test    t10k-images-idx3-ubyte    t10k-labels-idx1-ubyte    10 000
/// ```
///
///     MNISTSplit.test.imagesFile.name   // "t10k-images-idx3-ubyte"
public enum MNISTSplit: String, Sendable, CaseIterable {
  /// The training set (60 000 images).
  case train
  /// The test set (10 000 images, written by different people than the training set).
  case test

  /// The IDX file with the images, `[count, 28, 28]` unsigned bytes.
  public var imagesFile: MNISTFile {
    switch self {
    case .train: .trainImages
    case .test: .testImages
    }
  }

  /// The IDX file with the labels, `[count]` unsigned bytes 0…9.
  public var labelsFile: MNISTFile {
    switch self {
    case .train: .trainLabels
    case .test: .testLabels
    }
  }

  /// The number of examples in the split.
  public var count: Int {
    switch self {
    case .train: 60_000
    case .test: 10_000
    }
  }
}
