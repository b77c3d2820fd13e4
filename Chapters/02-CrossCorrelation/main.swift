// Chapter 2 — cross-correlation: what a "convolution layer" computes, on the worked
// examples of the chapter text (README.md), every number computed here.
//
//   swift run -c release ch02-cross-correlation              (MNIST from CNN_DATA or ./Data)
//   swift run -c release ch02-cross-correlation --data DIR
//
// Exits with status 1 if any of its checks fails.
import CNNCore
import ChapterKit
import ConvolutionMath
import CrossCorrelation
import Datasets
import Foundation

// ── Constants ────────────────────────────────────────────────────────────────────────
let learningRate = 0.03
let learningSteps = 30
let learningSeed: UInt64 = 7
let reluBias = -500.0
// The speed comparison: a 3×3 layer, 64 → 64 channels, padding 1, on 16 images of 32×32.
let speedBatch = 16
let speedChannels = 64
let speedSize = 32
let referenceImagesTimed = 1  // the scalar reference is timed on this many images, then scaled
let fastRuns = 3  // the vectorized conv2d is timed this many times; the median run is reported

// ── Helpers for printing and checking ───────────────────────────────────────────────
/// The channels of a (C, H, W) tensor next to each other, each under a heading.
func channelsText<T: BinaryFloatingPoint & Sendable>(_ t: Tensor<T>, _ name: String) -> String {
  sideBySide((0..<t.shape[0]).map { "\(name)[\($0)]:\n" + matrixText(outerSlice(t, $0)) })
}
func relu(_ t: Tensor<Double>) -> Tensor<Double> {
  Tensor(shape: t.shape, scalars: t.scalars.map { max(0, $0) })
}

// ── MNIST for the edge-detection pictures ──────────────────────────────────────────────
// Section 9 draws a real MNIST digit when the data can be found (--data DIR, CNN_DATA or
// ./Data), else a generated one, and says why.
struct MNISTUnavailable: Error, CustomStringConvertible { let description: String }
func mnistDigit() -> Result<(image: Tensor<Double>, source: String), MNISTUnavailable> {
  do {
    let directory = try MNIST.locateDirectory(
      arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)
    let test = try MNIST.load(.test, from: directory)
    let index = 0
    let image = test.image(index).reshaped([28, 28]).converted(to: Double.self)
    return .success(
      (image, "MNIST test image \(index) (label \(test.label(index))) from \(directory.path)"))
  } catch {
    let indented = "\(error)".split(separator: "\n").joined(separator: "\n    ")
    return .failure(MNISTUnavailable(description: indented))
  }
}

print("Chapter 2 — cross-correlation")

// ── 1. corr2d ────────────────────────────────────────────────────────────────────────
section("1. corr2d: slide the kernel, multiply, sum")
let x = Tensor<Double>(shape: [3, 3], scalars: (0..<9).map(Double.init))
let k = Tensor<Double>(rows: [[0, 1], [2, 3]])
let y = try corr2d(x, k)
print(
  sideBySide([
    "X (3×3):\n" + matrixText(x), "K (2×2):\n" + matrixText(k),
    "Y = corr2d(X, K) (2×2):\n" + matrixText(y),
  ]))
for i in 0..<2 {
  for j in 0..<2 {
    var terms: [String] = []
    for r in 0..<2 {
      for s in 0..<2 { terms.append("\(number(x[i + r, j + s]))·\(number(k[r, s]))") }
    }
    print("  Y[\(i),\(j)] = " + terms.joined(separator: " + ") + " = \(number(y[i, j]))")
  }
}
check(y.rows == [[19, 25], [37, 43]], "corr2d(0…8, [[0,1],[2,3]]) = [[19,25],[37,43]]")

// ── 2. Convolution = cross-correlation with the kernel rotated by 180° ────────────────
section("2. convolution flips the kernel")
// Chapter 1's functions: rotated180 and the "valid" part of convolve2DReference.
let kFlipped = rotated180(k)
let convolved = convolve2DReference(x, k, mode: .valid)
let correlatedWithFlip = try corr2d(x, kFlipped)
print(
  sideBySide([
    "rotated180(K):\n" + matrixText(kFlipped),
    "convolve2DReference(X, K, .valid):\n" + matrixText(convolved),
    "corr2d(X, rotated180(K)):\n" + matrixText(correlatedWithFlip),
  ]))
