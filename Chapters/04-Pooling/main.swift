// Chapter 4 — pooling: max, average and global average pooling, their gradients, flatten,
// and what pooling does to a real feature map. Every number in README.md is printed here.
//
//   swift run -c release ch04-pooling              (MNIST from CNN_DATA or ./Data)
//   swift run -c release ch04-pooling --data DIR
//
// Without the MNIST files the feature-map sections use generated digits and say so.
// Exits with status 1 if any of its checks fails.
import CNNCore
import ChapterKit
import CrossCorrelation  // EdgeDetection.sobelX
import Datasets
import Foundation
import Pooling

// ── Constants ────────────────────────────────────────────────────────────────────────
let digitCount = 8  // MNIST test images 0..<8 feed the feature-map experiments
let shifts = 0...3  // pixels to the right, for the translation experiment
let gradientStep = 1e-5  // central differences, in Double
let sweepConfigurations = 100  // scalar vs vectorized at the end
let sweepSeed: UInt64 = 0x0404
// The speed comparison: 8 images × 64 channels of 112×112 (a VGG-sized activation).
// A debug build times one image only, to stay quick.
#if DEBUG
let speedShape = [1, 64, 112, 112]
#else
let speedShape = [8, 64, 112, 112]
#endif
let fastRuns = 5  // the vectorized kernels are timed this often; the median run is reported

// ── Helpers for printing and checking ───────────────────────────────────────────────
/// `text` broken into lines of at most 92 characters, each starting with `indent`.
func wrapped(_ text: String, indent: String = "  ") -> String {
  var lines: [String] = []
  var line = ""
  for word in text.split(separator: " ") {
    if !line.isEmpty && indent.count + line.count + 1 + word.count > 92 {
      lines.append(indent + line)
      line = ""
    }
    line += (line.isEmpty ? "" : " ") + word
  }
  return (lines + [indent + line]).joined(separator: "\n")
}
extension Array where Element: BinaryFloatingPoint {
  /// "[0.3333, 1, 1.667, 1]"
  var list: String { "[" + map(number).joined(separator: ", ") + "]" }
}
func percent(_ v: Double) -> String { String(format: "%.1f%%", 100 * v) }
/// Image n of an NCHW tensor, as a (1, C, H, W) tensor.
func image<T: BinaryFloatingPoint & Sendable>(_ x: Tensor<T>, _ n: Int) -> Tensor<T> {
  let size = x.count / x.shape[0]
  return Tensor(
    shape: [1] + x.shape.dropFirst(), scalars: Array(x.scalars[n * size..<(n + 1) * size]))
}
func weightedSum(_ x: Tensor<Double>, _ g: Tensor<Double>) -> Double {
  zip(x.scalars, g.scalars).reduce(0) { $0 + $1.0 * $1.1 }
}

// ── The digits for the feature-map sections ─────────────────────────────────────────
/// MNIST test images 0..<digitCount when the files can be found (--data DIR, CNN_DATA or
/// ./Data), else the five generated digits of `syntheticDigit`, with the reason.
func featureMapDigits() -> (images: Tensor<Float>, source: String) {
  do {
    let directory = try MNIST.locateDirectory(
      arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)
    let test = try MNIST.load(.test, from: directory)
    let labels = (0..<digitCount).map { String(test.label($0)) }.joined(separator: ", ")
    let images = (0..<digitCount).flatMap { test.image($0).scalars }
    return (
      Tensor(shape: [digitCount, 1, 28, 28], scalars: images),
      "MNIST test images 0…\(digitCount - 1) (labels \(labels)) from \(directory.path)"
    )
  } catch {
    let reason = "\(error)".split(separator: "\n").joined(separator: "\n    ")
    let images = (0..<5).flatMap { syntheticDigit($0, as: Float.self).scalars }
    return (
      Tensor(shape: [5, 1, 28, 28], scalars: images),
      "five generated digits (0, 1, 2, 4, 7); MNIST was not used:\n    \(reason)"
    )
  }
}

print("Chapter 4 — pooling")

// ── 1. Max and average pooling ───────────────────────────────────────────────────────
section("1. pool2d: the maximum or the mean of every window")
let x9 = Tensor<Float>(shape: [1, 1, 3, 3], scalars: (0..<9).map(Float.init))
let window2s1 = try Pool2DGeometry(batch: 1, channels: 1, height: 3, width: 3, kernel: 2, stride: 1)
let maxed = maxPool2D(input: x9, geometry: window2s1)
let averaged = avgPool2D(input: x9, geometry: window2s1)
print("  \(window2s1)")
print(
  sideBySide([
    "X (3×3):\n" + matrixText(plane(x9)), "max pool 2×2/1:\n" + matrixText(plane(maxed.output)),
    "average pool 2×2/1:\n" + matrixText(plane(averaged)),
  ]))
