// swift-tools-version:6.0
//
// The CNN companion: a textbook companion for convolutional neural networks.
// One library per chapter, one shared vectorized core, the learner's exercises and
// their solutions, and one executable per chapter. The toolchain alone: no package
// dependencies.
import PackageDescription

// On x86-64 the SIMD code must be compiled for AVX2 + FMA: without them every
// `SIMD8<Float>` multiply-add becomes a library call and the core runs ~50x slower.
#if arch(x86_64)
let simd: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma"])]
#else
let simd: [SwiftSetting] = []
#endif

/// A chapter executable lives in `Chapters/<folder>/main.swift` beside its text.
/// Every chapter prints through `ChapterKit`.
func chapter(_ name: String, folder: String, _ deps: [Target.Dependency]) -> Target {
  .executableTarget(
    name: name, dependencies: ["ChapterKit"] + deps, path: "Chapters/\(folder)",
    exclude: ["README.md"], swiftSettings: simd)
}

let package = Package(
  name: "CNNCompanion",
  products: [
    .library(name: "CNNCore", targets: ["CNNCore"]),
    .library(name: "ConvolutionMath", targets: ["ConvolutionMath"]),
    .library(name: "CrossCorrelation", targets: ["CrossCorrelation"]),
    .library(name: "PaddingStride", targets: ["PaddingStride"]),
    .library(name: "Pooling", targets: ["Pooling"]),
    .library(name: "Datasets", targets: ["Datasets"]),
    .library(name: "ChapterKit", targets: ["ChapterKit"]),
    .library(name: "NeuralNetworks", targets: ["NeuralNetworks"]),
    .library(name: "LeNet", targets: ["LeNet"]),
  ],
  targets: [
    // The shared core: Tensor, geometry, seeded RNG, parallel chunks, vectorized kernels.
    .target(name: "CNNCore", swiftSettings: simd),
    // Chapter libraries: scalar references written like the formulas.
    .target(name: "ConvolutionMath", dependencies: ["CNNCore"], swiftSettings: simd),
    .target(
      name: "CrossCorrelation", dependencies: ["CNNCore"], swiftSettings: simd),
    .target(name: "PaddingStride", dependencies: ["CNNCore"], swiftSettings: simd),
    .target(name: "Pooling", dependencies: ["CNNCore"], swiftSettings: simd),
    // Data: gzip/IDX reading, MNIST.
    .target(name: "Datasets", dependencies: ["CNNCore"], swiftSettings: simd),
    // What the chapter scripts share: aligned matrices, shade pictures, headings, timing.
    .target(name: "ChapterKit", dependencies: ["CNNCore"]),
    // The learning engine shared by chapters 5–7: layers, losses, optimizers, models.
    .target(
      name: "NeuralNetworks", dependencies: ["CNNCore", "Datasets"], swiftSettings: simd),
    .target(
      name: "LeNet", dependencies: ["NeuralNetworks", "CNNCore", "Datasets"], swiftSettings: simd),

    // Exercises: the checks (ExerciseKit), the learner's stubs and the solutions.
    .target(name: "ExerciseKit", dependencies: ["CNNCore"], swiftSettings: simd),
    .target(
      name: "Exercises", dependencies: ["ExerciseKit", "CNNCore"], path: "Exercises",
      swiftSettings: simd),
    .target(
      name: "Solutions",
      dependencies: [
        "ExerciseKit", "CNNCore", "ConvolutionMath", "CrossCorrelation", "PaddingStride", "Pooling",
      ],
      path: "Solutions", swiftSettings: simd),
    .executableTarget(
      name: "check-exercises", dependencies: ["ExerciseKit", "Exercises", "Solutions"],
      path: "Chapters/CheckExercises", swiftSettings: simd),

    // Downloads the four MNIST files (Foundation networking) and verifies them.
    .executableTarget(
      name: "fetch-mnist", dependencies: ["Datasets"], path: "Chapters/FetchMNIST",
      swiftSettings: simd),

    // Chapter executables.
    chapter("ch01-convolution-math", folder: "01-ConvolutionMath", ["ConvolutionMath", "CNNCore"]),
    chapter(
      "ch02-cross-correlation", folder: "02-CrossCorrelation",
      ["CrossCorrelation", "ConvolutionMath", "CNNCore", "Datasets"]),
    chapter("ch03-padding-stride", folder: "03-PaddingStride", ["PaddingStride", "CNNCore"]),
    chapter(
      "ch04-pooling", folder: "04-Pooling",
      ["Pooling", "CNNCore", "Datasets", "CrossCorrelation"]),  // EdgeDetection.sobelX
    chapter(
      "ch05-lenet", folder: "05-LeNet", ["LeNet", "NeuralNetworks", "Datasets", "CNNCore"]),
    // The tour runs every chapter executable in order.
    .executableTarget(
      name: "tour",
      dependencies: [
        "ch01-convolution-math", "ch02-cross-correlation", "ch03-padding-stride", "ch04-pooling",
        "ch05-lenet",
      ],
      path: "Chapters/Tour"),
    // Counts the process's heap allocations (wraps glibc's malloc); for cnn-bench only.
    .target(name: "AllocationCounter"),
    // The stream kernels, cnn-bench's yardstick for pooling: moving a layer's bytes, no more.
    .target(name: "StreamYardstick", dependencies: ["CNNCore"], swiftSettings: simd),
    // The benchmark: verifies each kernel against its scalar reference, then times it.
    .executableTarget(
      name: "cnn-bench",
      dependencies: [
        "CNNCore", "CrossCorrelation", "Pooling", "NeuralNetworks", "LeNet", "Datasets",
        "AllocationCounter", "StreamYardstick",
      ],
      swiftSettings: simd),

    // Tests.
    .testTarget(
      name: "CNNCoreTests",
      dependencies: [
        "CNNCore", "CrossCorrelation", "ConvolutionMath", "PaddingStride", "StreamYardstick",
      ],
      swiftSettings: simd),
    .testTarget(name: "ConvolutionMathTests", dependencies: ["ConvolutionMath", "CNNCore"]),
    .testTarget(
      name: "CrossCorrelationTests",
      dependencies: ["CrossCorrelation", "ConvolutionMath", "CNNCore"]),
    .testTarget(name: "PaddingStrideTests", dependencies: ["PaddingStride", "CNNCore"]),
    .testTarget(name: "PoolingTests", dependencies: ["Pooling", "CNNCore"]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "CNNCore"]),
    .testTarget(name: "ChapterKitTests", dependencies: ["ChapterKit", "CNNCore"]),
    .testTarget(
      name: "NeuralNetworksTests",
      dependencies: ["NeuralNetworks", "CNNCore", "Datasets", "CrossCorrelation", "Pooling"]),
    .testTarget(name: "LeNetTests", dependencies: ["LeNet", "NeuralNetworks", "Datasets"]),
    .testTarget(
      name: "ExerciseTests", dependencies: ["ExerciseKit", "Exercises", "Solutions"]),
    .testTarget(
      name: "FixtureTests",
      dependencies: ["CNNCore", "ConvolutionMath", "CrossCorrelation", "PaddingStride", "Pooling"],
      resources: [.copy("Fixtures")]),
  ]
)
