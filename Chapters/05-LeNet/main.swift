// Chapter 5 — LeNet on MNIST: the classic 1998 network, its modern variant and the Keras model
// of the notes, trained on the 60,000 MNIST digits and tested on the other 10,000.
//
//   swift run -c release ch05-lenet                      all four models, full data
//   swift run -c release ch05-lenet --model modern       one model (classic|modern|keras|all)
//   swift run -c release ch05-lenet --model keras-tuned  the Keras network, tuned to 99.2 %
//   swift run -c release ch05-lenet --quick              subsets, under a minute
//   options: --epochs N  --seed S  --output DIR (./ch05-output)  --data DIR  --c3-table  --tour
import CNNCore
import Datasets
import Foundation
import LeNet
import NeuralNetworks

// MARK: - Constants

/// Test accuracy targets of full runs (release, fixed seed). The notes' Keras program itself
/// stops early, around epoch 5–9, short of 99.2 % (98.61 % here with seed 1; 98.99 % for the
/// same program in PyTorch, Tests/PyTorch/keras_recipe_torch.py, seed 0), so its check is a
/// floor for that program; 99.2 % is the target of `keras-tuned`: the same program with the
/// early stop replaced by a learning rate decayed every epoch.
let targets: [String: Float] = [
  "classic": 0.985, "modern": 0.990, "keras": 0.985, "keras-tuned": 0.992,
]
/// Epochs of a full run; the Keras model may stop earlier (EarlyStopping).
let fullEpochs: [String: Int] = ["classic": 12, "modern": 10, "keras": 20, "keras-tuned": 15]
/// keras-tuned: Adam 10⁻³ × 0.85 per epoch (the rate of epoch 15 is 0.85¹⁴ ≈ 10 % of the first).
let kerasTunedDecay: Float = 0.85
/// LeNet training: Adam, batch 64, the learning rate multiplied by a factor after every
/// epoch. σ layers pass at most 1/4 of a gradient on, so the classic net gets a larger rate.
let lenetBatch = 64
let lenetLearningRate: [String: Float] = ["classic": 3e-3, "modern": 1e-3]
let lenetDecay: [String: Float] = ["classic": 0.85, "modern": 0.7]
/// The modern net memorises its training digits (99.8 % training accuracy, test 98.97 % without
/// this): every epoch it sees them rotated by up to ±8° (0.14 rad), scaled by 0.92…1.08 and
/// shifted by up to 2 pixels, drawn afresh from the seed.
let modernAugmentation = RandomAffine(maxRotation: 0.14, scale: 0.92...1.08, maxTranslation: 2)
/// --quick: training images, epochs and test images per model (the Keras model is ~90×
/// more work per image than LeNet).
let quickTrain: [String: Int] = [
  "classic": 10_000, "modern": 10_000, "keras": 2_000, "keras-tuned": 2_000,
]
let quickEpochs: [String: Int] = ["classic": 2, "modern": 2, "keras": 2, "keras-tuned": 2]
let quickTest = 1_000
/// Minimum test accuracy of a --quick run, a check that learning happened at all (chance is
/// 10 %). The σ network starts slowly (87.8 % measured, 78.6 % with the C3 table), and the
/// Keras model makes only 2·⌈1,700/128⌉ = 28 Adam steps in --quick (40.8 % measured).
let quickFloor: [String: Float] = [
  "classic": 0.70, "modern": 0.90, "keras": 0.20, "keras-tuned": 0.20,
]
/// How many misclassified test digits to draw.
let misclassifiedShown = 8

// MARK: - Command line

struct Options {
  var models = ["classic", "modern", "keras", "keras-tuned"]
  var epochs: Int?
  var seed: UInt64 = 1
  var quick = false
  /// The tour's mode: --quick for the two LeNets only, skipped with a note without MNIST.
  var tour = false
  var modelChosen = false
  var c3Table = false
  var output = "ch05-output"
}