print(
  "  convolution[0,0] = 0·3 + 1·2 + 3·1 + 4·0 = \(number(convolved[0, 0]))"
    + "   (the kernel is read back to front)")
print("  equal: \(convolved == correlatedWithFlip);  corr2d(X, K) differs: \(convolved != y)")
check(convolved == correlatedWithFlip, "valid convolution == corr2d(X, rotated180(K))")
check(convolved.rows == [[5, 11], [23, 29]], "valid convolution of X and K = [[5,11],[23,29]]")
let laplacianKernel = EdgeDetection.laplacian(Double.self)
let symmetricSame =
  try convolve2DReference(x, laplacianKernel, mode: .valid) == corr2d(x, laplacianKernel)
print("  a symmetric kernel (the Laplacian) gives the same result both ways: \(symmetricSame)")
check(symmetricSame, "a symmetric kernel is unchanged by the flip")

// ── 3. Several input channels: one kernel slice per channel, summed ───────────────────
section("3. multiple input channels are summed")
let x2 = Tensor<Double>(
  shape: [2, 3, 3], scalars: (0..<9).map(Double.init) + (1...9).map(Double.init))
let k2 = Tensor<Double>(shape: [2, 2, 2], scalars: [0, 1, 2, 3, 1, 2, 3, 4])
let perChannel = try (0..<2).map { try corr2d(outerSlice(x2, $0), outerSlice(k2, $0)) }
let y2 = try corr2dMultiIn(x2, k2)
print(sideBySide([channelsText(x2, "X"), channelsText(k2, "K")]))
print(
  sideBySide([
    "corr2d(X[0], K[0]):\n" + matrixText(perChannel[0]),
    "corr2d(X[1], K[1]):\n" + matrixText(perChannel[1]),
    "sum = corr2dMultiIn(X, K):\n" + matrixText(y2),
  ]))
print(
  "  Y[0,0] = (0·0 + 1·1 + 3·2 + 4·3) + (1·1 + 2·2 + 4·3 + 5·4) = 19 + 37 = \(number(y2[0, 0]))")
check(y2.rows == [[56, 72], [104, 120]], "two-channel corr2dMultiIn = [[56,72],[104,120]]")

// ── 4. Several output channels: one full-depth kernel per output channel, plus a bias ─
section("4. multiple output channels and a bias")
let plusOne = Tensor<Double>(shape: k2.shape, scalars: k2.scalars.map { $0 + 1 })
let plusTwo = Tensor<Double>(shape: k2.shape, scalars: k2.scalars.map { $0 + 2 })
let w3 = outerStack([k2, plusOne, plusTwo])  // (K, C, R, S) = 3×2×2×2
let y3 = try corr2dMultiInOut(x2, w3)
print("  W = stack(K, K + 1, K + 2): \(shapeText(w3.shape)) (filters × channels × height × width)")
print("  X \(shapeText(x2.shape))  →  corr2dMultiInOut(X, W)  →  \(shapeText(y3.shape))")
print(channelsText(y3, "Y"))
let b3 = Tensor<Double>(shape: [3], scalars: [-50, 0, 50])
let y3b = try corr2dMultiInOut(x2, w3, bias: b3)
print("  with bias b = (−50, 0, 50), one number added to each whole output channel:")
print(channelsText(y3b, "Y"))
check(
  y3.scalars == [56, 72, 104, 120, 76, 100, 148, 172, 96, 128, 192, 224],
  "stacked K, K+1, K+2 output")
let g3 = try Conv2DGeometry(batch: 1, inChannels: 2, height: 3, width: 3, outChannels: 3, kernel: 2)
let y3Reference = conv2dReference(
  input: x2.reshaped(g3.inputShape), weight: w3, bias: b3, geometry: g3)