for p in 0..<2 {
  for q in 0..<2 {
    let cells = [x9[0, 0, p, q], x9[0, 0, p, q + 1], x9[0, 0, p + 1, q], x9[0, 0, p + 1, q + 1]]
    let list = cells.map(number).joined(separator: ", ")
    print(
      "  window (\(p), \(q)) = [\(list)]: max = \(number(maxed.output[0, 0, p, q])), "
        + "mean = (\(cells.map(number).joined(separator: " + ")))/4 = "
        + number(averaged[0, 0, p, q]))
  }
}
print("  argmax (index h·3 + w of each maximum): \(maxed.argmax)")
check(plane(maxed.output).rows == [[4, 5], [7, 8]], "max pool of 0…8 = [[4, 5], [7, 8]]")
check(plane(averaged).rows == [[2, 3], [5, 6]], "average pool of 0…8 = [[2, 3], [5, 6]]")
let referenceMax = maxPool2DReference(input: x9.converted(to: Double.self), geometry: window2s1)
check(
  referenceMax.output.scalars == [4, 5, 7, 8] && referenceMax.argmax == [4, 5, 7, 8],
  "maxPool2DReference agrees on 0…8")

// ── 2. Output size ───────────────────────────────────────────────────────────────────
section("2. output size: (W − F)/S + 1 per side, depth unchanged")
let sizeExamples: [(String, Pool2DGeometry)] = [
  ("VGG, 2×2/2", try Pool2DGeometry(batch: 1, channels: 64, height: 224, width: 224, kernel: 2)),
  (
    "AlexNet pool1, 3×3/2",
    try Pool2DGeometry(batch: 1, channels: 96, height: 55, width: 55, kernel: 3, stride: 2)
  ),
  (
    "AlexNet pool2",
    try Pool2DGeometry(batch: 1, channels: 256, height: 27, width: 27, kernel: 3, stride: 2)
  ),
  (
    "AlexNet pool5",
    try Pool2DGeometry(batch: 1, channels: 256, height: 13, width: 13, kernel: 3, stride: 2)
  ),
]
for (name, g) in sizeExamples {
  let formula = "(\(g.width) − \(g.kernelWidth))/\(g.strideWidth) + 1 = \(g.outWidth)"
  let paddedName = name.padding(toLength: 22, withPad: " ", startingAt: 0)
  let paddedShape = "\(g)".padding(toLength: 38, withPad: " ", startingAt: 0)
  print("  \(paddedName)\(paddedShape)\(formula), parameters \(g.parameterCount)")
}
check(sizeExamples[0].1.outputShape == [1, 64, 112, 112], "224×224×64 → 112×112×64")
check(sizeExamples[1].1.outHeight == 27, "AlexNet 55 → 27")
print("  MNIST's 28 with 3×3/2 does not tile:")
do {
  _ = try Pool2DGeometry(batch: 1, channels: 1, height: 28, width: 28, kernel: 3, stride: 2)
  check(false, "28 with 3×3/2 must be rejected under .exact")
} catch {
  print(wrapped("error: \(error)", indent: "    "))
}
let mnistFloor = try Pool2DGeometry(
  batch: 1, channels: 1, height: 28, width: 28, kernel: 3, stride: 2, rounding: .floor)
let mnistCeil = try Pool2DGeometry(
  batch: 1, channels: 1, height: 28, width: 28, kernel: 3, stride: 2, rounding: .ceil)
print("    floor (PyTorch's default): ⌊25/2⌋ + 1 = \(mnistFloor.outWidth)   \(mnistFloor)")
print("    ceil  (ceil_mode=True):    ⌈25/2⌉ + 1 = \(mnistCeil.outWidth)   \(mnistCeil)")
let dropped = try Pool2DGeometry(
  batch: 1, channels: 1, height: 5, width: 5, kernel: 2, stride: 2, padding: 1, rounding: .ceil)
print(
  wrapped(
    "ceil mode drops a window that would start in the padding: 5 with 2×2/2, pad 1: "
      + "⌈5/2⌉ + 1 = 4, but window 3 starts at 3·2 = 6 ≥ 5 + 1, so \(dropped.outWidth)"))
check(
  mnistFloor.outWidth == 13 && mnistCeil.outWidth == 14 && dropped.outWidth == 3,
  "floor 13, ceil 14, dropped window → 3")
// d2l's AlexNet takes 224×224 images: conv1 (11×11/4, pad 1) gives 54×54, and 3×3/2 on 54
// does not tile: (54 − 3)/2 = 25.5. PyTorch's floor gives 26 and ignores the last row/column.
let d2lPool = try Pool2DGeometry(
  batch: 1, channels: 96, height: 54, width: 54, kernel: 3, stride: 2, rounding: .floor)