func fail(_ message: String, status: Int32 = 2) -> Never {
  FileHandle.standardError.write(Data("ch05-lenet: \(message)\n".utf8))
  exit(status)
}

func parseOptions(_ arguments: [String]) -> Options {
  var options = Options()
  var i = 1
  func value(_ flag: String) -> String {
    i += 1
    guard i < arguments.count, !arguments[i].hasPrefix("--") else {
      fail("\(flag) needs a value (see the usage at the top of Chapters/05-LeNet/main.swift)")
    }
    return arguments[i]
  }
  while i < arguments.count {
    let argument = arguments[i]
    switch argument {
    case "--model":
      let name = value(argument)
      guard ["classic", "modern", "keras", "keras-tuned", "all"].contains(name) else {
        fail("--model is classic, modern, keras, keras-tuned or all, got \(name)")
      }
      options.models = name == "all" ? ["classic", "modern", "keras", "keras-tuned"] : [name]
      options.modelChosen = true
    case "--epochs":
      guard let n = Int(value(argument)), n >= 1 else { fail("--epochs needs a number ≥ 1") }
      options.epochs = n
    case "--seed":
      guard let s = UInt64(value(argument)) else { fail("--seed needs a non-negative integer") }
      options.seed = s
    case "--output": options.output = value(argument)
    case "--data": _ = value(argument)  // read by MNIST.locateDirectory
    case "--quick": options.quick = true
    case "--tour": options.quick = true; options.tour = true
    case "--c3-table": options.c3Table = true
    default:
      if argument.hasPrefix("--data=") { break }
      fail("unknown option \(argument); options: --model classic|modern|keras|keras-tuned|all, "
        + "--epochs N, "
        + "--seed S, --quick, --output DIR, --data DIR, --c3-table")
    }
    i += 1
  }
  if options.tour && !options.modelChosen {
    options.models = ["classic", "modern"]
    print("(tour mode: the two LeNets on subsets; the Keras model: ch05-lenet --model keras "
      + "--quick)")
  }
  return options
}

// MARK: - Helpers

var checksFailed = 0
@MainActor func check(_ ok: Bool, _ text: String) {
  print("  \(ok ? "✓" : "✗ FAILED:") \(text)")
  if !ok { checksFailed += 1 }
}

/// 61706 → "61,706".
func grouped(_ n: Int) -> String {
  let digits = Array(String(n))
  return String(digits.enumerated().flatMap { i, d in
    i > 0 && (digits.count - i) % 3 == 0 ? [",", d] : [d]
  })
}

func dims(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: "×") }

func percent(_ x: Float) -> String { String(format: "%.2f%%", 100 * Double(x)) }

/// Runs the layers one by one on a batch of one image and keeps every layer's output.
func activations(of model: Sequential, image: Tensor<Float>) -> [(name: String, y: Tensor<Float>)] {
  var y = image
  var outputs: [(String, Tensor<Float>)] = []
  for layer in model.layers {
    y = layer.forward(y, training: false)
    outputs.append((layer.name, y))
  }
  return outputs
}

/// Splits an NCHW tensor of one image into its C maps.
func maps(_ t: Tensor<Float>) -> [[Float]] {
  let plane = t.shape[2] * t.shape[3]
  return (0..<t.shape[1]).map { Array(t.scalars[($0 * plane)..<(($0 + 1) * plane)]) }
}

func writePNG(
  _ picture: (width: Int, height: Int, pixels: [UInt8], color: PNGWriter.Color), _ url: URL
) throws {
  try PNGWriter.write(
    to: url, width: picture.width, height: picture.height, pixels: picture.pixels,
    color: picture.color)
  print("  wrote \(url.path)  (\(picture.width)×\(picture.height) \(picture.color))")
}

// MARK: - Data

let options = parseOptions(CommandLine.arguments)
print("Chapter 5 — LeNet on MNIST\n")