print(
  "  same as conv2dReference (batch 1, stride 1, no padding): "
    + "max |diff| = \(Double(maxAbsDifference(y3Reference.reshaped(y3b.shape), y3b)))")
check(y3Reference.reshaped(y3b.shape) == y3b, "corr2dMultiInOut == conv2dReference")

// ── 5. Parameters: (F·F·D₁)·K + K ──────────────────────────────────────────────────────
section("5. parameter count (F·F·D₁)·K + K")
let layers: [(name: String, f: Int, depth: Int, filters: Int)] = [
  ("5×5 filters on depth 3, K = 2", 5, 3, 2),
  ("CS231n demo: 3×3 on depth 3, K = 2", 3, 3, 2),
  ("LeNet C1: 5×5 on depth 1, K = 6", 5, 1, 6),
  ("AlexNet conv1: 11×11 on depth 3, K = 96", 11, 3, 96),
]
for layer in layers {
  let count = try convParameterCount(
    kernel: layer.f, inChannels: layer.depth, outChannels: layer.filters)
  let formula = "(\(layer.f)·\(layer.f)·\(layer.depth))·\(layer.filters) + \(layer.filters)"
  let namePad = String(repeating: " ", count: max(0, 40 - layer.name.count))
  let formulaPad = String(repeating: " ", count: max(0, 22 - formula.count))
  print("  \(layer.name)\(namePad)\(formula)\(formulaPad)= \(grouped(count))")
}
let demo = try Conv2DGeometry(
  batch: 1, inChannels: 3, height: 5, width: 5, outChannels: 2, kernel: 3, stride: 2, padding: 1)
print("  the CS231n demo layer: \(demo); output side (5 − 3 + 2·1)/2 + 1 = \(demo.outHeight)")
let alexConv1 = try Conv2DGeometry(
  batch: 1, inChannels: 3, height: 227, width: 227, outChannels: 96, kernel: 11, stride: 4)
check(try convParameterCount(kernel: 5, inChannels: 3, outChannels: 2) == 152, "5×5×3, K=2: 152")
check(demo.parameterCount == 56, "CS231n demo: 56 parameters")
check(alexConv1.parameterCount == 34_944, "AlexNet conv1: 34,944 parameters")
print(
  "  the input size does not appear: the same \(grouped(alexConv1.parameterCount)) "
    + "parameters serve all 55·55 = 3,025 positions of AlexNet conv1")

// ── 6. 1×1 convolution = a matrix product over the channels ───────────────────────────
section("6. a 1×1 convolution is a matrix product over channels")
var generator = SeededGenerator(seed: 2)
let x6 = Tensor<Double>(
  shape: [3, 3, 3], scalars: (0..<27).map { _ in Double(generator.nextInt(in: 0...9)) })
let w6 = Tensor<Double>(rows: [[1, 0, -1], [1, 1, 1]])
let y6 = try conv1x1AsMatmul(x6, w6)
let y6Direct = try corr2dMultiInOut(x6, w6.reshaped([2, 3, 1, 1]))
print("  W (K×C = 2×3) · X (C×H·W = 3×9) = Y (2×9), viewed as \(shapeText(y6.shape))")
print(sideBySide([channelsText(x6, "X"), "W:\n" + matrixText(w6)]))
print(channelsText(y6, "Y"))
print("  pixel by pixel, Y[0] = X[0] − X[2] and Y[1] = X[0] + X[1] + X[2]")
print(
  "  conv1x1AsMatmul vs corr2dMultiInOut with 1×1 kernels: max |diff| = "
    + "\(Double(maxAbsDifference(y6, y6Direct)))")
check(y6 == y6Direct, "1×1 convolution == matrix product")

// ── 7. Depthwise and grouped convolution ───────────────────────────────────────────────
section("7. depthwise and grouped convolution")
let depthwise = try convParameterCount(
  kernel: 3, inChannels: 32, outChannels: 32, groups: 32, bias: false)