print(
  wrapped(
    "d2l's AlexNet (224×224 input, conv1 gives 54×54): (54 − 3)/2 = 25.5 does not tile; "
      + "floor gives \(d2lPool) and ignores the last row and column"))
check(d2lPool.outHeight == 26, "d2l AlexNet pool1: 54 → 26 with floor")
do {
  _ = try Pool2DGeometry(batch: 1, channels: 1, height: 8, width: 8, kernel: 3, padding: 2)
  check(false, "padding 2 with a 3×3 window must be rejected")
} catch {
  print("  padding larger than half the window:")
  print(wrapped("error: \(error)", indent: "    "))
}

// ── 3. Padding and the divisor of average pooling ─────────────────────────────────────
section("3. padding: max ignores it, average pooling must choose a divisor")
let padded = try Pool2DGeometry(
  batch: 1, channels: 1, height: 3, width: 3, kernel: 3, stride: 1, padding: 1)
let included = avgPool2D(input: x9, geometry: padded, countIncludePad: true)
let excluded = avgPool2D(input: x9, geometry: padded, countIncludePad: false)
func divisorMap(_ g: Pool2DGeometry, _ include: Bool) -> Tensor<Double> {
  var d = Tensor<Double>(zeros: [g.outHeight, g.outWidth])
  for p in 0..<g.outHeight {
    for q in 0..<g.outWidth {
      d[p, q] = Double(g.averageDivisor(row: p, column: q, countIncludePad: include))
    }
  }
  return d
}
print("  \(padded), on X = 0…8")
print(
  sideBySide([
    "count_include_pad=True:\n" + matrixText(plane(included), decimals: 3),
    "divisors:\n" + matrixText(divisorMap(padded, true)),
    "count_include_pad=False:\n" + matrixText(plane(excluded), decimals: 3),
    "divisors:\n" + matrixText(divisorMap(padded, false)),
  ]))
print(
  "  corner: (0 + 1 + 3 + 4) = 8 → 8/9 = \(number(included[0, 0, 0, 0])) or 8/4 = "
    + number(excluded[0, 0, 0, 0]))
check(excluded[0, 0, 0, 0] == 2 && included[0, 0, 1, 1] == 4, "corner 8/4 = 2, centre 36/9 = 4")
print("  max pooling with the same padding (padding never wins):")
print(matrixText(plane(maxPool2D(input: x9, geometry: padded).output), indent: "    "))
let row6 = Tensor<Float>(shape: [1, 1, 1, 6], scalars: [1, 2, 3, 4, 5, 6])
let hanging = try Pool2DGeometry(
  batch: 1, channels: 1, height: 1, width: 6, kernel: 3, stride: 2, padding: 1, rounding: .ceil)
let hangingIn = avgPool2D(input: row6, geometry: hanging, countIncludePad: true)
let hangingEx = avgPool2D(input: row6, geometry: hanging, countIncludePad: false)
print("  ceil mode, 1×6 input 1…6, \(hanging):")
print("    the last window covers columns 5, 6, 7: one input, one padding, one beyond both")
print(
  "    divisors with padding \(divisorMap(hanging, true).scalars.list), "
    + "without \(divisorMap(hanging, false).scalars.list)")
print(
  "    outputs with padding \(hangingIn.scalars.list), "
    + "without \(hangingEx.scalars.list)")
check(hangingIn.scalars.last == 1 && hangingEx.scalars.last == 6, "hanging window: 6/6, 6/1")

// ── 4. Backward passes ────────────────────────────────────────────────────────────────
section("4. gradients: max routes, average spreads")
let tieInput = Tensor<Float>(
  shape: [1, 1, 4, 4], scalars: [2, 9, 9, 1, 4, 9, 3, 3, 0, 5, 8, 8, 5, 1, 8, 7])
let window2 = try Pool2DGeometry(batch: 1, channels: 1, height: 4, width: 4, kernel: 2)
let tieForward = maxPool2D(input: tieInput, geometry: window2)
let tieGradient = Tensor<Float>(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
let routed = maxPool2DBackward(
  gradOutput: tieGradient, argmax: tieForward.argmax, geometry: window2)
print(
  sideBySide([
    "X (every window has a tie):\n" + matrixText(plane(tieInput)),
    "max pool 2×2/2:\n" + matrixText(plane(tieForward.output)),
    "∂L/∂Y:\n" + matrixText(plane(tieGradient)), "∂L/∂X:\n" + matrixText(plane(routed)),
  ]))
print(
  wrapped(
    "argmax \(tieForward.argmax): the first maximum in row-major window order wins the tie "
      + "(PyTorch's rule)"))
check(
  routed.scalars == [0, 1, 2, 0, 0, 0, 0, 0, 0, 3, 4, 0, 0, 0, 0, 0],
  "ties route to the first maximum")
let overlap = try Pool2DGeometry(batch: 1, channels: 1, height: 5, width: 5, kernel: 3, stride: 2)
var spike = Tensor<Float>(zeros: overlap.inputShape)
spike[0, 0, 2, 2] = 9
let spikeForward = maxPool2D(input: spike, geometry: overlap)
let spikeGradient = maxPool2DBackward(
  gradOutput: Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]), argmax: spikeForward.argmax,
  geometry: overlap)