let train: MNIST
let test: MNIST
do {
  let directory = try MNIST.locateDirectory()
  train = try MNIST.load(.train, from: directory)
  test = try MNIST.load(.test, from: directory)
  print("MNIST from \(directory.path): \(train.count) training and \(test.count) test digits")
} catch {
  FileHandle.standardError.write(Data("ch05-lenet: cannot load MNIST.\n\(error)\n".utf8))
  if options.tour {
    print("(the tour skips chapter 5's training without the MNIST files)")
    exit(0)
  }
  exit(1)
}
let trainX = ImageSet(train)
let trainY = train.labels.map(Int.init)
let fullTestX = ImageSet(test)
let fullTestY = test.labels.map(Int.init)
let outputRoot = URL(fileURLWithPath: options.output, isDirectory: true)

// MARK: - Architecture: sizes and parameter counts

print("\n— The LeNet-5 sizes, derived —")
print("  C1  28 + 2·2 − 5 + 1 = \(LeNet.Size.c1)    S2  \(LeNet.Size.c1)/2 = \(LeNet.Size.s2)")
print("  C3  \(LeNet.Size.s2) − 5 + 1 = \(LeNet.Size.c3)    "
  + "S4  \(LeNet.Size.c3)/2 = \(LeNet.Size.s4)")
print("  flatten 16·\(LeNet.Size.s4)·\(LeNet.Size.s4) = \(LeNet.Size.flat)")
let fullCount = (6 * 1 * 25 + 6) + (16 * 6 * 25 + 16) + (400 * 120 + 120) + (120 * 84 + 84)
  + (84 * 10 + 10)
print("  parameters (6·1·25 + 6) + (16·6·25 + 16) + (400·120 + 120) + (120·84 + 84) + (84·10 + 10)")
print("           = 156 + 2,416 + 48,120 + 10,164 + 850 = \(grouped(fullCount))")

print("\n— The paper's S2 → C3 connection table (X: C3 map reads S2 map) —")
let table = C3ConnectionTable.paper
print(table.drawing)
let seen = Dictionary(grouping: table.connections, by: \.count).mapValues(\.count)
print("  \(seen[3] ?? 0) maps see 3 inputs, \(seen[4] ?? 0) see 4, \(seen[6] ?? 0) sees 6:")
print("  (6·3 + 9·4 + 1·6)·25 + 16 = 60·25 + 16 = \(grouped(table.parameterCount(kernel: 5)))"
  + " parameters"
  + " (full C3: 6·16·25 + 16 = 2,416)")
check(table.parameterCount(kernel: 5) == 1_516, "C3 table parameter count 1,516")

// MARK: - Training one LeNet