print("  depthwise 3×3 on 32 channels: 3·3·32 = \(depthwise) weights (+ 32 biases)")
check(depthwise == 288, "depthwise 3×3×32: 288 weights")
print("  3×3 layer, 64 → 64 channels, weights (no bias) by number of groups G:")
for groups in [1, 2, 4, 8, 64] {
  let count = try convParameterCount(
    kernel: 3, inChannels: 64, outChannels: 64, groups: groups, bias: false)
  print(
    "    G = \(groups)".padding(toLength: 12, withPad: " ", startingAt: 0)
      + "3·3·(64/\(groups))·64 = \(grouped(count))"
      + (groups == 64 ? "   (depthwise)" : ""))
}
let separable =
  depthwise
  + (try convParameterCount(
    kernel: 1, inChannels: 32, outChannels: 64, bias: false))
let dense = try convParameterCount(kernel: 3, inChannels: 32, outChannels: 64, bias: false)
print(
  "  depthwise separable 32 → 64: 3·3·32 + 1·1·32·64 = \(grouped(separable)) weights, "
    + "dense 3·3·32·64 = \(grouped(dense)) "
    + "(\(String(format: "%.1f", Double(dense) / Double(separable)))× more)")
// Grouped = the groups run separately and concatenated.
let x7 = Tensor<Double>(
  shape: [4, 5, 5], scalars: (0..<100).map { _ in Double(generator.nextInt(in: -3...3)) })
let w7 = Tensor<Double>(
  shape: [6, 2, 3, 3], scalars: (0..<108).map { _ in Double(generator.nextInt(in: -2...2)) })
let y7 = try corr2dGrouped(x7, w7, groups: 2)
let y7Parts = try (0..<2).map { g in
  try corr2dMultiInOut(outerSlice(x7, 2 * g..<2 * g + 2), outerSlice(w7, 3 * g..<3 * g + 3))
}
let y7Joined = outerConcatenation(y7Parts)
print(
  "  grouped, G = 2: X \(shapeText(x7.shape)), W \(shapeText(w7.shape)) → Y \(shapeText(y7.shape));"
    + " group g: channels 2g…2g+1, filters 3g…3g+2")
print(
  "  corr2dGrouped vs concat(corr2dMultiInOut per group): max |diff| = "
    + "\(Double(maxAbsDifference(y7, y7Joined)))")
check(y7 == y7Joined, "grouped convolution == concatenation of per-group convolutions")
let w7d = Tensor<Double>(
  shape: [4, 3, 3], scalars: (0..<36).map { _ in Double(generator.nextInt(in: -2...2)) })
let depthwiseDiff = Double(maxAbsDifference(
  try corr2dDepthwise(x7, w7d), try corr2dGrouped(x7, w7d.reshaped([4, 1, 3, 3]), groups: 4)))
print("  corr2dDepthwise vs corr2dGrouped with G = C = 4: max |diff| = \(depthwiseDiff)")
check(depthwiseDiff == 0, "depthwise == grouped with G = C")

// ── 8. im2col + GEMM ─────────────────────────────────────────────────────────────────
section("8. im2col: a convolution as one matrix product")
var alexGenerator = SeededGenerator(seed: 8)
let alexInput = Tensor<Float>(shape: alexConv1.inputShape, uniformIn: 0...1, using: &alexGenerator)
let alexWeight = Tensor<Float>(
  shape: alexConv1.weightShape, normalMean: 0, standardDeviation: 0.05, using: &alexGenerator)
var xCol = Tensor<Float>(zeros: [1])
let im2colTime = try seconds {
  xCol = try im2colReference(alexInput.reshaped([3, 227, 227]), geometry: alexConv1)
}
let wRow = alexWeight.reshaped([96, 363])
var yRow = Tensor<Float>(zeros: [1])
let gemmTime = seconds { yRow = matmul(wRow, xCol) }
let alexOutput = yRow.reshaped([1, 96, 55, 55])
print("  \(alexConv1)")
print(
  "  X_col = im2col(x): \(xCol.shape[0])×\(xCol.shape[1])   (3·11·11 = 363 rows, "
    + "((227 − 11)/4 + 1)² = 55² = 3,025 columns)")