print(
  wrapped(
    "overlapping 3×3/2 on 5×5 with one 9 in the centre: it wins all four windows "
      + "(argmax \(spikeForward.argmax)) and collects 1 + 2 + 3 + 4 = "
      + number(spikeGradient[0, 0, 2, 2])))
check(spikeGradient[0, 0, 2, 2] == 10, "overlapping windows add their gradients")
let spread = avgPool2DBackward(
  gradOutput: Tensor(shape: [1, 1, 2, 2], repeating: 1), geometry: window2s1)
print("  average pool 2×2/1 on 3×3, ∂L/∂Y = 1 everywhere: each window hands 1/4 to each cell")
print(matrixText(plane(spread), decimals: 2, indent: "    "))
check(spread[0, 0, 1, 1] == 1 && spread[0, 0, 0, 0] == 0.25, "centre 4·¼ = 1, corner ¼")

print("  gradient checks in Double, L = Σ Y·G, central differences with h = \(gradientStep):")
var gradientGenerator = SeededGenerator(seed: 44)
let gradientCases: [(String, Pool2DGeometry)] = [
  ("2×2/2", try Pool2DGeometry(batch: 1, channels: 2, height: 6, width: 6, kernel: 2)),
  (
    "3×3/2 overlapping",
    try Pool2DGeometry(batch: 1, channels: 2, height: 7, width: 7, kernel: 3, stride: 2)
  ),
  (
    "3×3/2 pad 1 ceil",
    try Pool2DGeometry(
      batch: 1, channels: 2, height: 6, width: 7, kernel: 3, stride: 2, padding: 1,
      rounding: .ceil)
  ),
]
var worstGradientError = 0.0
for (name, g) in gradientCases {
  // Max pooling: distinct values 0.01 apart (no ties), so a step of 1e-5 changes no winner.
  var values = (0..<g.inputShape.reduce(1, *)).map { Double($0) * 0.01 }
  values.shuffle(using: &gradientGenerator)
  let x = Tensor<Double>(shape: g.inputShape, scalars: values)
  let gOut = Tensor<Double>(shape: g.outputShape, uniformIn: -1...1, using: &gradientGenerator)
  let maxError = gradientError(
    maxPool2DBackwardReference(
      gradOutput: gOut, argmax: maxPool2DReference(input: x, geometry: g).argmax, geometry: g),
    centralDifferenceGradient(
      of: { weightedSum(maxPool2DReference(input: $0, geometry: g).output, gOut) }, at: x,
      step: gradientStep))
  var avgErrors: [Double] = []
  for include in [true, false] {
    avgErrors.append(
      gradientError(
        avgPool2DBackwardReference(gradOutput: gOut, geometry: g, countIncludePad: include),
        centralDifferenceGradient(
          of: {
            weightedSum(avgPool2DReference(input: $0, geometry: g, countIncludePad: include), gOut)
          },
          at: x, step: gradientStep)))
  }
  worstGradientError = max(worstGradientError, maxError, avgErrors.max()!)
  print(
    "    \(name.padding(toLength: 18, withPad: " ", startingAt: 0)) max \(scientific(maxError))"
      + "   average (pad counted) \(scientific(avgErrors[0]))   (not counted) "
      + scientific(avgErrors[1]))
}
check(worstGradientError < 1e-7, "gradient checks within 1e-7")

// ── 5. 2×2/2 max pooling on a real feature map ───────────────────────────────────────
section("5. 2×2/2 max pooling keeps a quarter of a real feature map")
let (digits, digitSource) = featureMapDigits()
let digitTotal = digits.shape[0]
print("  digits: \(digitSource)")
let edgeConv = try Conv2DGeometry(
  batch: digitTotal, inChannels: 1, height: 28, width: 28, outChannels: 1, kernel: 3, padding: 1)
