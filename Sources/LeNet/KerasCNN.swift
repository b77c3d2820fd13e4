import CNNCore
import NeuralNetworks

/// The Keras model of the study notes: a small all-3×3 VGG-like network with global average
/// pooling instead of a large dense head.
///
/// ```
///   1×28×28 → conv 64@3×3 → ReLU → conv 64@3×3 → ReLU → max 2/2
///           → conv 128@3×3 → ReLU → conv 128@3×3 → ReLU → global avg → dropout 0.5
///           → dense 10 (softmax in the loss)
///
///   sizes:   28 − 3 + 1 = 26,  26 − 3 + 1 = 24,  24/2 = 12,  12 − 3 + 1 = 10,  10 − 3 + 1 = 8,
///            global average 128×8×8 → 128
///   params:  64·1·9 + 64 = 640        64·64·9 + 64 = 36,928
///            128·64·9 + 128 = 73,856  128·128·9 + 128 = 147,584   128·10 + 10 = 1,290
///            total 640 + 36,928 + 73,856 + 147,584 + 1,290 = 260,298
/// ```
/// Keras' `GlobalAveragePooling2D` returns a vector; our `GlobalAvgPool2D` keeps the 1×1 map
/// (as PyTorch's `AdaptiveAvgPool2d(1)`), so a `Flatten` (no parameters) follows it.
/// Keras' `Conv2D(64, 3, activation="relu")` is a `Conv2D` followed by a `ReLU` here, with
/// "valid" padding (none), Glorot-uniform weights and zero biases, Keras' defaults.
/// `Dense(10, activation="softmax")` with `sparse_categorical_crossentropy` is the dense layer
/// with `SoftmaxCrossEntropy` (softmax folded into the loss, which is more accurate).
///
///     try KerasCNN.model(seed: 1).parameterCount   // 260298
public enum KerasCNN {
  /// The model with weights drawn from `SeededGenerator(seed:)`, dropout seeded from it too.
  public static func model(seed: UInt64 = 0) throws -> Sequential {
    var g = SeededGenerator(seed: seed)
    return try Sequential(
      inputShape: LeNet.inputShape,
      layers: [
        Conv2D(inChannels: 1, outChannels: 64, kernel: 3, generator: &g), ReLU(),  // 26×26
        Conv2D(inChannels: 64, outChannels: 64, kernel: 3, generator: &g), ReLU(),  // 24×24
        MaxPool2D(kernel: 2),  // 12×12
        Conv2D(inChannels: 64, outChannels: 128, kernel: 3, generator: &g), ReLU(),  // 10×10
        Conv2D(inChannels: 128, outChannels: 128, kernel: 3, generator: &g), ReLU(),  // 8×8
        GlobalAvgPool2D(),  // 128×1×1 (PyTorch's shape; Keras' GlobalAveragePooling2D gives 128)
        Flatten(),  // 128, Keras' shape
        Dropout(rate: 0.5, seed: seed &+ 1),
        Dense(inFeatures: 128, outFeatures: LeNet.classes, generator: &g),
      ])
  }
}