print("  W_row = w viewed as \(wRow.shape[0])×\(wRow.shape[1])   (96 filters of 363 weights)")
print("  W_row · X_col = \(yRow.shape[0])×\(yRow.shape[1])  → viewed as 96×55×55")
let macs = alexConv1.multiplyAdds
print(
  "  \(grouped(macs)) multiply–adds: im2col \(String(format: "%.3f", im2colTime)) s, "
    + "GEMM \(String(format: "%.3f", gemmTime)) s "
    + "(\(String(format: "%.1f", 2 * Double(macs) / gemmTime / 1e9)) GFLOP/s)")
print(
  "  X_col holds \(grouped(xCol.count)) numbers for an input of \(grouped(alexInput.count)): "
    + String(format: "%.1f", Double(xCol.count) / Double(alexInput.count))
    + " copies per input value on average (at most ⌈11/4⌉² = 9)")
let alexVectorized = conv2d(input: alexInput, weight: alexWeight, bias: nil, geometry: alexConv1)
let alexDiff = Double(maxAbsDifference(alexOutput, alexVectorized))
print("  vs CNNCore.conv2d: max |diff| = \(String(format: "%.2g", alexDiff))")
check(xCol.shape == [363, 3025] && wRow.shape == [96, 363], "AlexNet im2col shapes")
check(alexDiff < 1e-4, "im2col·GEMM == conv2d on AlexNet conv1")
// The same layer as a stride-1 convolution of the input rearranged by space to depth.
let depth = try spaceToDepthReference(input: alexInput, weight: alexWeight, geometry: alexConv1)
let depthOutput = conv2dReference(
  input: depth.input, weight: depth.weight, bias: nil, geometry: depth.geometry)
let depthDiff = Double(maxAbsDifference(alexOutput, depthOutput))
print(
  "  space to depth: z = \(shapeText(Array(depth.input.shape.dropFirst())))"
    + " (each 4×4 block of x → 16 channels), w′ = \(shapeText(depth.weight.shape))"
    + " (zeros past 11×11)")
print(
  "  conv \(depth.geometry.kernelHeight)×\(depth.geometry.kernelWidth)/1 of z: "
    + "\(depth.geometry.inChannels * 9) taps per output instead of 363; "
    + "vs im2col·GEMM: max |diff| = \(String(format: "%.2g", depthDiff))")
check(
  depth.geometry.outputShape == alexConv1.outputShape && depthDiff < 1e-4,
  "space to depth + stride 1 == AlexNet conv1 at stride 4")
// A small case against the direct loop: the CS231n demo geometry (stride 2, padding 1).
let demoInput = Tensor<Double>(
  shape: demo.inputShape, scalars: (0..<75).map { _ in Double(generator.nextInt(in: 0...2)) })
let demoWeight = Tensor<Double>(
  shape: demo.weightShape, scalars: (0..<54).map { _ in Double(generator.nextInt(in: -1...1)) })
let demoBias = Tensor<Double>(shape: [2], scalars: [1, 0])
let demoByIm2col = try conv2dIm2ColReference(
  input: demoInput, weight: demoWeight, bias: demoBias, geometry: demo)
let demoDirect = conv2dReference(
  input: demoInput, weight: demoWeight, bias: demoBias, geometry: demo)
let demoColumns = try im2colReference(outerSlice(demoInput, 0), geometry: demo)
print(
  "  CS231n demo (\(demo)): X_col \(shapeText(demoColumns.shape)), W_row 2×27; "
    + "im2col·GEMM vs direct loop: max |diff| = "
    + "\(Double(maxAbsDifference(demoByIm2col, demoDirect)))")
print(channelsText(demoByIm2col.reshaped([2, 3, 3]), "Y"))
check(demoByIm2col == demoDirect, "im2col·GEMM == direct loop on the CS231n demo")