let sobel = EdgeDetection.sobelX(Float.self).reshaped([1, 1, 3, 3])
/// The feature map of the chapter: ReLU(Sobel-x ⋆ digit), bright where a stroke's left edge is.
func edgeFeatures(_ x: Tensor<Float>) -> Tensor<Float> {
  relu(conv2d(input: x, weight: sobel, bias: nil, geometry: edgeConv))  // CNNCore.relu
}
let features = edgeFeatures(digits)
let pool22 = try Pool2DGeometry(batch: digitTotal, channels: 1, height: 28, width: 28, kernel: 2)
let pooled = maxPool2D(input: features, geometry: pool22)
print("  \(edgeConv), then ReLU;  \(pool22)")
print(
  sideBySide(
    [
      "digit 0:\n" + shadeText(plane(digits), pixelWidth: 1),
      "ReLU(Sobel-x ⋆ digit):\n" + shadeText(plane(features), pixelWidth: 1),
      "max pool 2×2/2 (cells 2 characters wide):\n"
        + shadeText(plane(pooled.output), pixelWidth: 2),
    ], separator: "  "))
// Which activations survive: the argmax of each window.
var survivors = Set<Int>()
for (i, index) in pooled.argmax.enumerated() where i < 196 { survivors.insert(Int(index)) }
var survivorPicture = ""
for h in 0..<28 {
  for w in 0..<28 {
    let value = features[0, 0, h, w]
    survivorPicture += value == 0 ? "·" : survivors.contains(h * 28 + w) ? "█" : "░"
  }
  survivorPicture += "\n"
}
print("  digit 0, which activations survive (█ kept, ░ discarded, · zero):")
print(survivorPicture.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
var nonzero = 0
var nonzeroKept = 0
var totalSum = 0.0
var keptSum = 0.0
var strongKept = 0
var strongTotal = 0
for n in 0..<digitTotal {
  let map = plane(features, n)
  let winners = Set(pooled.argmax[n * 196..<(n + 1) * 196].map(Int.init))
  let strongThreshold =
    map.scalars.filter { $0 > 0 }.sorted().dropFirst(
      map.scalars.filter { $0 > 0 }.count * 9 / 10
    ).first ?? .infinity
  for i in 0..<784 where map.scalars[i] > 0 {
    nonzero += 1
    totalSum += Double(map.scalars[i])
    if winners.contains(i) {
      nonzeroKept += 1
      keptSum += Double(map.scalars[i])
    }
    if map.scalars[i] >= strongThreshold {
      strongTotal += 1
      if winners.contains(i) { strongKept += 1 }
    }
  }
}
let activations = digitTotal * 784
let kept = pooled.output.count
print("  over \(digitTotal) digits:")
print(
  "    activations \(grouped(activations)) = \(digitTotal)·28·28 → kept \(grouped(kept)) = "
    + "\(digitTotal)·14·14: \(percent(Double(kept) / Double(activations))) kept, "
    + "\(percent(1 - Double(kept) / Double(activations))) discarded")
let nonzeroShare = percent(Double(nonzero) / Double(activations))
let survivingShare = percent(Double(nonzeroKept) / Double(nonzero))
print(
  "    but only \(grouped(nonzero)) activations are non-zero (\(nonzeroShare)); "
    + "of those \(grouped(nonzeroKept)) survive (\(survivingShare))")
print(
  "    the survivors carry \(percent(keptSum / totalSum)) of the total activation; of the "
    + "strongest tenth, \(percent(Double(strongKept) / Double(strongTotal))) survive")
check(kept * 4 == activations, "2×2/2 keeps exactly a quarter")

// ── 6. Translation invariance ────────────────────────────────────────────────────────
section("6. shift the digit: how much do the features change?")
let pool32 = try Pool2DGeometry(
  batch: digitTotal, channels: 1, height: 28, width: 28, kernel: 3, stride: 2, rounding: .floor)
struct FeatureViews {
  let unpooled, max22, avg22, max32, global: Tensor<Float>
}
func views(_ x: Tensor<Float>) -> FeatureViews {
  let f = edgeFeatures(x)
  return FeatureViews(
    unpooled: f, max22: maxPool2D(input: f, geometry: pool22).output,
    avg22: avgPool2D(input: f, geometry: pool22),
    max32: maxPool2D(input: f, geometry: pool32).output,
    global: globalAvgPool2D(input: f))
}
/// The relative change of each digit's features, averaged over the digits.
func meanChange(_ a: Tensor<Float>, _ b: Tensor<Float>) -> Double {
  (0..<digitTotal).map { Double(relativeChange(image(a, $0), image(b, $0))) }
    .reduce(0, +) / Double(digitTotal)
}
let base = views(digits)
print(
  "  relative change ‖f(shifted) − f(x)‖/‖f(x)‖, mean over \(digitTotal) digits, "
    + "shifted to the right:")
print("    shift   unpooled 28×28   max 2×2/2 14×14   avg 2×2/2   max 3×3/2 13×13   global avg")
var changes: [[Double]] = []
for shift in shifts {
  let moved = views(translated(digits, down: 0, right: shift))
  let row = [
    meanChange(base.unpooled, moved.unpooled), meanChange(base.max22, moved.max22),
    meanChange(base.avg22, moved.avg22), meanChange(base.max32, moved.max32),
    meanChange(base.global, moved.global),
  ]
  changes.append(row)
  let cells = zip(row, [16, 17, 11, 17, 12]).map { value, width in
    String(format: "%.3f", value).padding(toLength: width, withPad: " ", startingAt: 0)
  }
  print("    \(shift)       " + cells.joined(separator: " ").trimmingCharacters(in: .whitespaces))
}
check(changes[0].allSatisfy { $0 == 0 }, "no shift, no change")
check(changes[1][1] < changes[1][0], "after a 1-pixel shift max pooling changes less than the map")
check(
  changes.allSatisfy { $0[4] < 1e-5 }, "global average pooling ignores shifts inside the margin")

// ── 7. Overlapping pooling ─────────────────────────────────────────────────────────────
section("7. overlapping pooling (AlexNet's 3×3/2) against 2×2/2")
let winners22 = (0..<digitTotal).map { n in
  Set(pooled.argmax[n * 196..<(n + 1) * 196]).count
}
let pooled32 = maxPool2D(input: features, geometry: pool32)
let perImage32 = pool32.outHeight * pool32.outWidth
let winners32 = (0..<digitTotal).map { n in
  Set(pooled32.argmax[n * perImage32..<(n + 1) * perImage32]).count
}
var coverage = [Int](repeating: 0, count: 28 * 28)
for p in 0..<pool32.outHeight {
  for q in 0..<pool32.outWidth {
    for h in pool32.inputRows(ofOutputRow: p) {
      for w in pool32.inputColumns(ofOutputColumn: q) { coverage[h * 28 + w] += 1 }
    }
  }
}
let shared = coverage.filter { $0 >= 2 }.count
let fourfold = coverage.filter { $0 == 4 }.count
let uncovered = coverage.filter { $0 == 0 }.count
print(
  "  \(pool22): \(196) outputs per digit, \(winners22.min()!)–\(winners22.max()!) distinct winners")
print(
  wrapped(
    "\(pool32): \(perImage32) outputs per digit, \(winners32.min()!)–\(winners32.max()!) "
      + "distinct winners (a strong activation on a shared row or column wins two or four windows)")
)
print(
  wrapped(
    "in 3×3/2 on 28×28, \(shared) of 784 positions (\(percent(Double(shared) / 784))) lie in two "
      + "or more windows, \(fourfold) in four; \(uncovered) (the last row and column) in none"))
let alex22 = try Pool2DGeometry(
  batch: 1, channels: 96, height: 55, width: 55, kernel: 2, rounding: .floor)
print(
  wrapped(
    "on AlexNet's 55×55: \(sizeExamples[1].1) covers every position; \(alex22) gives the same "
      + "size but ⌊53/2⌋ drops the last row and column"))
print(
  wrapped(
    "a 1-pixel shift changes 3×3/2 features by \(String(format: "%.3f", changes[1][3])), "
      + "2×2/2 by \(String(format: "%.3f", changes[1][1])) (table above)"))
check(winners22.allSatisfy { $0 == 196 }, "2×2/2: every window has its own winner")
check(winners32.allSatisfy { $0 <= perImage32 }, "3×3/2: at most one winner per window")

// ── 8. Global average pooling and flatten ────────────────────────────────────────────
section("8. from feature maps to a vector: flatten or global average pooling")
var volumeGenerator = SeededGenerator(seed: 8)
let volume = Tensor<Float>(shape: [1, 512, 7, 7], uniformIn: 0...1, using: &volumeGenerator)
let flat = flatten(volume)
let gap = globalAvgPool2D(input: volume)
let classes = 1000
print("  VGG's last feature volume \(shapeText(volume.shape)):")
print(
  "    flatten            → \(shapeText(flat.shape))    dense to \(classes) classes: "
    + "\(grouped(flat.shape[1])) · \(classes) + \(classes) = "
    + "\(grouped(flat.shape[1] * classes + classes)) parameters")
print(
  "    global avg pooling → \(shapeText(gap.shape))  dense to \(classes) classes: "
    + "512 · \(classes) + \(classes) = \(grouped(512 * classes + classes)) parameters")
check(flat.shape == [1, 25088] && gap.shape == [1, 512, 1, 1], "flatten 25088, GAP 512")
let small = Tensor<Float>(shape: [1, 2, 2, 2], scalars: (1...8).map(Float.init))
print(
  wrapped(
    "flatten keeps the memory order: x[0, c, h, w] → column (c·2 + h)·2 + w; "
      + "a 1×2×2×2 tensor 1…8 becomes \(flatten(small).scalars.list)"))
check(
  flattenReference(small.converted(to: Double.self)).scalars == (1...8).map(Double.init),
  "flattenReference gives the same order")
check(
  flattenBackward(gradOutput: flatten(small), inputShape: small.shape) == small,
  "flatten's backward pass is the reverse reshape")
let gapGradient = globalAvgPool2DBackward(
  gradOutput: Tensor(shape: [1, 1, 1, 1], scalars: [49]), inputShape: [1, 1, 7, 7])
print(
  "  global average pooling's backward pass: ∂L/∂y = 49 on a 7×7 map gives 49/49 = "
    + "\(number(gapGradient.scalars[0])) to each of its 49 inputs")

// ── 9. Speed ──────────────────────────────────────────────────────────────────────────
section("9. speed: scalar reference against the vectorized kernels")
#if DEBUG
print("  (a debug build: these times mean little; run with `swift run -c release`)")
#endif
var speedGenerator = SeededGenerator(seed: 9)
let speedInput = Tensor<Float>(shape: speedShape, uniformIn: -1...1, using: &speedGenerator)
let megabytes = Double(speedInput.count * 4) / 1e6
print(
  "  input \(shapeText(speedShape)) = \(grouped(speedInput.count)) floats "
    + "(\(String(format: "%.1f", megabytes)) MB), \(Parallel.threadCount) threads")
let speedCases: [(String, Pool2DGeometry)] = [
  (
    "max 2×2/2",
    try Pool2DGeometry(
      batch: speedShape[0], channels: 64, height: 112, width: 112, kernel: 2)
  ),
  (
    "max 3×3/2 pad 1",
    try Pool2DGeometry(
      batch: speedShape[0], channels: 64, height: 112, width: 112, kernel: 3, stride: 2,
      padding: 1,
      rounding: .floor)
  ),
]
for (name, g) in speedCases {
  var referenceResult: (output: Tensor<Float>, argmax: [Int])?
  let referenceTime = seconds {
    referenceResult = maxPool2DReference(input: speedInput, geometry: g)
  }
  // The kernels write into buffers allocated once, as a training loop reuses its buffers.
  let outputCount = g.planes * g.outHeight * g.outWidth
  var maxima = [Float](repeating: 0, count: outputCount)
  var argmax = [Int32](repeating: 0, count: outputCount)
  var averages = [Float](repeating: 0, count: outputCount)
  var inputGradient = [Float](repeating: 0, count: speedInput.count)
  let gradient = [Float](repeating: 1, count: outputCount)
  let fastTime = medianSeconds(runs: fastRuns) {
    speedInput.scalars.withUnsafeBufferPointer { x in
      maxima.withUnsafeMutableBufferPointer { y in
        argmax.withUnsafeMutableBufferPointer { a in
          maxPool2D(input: x, geometry: g, output: y, argmax: a)
        }
      }
    }
  }
  // The same kernel through the wrapper that allocates its output and argmax on every call.
  let allocatingTime = medianSeconds(runs: fastRuns) {
    _ = maxPool2D(input: speedInput, geometry: g)
  }
  let avgTime = medianSeconds(runs: fastRuns) {
    speedInput.scalars.withUnsafeBufferPointer { x in
      averages.withUnsafeMutableBufferPointer { y in avgPool2D(input: x, geometry: g, output: y) }
    }
  }
  var avgReference: Tensor<Float>?
  let avgReferenceTime = seconds { avgReference = avgPool2DReference(input: speedInput, geometry: g) }
  let backwardTime = medianSeconds(runs: fastRuns) {
    gradient.withUnsafeBufferPointer { dy in
      argmax.withUnsafeBufferPointer { a in
        inputGradient.withUnsafeMutableBufferPointer { dx in
          maxPool2DBackward(gradOutput: dy, argmax: a, geometry: g, into: dx)
        }
      }
    }
  }
  let same =
    referenceResult!.output.scalars == maxima
    && referenceResult!.argmax == argmax.map(Int.init)
  print(
    "  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) reference "
      + String(format: "%7.1f ms", referenceTime * 1e3) + "   vectorized "
      + String(format: "%6.2f ms (%.1f GB/s read)", fastTime * 1e3, megabytes / 1e3 / fastTime)
      + String(format: "   ×%.0f", referenceTime / fastTime) + (same ? "" : "  MISMATCH"))
  print(
    "  \(String(repeating: " ", count: 16)) allocating the output and argmax on every call: "
      + String(format: "%.2f ms", allocatingTime * 1e3))
  print(
    "  \(String(repeating: " ", count: 16)) average: reference "
      + String(format: "%.1f ms, vectorized %.2f ms", avgReferenceTime * 1e3, avgTime * 1e3)
      + ";  max backward " + String(format: "%.2f ms", backwardTime * 1e3))
  check(same, "\(name): reference and vectorized max pooling agree")
  check(averages == avgReference!.scalars, "\(name): reference and vectorized average agree")
}

// ── 10. Verification ──────────────────────────────────────────────────────────────────
section("10. verification")
var sweep = SeededGenerator(seed: sweepSeed)
var (maxForwardDiff, maxBackwardDiff, avgForwardDiff, avgBackwardDiff) = (0.0, 0.0, 0.0, 0.0)
var tested = 0
while tested < sweepConfigurations {
  let kernel = (sweep.nextInt(in: 1...4), sweep.nextInt(in: 1...4))
  guard
    let g = try? Pool2DGeometry(
      batch: sweep.nextInt(in: 1...2), channels: sweep.nextInt(in: 1...3),
      height: sweep.nextInt(in: 1...12), width: sweep.nextInt(in: 1...40), kernel: kernel,
      stride: (sweep.nextInt(in: 1...3), sweep.nextInt(in: 1...3)),
      padding: Padding2D(
        height: sweep.nextInt(in: 0...(kernel.0 / 2)),
        width: sweep.nextInt(in: 0...(kernel.1 / 2))),
      rounding: sweep.nextInt(in: 0...1) == 0 ? .floor : .ceil)
  else { continue }
  tested += 1
  let include = sweep.nextInt(in: 0...1) == 0
  let x = Tensor<Float>(shape: g.inputShape, uniformIn: -1...1, using: &sweep)
  let dy = Tensor<Float>(shape: g.outputShape, uniformIn: -1...1, using: &sweep)
  let reference = maxPool2DReference(input: x, geometry: g)
  let fast = maxPool2D(input: x, geometry: g)
  maxForwardDiff = max(maxForwardDiff, Double(maxAbsDifference(reference.output, fast.output)))
  if reference.argmax != fast.argmax.map(Int.init) { maxForwardDiff = .infinity }
  maxBackwardDiff = max(
    maxBackwardDiff,
    Double(maxAbsDifference(
      maxPool2DBackwardReference(gradOutput: dy, argmax: reference.argmax, geometry: g),
      maxPool2DBackward(gradOutput: dy, argmax: fast.argmax, geometry: g))))
  avgForwardDiff = max(
    avgForwardDiff,
    Double(maxAbsDifference(
      avgPool2DReference(input: x, geometry: g, countIncludePad: include),
      avgPool2D(input: x, geometry: g, countIncludePad: include))))
  avgBackwardDiff = max(
    avgBackwardDiff,
    Double(maxAbsDifference(
      avgPool2DBackwardReference(gradOutput: dy, geometry: g, countIncludePad: include),
      avgPool2DBackward(gradOutput: dy, geometry: g, countIncludePad: include))))
}
let threadRuns = [1, 2, 3].map { threads in
  Parallel.withThreadCount(threads) {
    let g = speedCases[1].1
    let m = maxPool2D(input: speedInput, geometry: g)
    return m.output.scalars.map(\.bitPattern)
      + avgPool2D(input: speedInput, geometry: g, countIncludePad: false).scalars.map(\.bitPattern)
      + m.argmax.map { UInt32(bitPattern: $0) }
  }
}
let threadsAgree = threadRuns.dropFirst().allSatisfy { $0 == threadRuns[0] }
check(maxForwardDiff == 0 && maxBackwardDiff == 0, "max pooling is exact")
check(avgForwardDiff == 0 && avgBackwardDiff < 1e-5, "average pooling within tolerance")
check(threadsAgree, "1, 2 and 3 threads give bit-identical results")
print(
  "  \(tested) random configurations (windows 1–4, strides 1–3, padding ≤ window/2, floor/ceil):")
print(
  "    max forward + argmax |diff| = \(number(maxForwardDiff)), "
    + "backward \(number(maxBackwardDiff)); "
    + "average forward \(number(avgForwardDiff)), backward \(scientific(avgBackwardDiff))")
print("    1, 2, 3 threads bit-identical on \(speedCases[1].0): \(threadsAgree)")
exitIfChecksFailed()
let largest = max(maxForwardDiff, maxBackwardDiff, avgForwardDiff, avgBackwardDiff)
print(
  verificationLine(
    [("scalar vs vectorized", largest)],
    note: "over \(tested) configurations; gradient checks ≤ \(scientific(worstGradientError))"))