/// Trains a LeNet variant, prints and draws what it learned; returns its test accuracy.
@MainActor func runLeNet(_ variant: LeNet.Variant) throws -> Float {
  let name = variant.rawValue
  print("\n═══ LeNet, \(name) \(options.c3Table ? "(C3 with the paper's table)" : "") ═══")
  let model = try LeNet.make(variant, c3Table: options.c3Table, seed: options.seed)
  print(model.summary())
  let expected = options.c3Table ? fullCount - 2_416 + 1_516 : fullCount
  check(model.parameterCount == expected, "parameter count \(grouped(expected))")
  check(model.shapes.last == [10], "output shape 10")

  let epochs = options.epochs ?? (options.quick ? quickEpochs[name]! : fullEpochs[name]!)
  var x = trainX, y = trainY, testX = fullTestX, testY = fullTestY
  if options.quick {
    let n = quickTrain[name]!
    x = trainX.subset(0..<n); y = Array(trainY[0..<n])
    testX = fullTestX.subset(0..<quickTest); testY = Array(fullTestY[0..<quickTest])
  }
  let (rate, decay) = (lenetLearningRate[name]!, lenetDecay[name]!)
  print("\ntraining on \(x.count) digits (10 % held out for validation), \(epochs) epochs, "
    + "Adam \(rate) × \(decay) per epoch, batch \(lenetBatch), seed \(options.seed)")
  model.compile(loss: SoftmaxCrossEntropy(), optimizer: Adam(learningRate: rate))
  let history: History
  if variant == .modern {
    print("augmentation: rotation ±8°, scale 0.92…1.08, shift ±2 px, new every epoch")
    history = try model.fitAugmented(
      x: x, y: y, augmentation: modernAugmentation, epochs: epochs, batchSize: lenetBatch,
      validationFraction: 0.1, decay: decay, seed: options.seed)
  } else {
    history = try model.fit(
      x: x, y: y, batchSize: lenetBatch, epochs: epochs, validationSplit: 0.1,
      seed: options.seed, callbacks: [LearningRateDecay(factor: decay)], verbosity: .epochs)
  }
  let directory = outputRoot.appendingPathComponent(name)
  return try report(
    model: model, name: name, history: history, testX: testX, testY: testY,
    directory: directory, firstConv: "conv1")
}

/// Test accuracy, confusion matrix, misclassified digits and pictures of a trained model.
@MainActor func report(
  model: Sequential, name: String, history: History, testX: ImageSet, testY: [Int],
  directory: URL, firstConv: String
) throws -> Float {
  let seconds = history.epochs.map(\.seconds)
  print(String(format: "epoch times: %@ s (mean %.1f s)",
    seconds.map { String(format: "%.1f", $0) }.joined(separator: ", "),
    seconds.reduce(0, +) / Double(max(seconds.count, 1))))
  let (testLoss, testAccuracy) = try model.evaluate(x: testX, y: testY)
  print("\ntest (\(testX.count) digits): loss \(String(format: "%.4f", testLoss)), "
    + "accuracy \(percent(testAccuracy))")

  let probabilities = try model.predict(x: testX)
  let predictions = predictedClasses(logits: probabilities)
  let confusion = ConfusionMatrix(labels: testY, predictions: predictions, classes: 10)
  print("\nconfusion matrix (rows: true digit, columns: predicted):")
  print(confusion.table)

  let wrong = (0..<testY.count).filter { predictions[$0] != testY[$0] }
  print("\n\(wrong.count) misclassified; the first \(min(misclassifiedShown, wrong.count)):")
  var blocks: [String] = []
  for i in wrong.prefix(misclassifiedShown) {
    let pixels = Array(testX.pixels[(i * 784)..<((i + 1) * 784)])
    let p = probabilities.scalars[i * 10 + predictions[i]]
    blocks.append("#\(i) \(testY[i])→\(predictions[i])\n" + String(format: "p=%.2f", p) + "\n"
      + Pictures.shadeBlocks(pixels, height: 28, width: 28))
  }
  if !blocks.isEmpty {
    print(Pictures.sideBySide(Array(blocks.prefix(4))))
    if blocks.count > 4 { print(Pictures.sideBySide(Array(blocks.dropFirst(4)))) }
  }

  print("\npictures and curves in \(directory.path):")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  // Learned first-layer kernels, red positive, blue negative.
  if let conv = model.layer(named: firstConv) as? Conv2D {
    let w = conv.weight.value  // (K, C, R, S)
    let (k, r) = (w.shape[0], w.shape[2])
    let per = w.count / k
    let kernels = (0..<k).map { Array(w.scalars[($0 * per)..<($0 * per + r * r)]) }
    try writePNG(
      Pictures.grid(
        maps: kernels, height: r, width: r, columns: min(k, 8), scale: 12, gap: 3,
        diverging: true),
      directory.appendingPathComponent("\(firstConv)-kernels.png"))
  }
  // The feature maps of the first test digit, layer by layer (before the dense layers).
  let digit = testX.batch([0])
  try writePNG(
    Pictures.grid(maps: maps(digit), height: 28, width: 28, columns: 1, scale: 4),
    directory.appendingPathComponent("digit.png"))
  for (index, output) in activations(of: model, image: digit).enumerated()
  where output.y.rank == 4 && output.y.shape[2] >= 4 && !output.name.hasPrefix("relu")
    && !output.name.hasPrefix("sigmoid")
  {
    let (c, h, w) = (output.y.shape[1], output.y.shape[2], output.y.shape[3])
    try writePNG(
      Pictures.grid(
        maps: maps(output.y), height: h, width: w, columns: min(c, 8),
        scale: max(1, 56 / h), gap: 2),
      directory.appendingPathComponent("maps-\(index + 1)-\(output.name).png"))
  }
  try history.writeSVG(
    to: directory.appendingPathComponent("history.svg"), title: "\(name) on MNIST")
  try history.writeCSV(to: directory.appendingPathComponent("history.csv"))
  print("  wrote history.svg and history.csv")
  return testAccuracy
}

// MARK: - The Keras model of the notes

/// The Keras program of the notes, line by line (the Keras line in a comment above each one).
@MainActor func runKeras() throws -> Float {
  print("\n═══ The Keras model of the notes ═══")
  let directory = outputRoot.appendingPathComponent("keras")
  // model = keras.Sequential([Input((28, 28, 1)), Conv2D(64, (3, 3), activation="relu"), …,
  //                           Dropout(0.5), Dense(num_classes, activation="softmax")])
  let model = try KerasCNN.model(seed: options.seed)
  print(model.summary())
  check(model.parameterCount == 640 + 36_928 + 73_856 + 147_584 + 1_290, "parameter count 260,298")
  // model.compile(loss=SparseCategoricalCrossentropy(), optimizer=Adam(learning_rate=1e-3),
  //               metrics=[SparseCategoricalAccuracy(name="acc")])
  model.compile(loss: SoftmaxCrossEntropy(), optimizer: Adam(learningRate: 1e-3))
  // batch_size = 128
  let batchSize = 128
  // epochs = 20
  let epochs = options.epochs ?? (options.quick ? quickEpochs["keras"]! : fullEpochs["keras"]!)
  var x = trainX, y = trainY, testX = fullTestX, testY = fullTestY
  if options.quick {
    let n = quickTrain["keras"]!
    x = trainX.subset(0..<n); y = Array(trainY[0..<n])
    testX = fullTestX.subset(0..<quickTest / 2); testY = Array(fullTestY[0..<quickTest / 2])
  }
  // callbacks = [ModelCheckpoint(filepath="model_at_epoch_{epoch}.keras"),
  let checkpoints = ModelCheckpoint(
    path: directory.appendingPathComponent("model_at_epoch_{epoch}.ckpt").path,
    saveBestOnly: false)
  //              EarlyStopping(monitor="val_loss", patience=2)]
  let early = EarlyStopping(monitor: .validationLoss, patience: 2)
  print("\ntraining on \(x.count) digits (15 % held out for validation), up to \(epochs) epochs")
  // model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.15,
  //           callbacks=callbacks)
  let history = try model.fit(
    x: x, y: y, batchSize: batchSize, epochs: epochs, validationSplit: 0.15,
    seed: options.seed, callbacks: [checkpoints, early], verbosity: .epochs)
  print("checkpoints: \(checkpoints.savedFiles.count) files, "
    + (history.stoppedEarly ? "stopped early" : "no early stop"))
  // score = model.evaluate(x_test, y_test, verbose=0)
  let score = try model.evaluate(x: testX, y: testY)
  print(String(format: "score: loss %.4f, accuracy %@", score.loss, percent(score.accuracy)))
  // model.save("final_model.keras")
  let finalURL = directory.appendingPathComponent("final_model.ckpt")
  try model.save(to: finalURL)
  // predictions = model.predict(x_test)
  let predictions = try model.predict(x: testX)
  print("predictions: \(dims(predictions.shape)), saved \(finalURL.lastPathComponent)")

  // Beyond the Keras program: the saved model loads back and gives the same predictions.
  let reloaded = try KerasCNN.model(seed: options.seed &+ 99)
  try reloaded.load(from: finalURL, includeOptimizer: false)
  let again = try reloaded.predict(x: testX.subset(0..<min(64, testX.count)))
  let same = zip(again.scalars, predictions.scalars.prefix(again.count)).allSatisfy { $0 == $1 }
  check(same, "final_model.ckpt reloads to bit-identical predictions")
  return try report(
    model: model, name: "keras", history: history, testX: testX, testY: testY,
    directory: directory, firstConv: "conv1")
}

// MARK: - The Keras network, tuned

/// Beyond the notes: the notes' program with `EarlyStopping` replaced by a learning-rate decay
/// (Keras' `LearningRateScheduler`): the rate × 0.85 after every epoch, 15 epochs. The early
/// stop ends the notes' program while it is still improving (training accuracy 97–98 % with
/// dropout active); the decay lets it train on and settles the validation loss instead.
@MainActor func runKerasTuned() throws -> Float {
  print("\n═══ The Keras network, tuned: learning-rate decay instead of early stopping ═══")
  let name = "keras-tuned"
  let directory = outputRoot.appendingPathComponent(name)
  let model = try KerasCNN.model(seed: options.seed)
  check(model.parameterCount == 260_298, "parameter count 260,298")
  model.compile(loss: SoftmaxCrossEntropy(), optimizer: Adam(learningRate: 1e-3))
  let epochs = options.epochs ?? (options.quick ? quickEpochs[name]! : fullEpochs[name]!)
  var x = trainX, y = trainY, testX = fullTestX, testY = fullTestY
  if options.quick {
    let n = quickTrain[name]!
    x = trainX.subset(0..<n); y = Array(trainY[0..<n])
    testX = fullTestX.subset(0..<quickTest / 2); testY = Array(fullTestY[0..<quickTest / 2])
  }
  print("training on \(x.count) digits (15 % held out for validation), \(epochs) epochs, "
    + "Adam 0.001 × \(kerasTunedDecay) per epoch, batch 128, seed \(options.seed)")
  let checkpoints = ModelCheckpoint(
    path: directory.appendingPathComponent("model_at_epoch_{epoch}.ckpt").path,
    saveBestOnly: false)
  let history = try model.fit(
    x: x, y: y, batchSize: 128, epochs: epochs, validationSplit: 0.15, seed: options.seed,
    callbacks: [checkpoints, LearningRateDecay(factor: kerasTunedDecay)], verbosity: .epochs)
  try model.save(to: directory.appendingPathComponent("final_model.ckpt"))
  return try report(
    model: model, name: name, history: history, testX: testX, testY: testY,
    directory: directory, firstConv: "conv1")
}

// MARK: - Main

var results: [(String, Float)] = []
do {
  for name in options.models {
    let accuracy =
      name == "keras"
      ? try runKeras()
      : name == "keras-tuned"
        ? try runKerasTuned() : try runLeNet(name == "classic" ? .classic : .modern)
    results.append((name, accuracy))
  }
} catch {
  fail("\(error)", status: 1)
}

print("\n— Summary —")
for (name, accuracy) in results {
  if options.quick {
    check(accuracy >= quickFloor[name]!,
      "\(name): test accuracy \(percent(accuracy)) ≥ \(percent(quickFloor[name]!)) (quick floor)")
  } else if options.epochs == nil {
    let what = name == "keras"
      ? "floor of the notes' program (99.2 % is keras-tuned's target)" : "target"
    check(accuracy >= targets[name]!,
      "\(name): test accuracy \(percent(accuracy)) ≥ \(what) \(percent(targets[name]!))")
  } else {
    print("  \(name): test accuracy \(percent(accuracy)) (target \(percent(targets[name]!)) "
      + "applies to the default epochs)")
  }
}
if checksFailed > 0 {
  print("\n\(checksFailed) check(s) FAILED")
  exit(1)
}
print("\nverified: parameter counts, C3 table (1,516), \(results.count) model(s) trained and drawn")