// ── 9. Edge detection ────────────────────────────────────────────────────────────────
section("9. edge detection")
let stripes = EdgeDetection.stripeImage(Double.self)
let difference = EdgeDetection.differenceKernel(Double.self)
let edges = try corr2d(stripes, difference)
print(
  sideBySide([
    "X (6×8), middle four columns 0:\n" + matrixText(stripes),
    "corr2d(X, [1, −1]) (6×7):\n" + matrixText(edges),
  ]))
print("  +1 where bright (1) turns dark (0), −1 where dark turns bright, 0 on flat ground")
check(edges.rows.allSatisfy { $0 == [0, 1, 0, 0, 0, -1, 0] }, "stripe edges at columns 1 and 5")
let transposedStripes = Tensor<Double>(
  shape: [8, 6], scalars: (0..<48).map { stripes[$0 % 6, $0 / 6] })
let transposedEdges = try corr2d(transposedStripes, difference)
print(
  "  the same kernel on Xᵀ (horizontal edges) sees nothing: max |Y| = "
    + "\(number(transposedEdges.scalars.map(abs).max()!))")
check(transposedEdges.scalars.allSatisfy { $0 == 0 }, "[1, −1] is blind to horizontal edges")
let halfBright = EdgeDetection.halfBrightImage(Double.self)
let verticalKernel = EdgeDetection.verticalEdgeKernel(Double.self)
let verticalEdges = try corr2d(halfBright, verticalKernel)
print(
  sideBySide([
    "X (6×6):\n" + matrixText(halfBright),
    "K (3×3):\n" + matrixText(verticalKernel),
    "corr2d(X, K) (4×4):\n" + matrixText(verticalEdges),
  ]))
print(
  "  Y[0,1] = (10 + 10 + 10)·1 + (10 + 10 + 10)·0 + (0 + 0 + 0)·(−1) = "
    + "\(number(verticalEdges[0, 1])): a band two pixels wide marks the edge")
print(
  sideBySide([
    "picture of X:\n" + shadeText(halfBright, pixelWidth: 2),
    "picture of Y:\n" + shadeText(verticalEdges, pixelWidth: 2),
  ]))
check(verticalEdges.rows.allSatisfy { $0 == [0, 30, 30, 0] }, "6×6 vertical edge → 30s")

/// The digit for the Sobel/Laplacian pictures: an MNIST test image when the files can be
/// found (--data DIR, else CNN_DATA, else ./Data), else a generated seven.
func edgeDetectionDigit() -> (image: Tensor<Double>, source: String) {
  switch mnistDigit() {
  case .success(let digit): return digit
  case .failure(let reason):
    return (syntheticDigit(4, as: Double.self), "a generated 7; MNIST was not used:\n    \(reason)")
  }
}
let (digit, digitSource) = edgeDetectionDigit()
let sobelX = try corr2d(digit, EdgeDetection.sobelX(Double.self))
let sobelY = try corr2d(digit, EdgeDetection.sobelY(Double.self))
let sobel = EdgeDetection.gradientMagnitude(sobelX, sobelY)
let laplacian = try corr2d(digit, EdgeDetection.laplacian(Double.self))
let laplacianMagnitude = Tensor(shape: laplacian.shape, scalars: laplacian.scalars.map(abs))
/// A 26×26 map drawn in a blank 1-pixel frame, so that each value sits under the centre of
/// its 3×3 window in the 28×28 digit beside it.
func framed(_ map: Tensor<Double>) -> Tensor<Double> {
  var out = Tensor<Double>(zeros: [map.shape[0] + 2, map.shape[1] + 2])
  for i in 0..<map.shape[0] {
    for j in 0..<map.shape[1] { out[i + 1, j + 1] = map[i, j] }
  }
  return out
}
print("  digit: \(digitSource)")
print(
  sideBySide(
    [
      "digit 28×28:\n" + shadeText(digit),
      "Sobel |∇| (26×26, framed):\n" + shadeText(framed(sobel)),
      "|Laplacian| (26×26, framed):\n" + shadeText(framed(laplacianMagnitude)),
    ], separator: "  "))
print(
  "  Sobel (first differences, smoothed) max \(String(format: "%.2f", sobel.scalars.max()!)): "
    + "a thick outline; Laplacian (second differences) max "
    + "\(String(format: "%.2f", laplacianMagnitude.scalars.max()!)): "
    + "thin lines on both sides of a stroke")
check(sobel.scalars.max()! > 0 && laplacianMagnitude.scalars.max()! > 0, "edge maps are not empty")

// ── 10. Learning the kernel back ─────────────────────────────────────────────────────
section("10. learning K from X and Y by gradient descent")
let target = edges  // Y = corr2d(X, [1, −1]) on the stripe image
let fit = try learnKernel(
  input: stripes, target: target, kernelSize: (1, 2), learningRate: learningRate,
  steps: learningSteps, seed: learningSeed)
print(
  "  loss L = Σ (corr2d(X, k) − Y)², gradient ∂L/∂k = corr2d(X, 2·(ŷ − Y)), "
    + "η = \(number(learningRate)), start uniform in [−1, 1] (seed \(learningSeed))")
for step in stride(from: 0, through: learningSteps, by: 5) {
  print(
    "  step \(step)".padding(toLength: 12, withPad: " ", startingAt: 0)
      + "loss \(String(format: "%10.6f", fit.losses[step]))")
}
print(
  "  learned k = [\(fit.kernel.scalars.map { String(format: "%.4f", $0) }.joined(separator: ", "))]"
    + "   (the kernel that made Y: [1, −1])")
check(abs(fit.kernel[0, 0] - 1) < 0.01 && abs(fit.kernel[0, 1] + 1) < 0.01, "learned k ≈ [1, −1]")

// ── 11. A 5×5 example by hand, and what a bias of −500 with ReLU does to it ─────────────
section("11. a 5×5 input with the kernel 1…9")
let x11 = Tensor<Double>(rows: [
  [3, 4, 6, 5, 7], [2, 4, 6, 8, 2], [1, 6, 7, 8, 4], [9, 7, 4, 6, 2], [3, 7, 5, 4, 1],
])
let k11 = Tensor<Double>(shape: [3, 3], scalars: (1...9).map(Double.init))
let y11 = try corr2d(x11, k11)
print(
  sideBySide([
    "X (5×5):\n" + matrixText(x11), "K (3×3):\n" + matrixText(k11),
    "corr2d(X, K) (3×3):\n" + matrixText(y11),
  ]))
print("  Y[0,0] = (3·1 + 4·2 + 6·3) + (2·4 + 4·5 + 6·6) + (1·7 + 6·8 + 7·9)")
print("         = 29 + 64 + 118 = \(number(y11[0, 0]))")
check(y11.rows == [[211, 295, 262], [259, 282, 214], [251, 253, 169]], "5×5 with 1…9 kernel")
let activated = relu(Tensor(shape: y11.shape, scalars: y11.scalars.map { $0 + reluBias }))
print("  with bias \(number(reluBias)) and ReLU: max(0, Y − 500) =")
print(matrixText(activated))
print(
  "  every entry is below 500 (the largest is \(number(y11.scalars.max()!))), so the unit is"
    + " silent here; exercise 2.12 asks the same for an input where it is not")
check(activated.scalars.allSatisfy { $0 == 0 }, "bias −500 + ReLU silences the 5×5 example")

// ── 12. Speed: the vectorized core against the scalar reference ─────────────────────────
section("12. speed: the vectorized conv2d vs conv2dReference, Float")
#if DEBUG
  print("  (a debug build: these times mean little; run with `swift run -c release`)")
#endif
let speed = try Conv2DGeometry(
  batch: speedBatch, inChannels: speedChannels, height: speedSize, width: speedSize,
  outChannels: speedChannels, kernel: 3, padding: 1)
let speedFew = try Conv2DGeometry(
  batch: referenceImagesTimed, inChannels: speedChannels, height: speedSize, width: speedSize,
  outChannels: speedChannels, kernel: 3, padding: 1)
var speedGenerator = SeededGenerator(seed: 12)
let speedInput = Tensor<Float>(shape: speed.inputShape, uniformIn: -1...1, using: &speedGenerator)
let speedWeight = Tensor<Float>(
  shape: speed.weightShape, normalMean: 0, standardDeviation: 0.05, using: &speedGenerator)
let speedBias = Tensor<Float>(shape: [speedChannels], uniformIn: -0.1...0.1, using: &speedGenerator)
var fast = Tensor<Float>(zeros: [1])
let fastTime = medianSeconds(runs: fastRuns) {
  fast = conv2d(input: speedInput, weight: speedWeight, bias: speedBias, geometry: speed)
}
let fewInput = Tensor<Float>(
  shape: speedFew.inputShape,
  scalars: Array(speedInput.scalars[0..<speedFew.inputShape.reduce(1, *)]))
var slow = Tensor<Float>(zeros: [1])
let slowFewTime = seconds {
  slow = conv2dReference(input: fewInput, weight: speedWeight, bias: speedBias, geometry: speedFew)
}
let slowTime = slowFewTime * Double(speedBatch) / Double(referenceImagesTimed)
let fastFew = Tensor<Float>(
  shape: slow.shape, scalars: Array(fast.scalars[0..<slow.count]))
print("  \(speed), batch \(speedBatch): \(grouped(speed.multiplyAdds)) multiply–adds")
// 3×3 at stride 1 with 64 input channels: conv2d takes Winograd's minimal filtering here
// (Conv2DWinograd.swift), which needs fewer multiplications than the direct sum; the GFLOP/s
// below count the direct sum's 2·multiply–adds, so they are "effective" rates.
print("  (for this 3×3 layer conv2d uses Winograd's F(m×m, 3×3), fewer multiplications than")
print("   the sum above; GFLOP/s count 2 flops per multiply–add of the sum: an effective rate)")
print(
  "  conv2d (vectorized):     \(String(format: "%7.3f", fastTime)) s for \(speedBatch) images "
    + "(\(String(format: "%.1f", 2 * Double(speed.multiplyAdds) / fastTime / 1e9)) effective "
    + "GFLOP/s, "
    + "\(Parallel.threadCount) threads, median of \(fastRuns) runs)")
print(
  "  conv2dReference (scalar): \(String(format: "%7.3f", slowTime)) s for \(speedBatch) images "
    + "(timed on \(referenceImagesTimed) of the \(speedBatch) images: "
    + "\(String(format: "%.3f", slowFewTime)) s, scaled by \(speedBatch)/\(referenceImagesTimed))")
print(
  "  vectorized conv2d is \(String(format: "%.1f", slowTime / fastTime))× faster"
    + "   (same results: max |diff| on the timed images = "
    + "\(String(format: "%.2g", Double(maxAbsDifference(slow, fastFew)))))")
check(maxAbsDifference(slow, fastFew) < 1e-4, "conv2d == conv2dReference on the timed images")

// ── Verification ─────────────────────────────────────────────────────────────────────
section("verification")
let verify = try Conv2DGeometry(
  batch: 2, inChannels: 6, height: 11, width: 13, outChannels: 9, kernel: (3, 2),
  stride: (2, 1), padding: Padding2D(top: 1, bottom: 1, left: 0, right: 1), groups: 3)
var verifyGenerator = SeededGenerator(seed: 2024)
let verifyInput = Tensor<Float>(
  shape: verify.inputShape, uniformIn: -1...1, using: &verifyGenerator)
let verifyWeight = Tensor<Float>(
  shape: verify.weightShape, uniformIn: -1...1, using: &verifyGenerator)
let verifyBias = Tensor<Float>(shape: [9], uniformIn: -1...1, using: &verifyGenerator)
let verifyDiff = Double(maxAbsDifference(
  conv2dReference(input: verifyInput, weight: verifyWeight, bias: verifyBias, geometry: verify),
  conv2d(input: verifyInput, weight: verifyWeight, bias: verifyBias, geometry: verify)))
check(verifyDiff < 1e-5, "scalar vs vectorized on \(verify)")
print("\(verify), batch 2")
exitIfChecksFailed()
print(verificationLine([("scalar conv2dReference vs vectorized conv2d", verifyDiff)]))
