// Chapter 3 — padding and stride: the output-size formula, "same" padding, the four
// padding modes and their gradient, stride, dilation and receptive fields, on the worked
// examples of the chapter text (README.md). Every number printed here is computed.
//
//   swift run -c release ch03-padding-stride
//
// Exits with status 1 if any of its checks fails.
import CNNCore
import ChapterKit
import Foundation
import PaddingStride

// ── Constants ────────────────────────────────────────────────────────────────────────
let example: [[Double]] = [  // the 5×5 input of the worked example
  [3, 4, 6, 5, 7],
  [2, 4, 6, 8, 2],
  [1, 6, 7, 8, 4],
  [9, 7, 4, 6, 2],
  [3, 7, 5, 4, 1],
]
let exampleKernel: [[Double]] = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
let demoSeed: UInt64 = 231  // the CS231n demo's integer input (0…2) and weights (−1…1)
let demoBias: [Double] = [1, 0]
let verificationSeed: UInt64 = 3
let verificationConfigs = 300
let speedShape = [8, 64, 56, 56]  // a batch of feature maps, padded by 1 in reflect mode

// ── Helpers for printing and checking ───────────────────────────────────────────────
/// The chapter's matrices are small integers: one space between columns keeps them compact.
func matrixText<T: BinaryFloatingPoint & Sendable>(_ t: Tensor<T>) -> String {
  ChapterKit.matrixText(t, separator: " ")
}
func matrixText(_ rows: [[Double]]) -> String { ChapterKit.matrixText(rows, separator: " ") }
func image(_ rows: [[Double]]) -> Tensor<Double> {
  Tensor(shape: [1, 1, rows.count, rows[0].count], scalars: rows.flatMap { $0 })
}
/// The thrown error's message, or "(no error)".
func errorText(_ body: () throws -> Any) -> String {
  do {
    _ = try body()
    return "(no error)"
  } catch { return "\(error)" }
}
/// The text `body` returns, or the message of the error it throws.
func resultText(_ body: () throws -> String) -> String {
  do { return try body() } catch { return "\(error)" }
}
/// −1 → "(−1)", 2 → "2": a factor in a printed product.
func factor(_ v: Double) -> String { v < 0 ? "(−\(number(-v)))" : number(v) }

print("Chapter 3 — padding and stride")

// ── 1. The output size ────────────────────────────────────────────────────────────────
section("1. output size: (W − F + 2P)/S + 1")
let sizeExamples: [(w: Int, f: Int, s: Int, p: Int)] = [
  (5, 3, 1, 0), (5, 3, 1, 1), (5, 3, 2, 0), (5, 3, 2, 1), (32, 5, 1, 0), (227, 11, 4, 0),
]
for e in sizeExamples {
  let perSide = try outputSize(input: e.w, kernel: e.f, stride: e.s, padding: e.p)
  let total = try outputSizeTotalPadding(
    input: e.w, kernel: e.f, stride: e.s, totalPadding: 2 * e.p)
  print(
    "  W \(e.w), F \(e.f), S \(e.s), P \(e.p):  "
      + "(\(e.w) − \(e.f) + 2·\(e.p))/\(e.s) + 1 = \(perSide)"
      + "    d2l: ⌊(\(e.w) − \(e.f) + \(2 * e.p) + \(e.s))/\(e.s)⌋ = \(total)")
  check(perSide == total, "both conventions agree on W \(e.w) F \(e.f) S \(e.s) P \(e.p)")
}
var agreements = 0
var comparisons = 0
for n in 1...16 {
  for p in 0...6 {
    for k in 1...(n + p) {
      for s in 1...5 {
        let d2l = try outputSizeTotalPadding(input: n, kernel: k, stride: s, totalPadding: p)
        let cs231n = try outputSize(
          input: n, kernel: k, stride: s, padding: (p / 2, p - p / 2), rounding: .floor)
        comparisons += 1
        if d2l == cs231n { agreements += 1 }
      }
    }
  }
}
print(
  "  per-side P (CS231n, floor) and total p (d2l) agree on \(agreements) of \(comparisons) "
    + "cases (n ≤ 16, p ≤ 6, k ≤ n + p, s ≤ 5)")
check(agreements == comparisons, "the two output-size conventions agree everywhere")

// ── 2. The worked example: padding 1 keeps 5×5 ────────────────────────────────────────
section("2. the 5×5 example with padding 1")
let x = image(example)
let k = image(exampleKernel)
let samePad = try Conv2DGeometry(
  batch: 1, inChannels: 1, height: 5, width: 5, outChannels: 1,
  kernel: 3, padding: 1)
let padded = try pad2dReference(x, padding: Padding2D(1))
let ySame = try paddedConv2dReference(input: x, weight: k, bias: nil, geometry: samePad)
print("  \(samePad)")
print(
  sideBySide([
    "X padded by 1 (7×7):\n" + matrixText(plane(padded)),
    "K (3×3):\n" + matrixText(exampleKernel),
    "Y (5×5):\n" + matrixText(plane(ySame)),
    "\n" + shadeText(plane(ySame), pixelWidth: 2, indent: "  "),
  ]))
print(
  "  Y[0,0]: window [[0,0,0],[0,3,4],[0,2,4]] → 5·3 + 6·4 + 8·2 + 9·4 = 15 + 24 + 16 + 36 "
    + "= \(number(ySame[0, 0, 0, 0]))")
print(
  "  Y[4,4]: window [[6,2,0],[4,1,0],[0,0,0]] → 1·6 + 2·2 + 4·4 + 5·1 = 6 + 4 + 16 + 5 "
    + "= \(number(ySame[0, 0, 4, 4]))")
check(
  plane(ySame).rows == [
    [91, 168, 224, 215, 127], [114, 211, 295, 262, 149],
    [192, 259, 282, 214, 122], [194, 251, 253, 169, 86],
    [96, 112, 110, 68, 31],
  ], "the padded 5×5 output")
let fast = conv2d(
  input: x.converted(to: Float.self), weight: k.converted(to: Float.self),
  bias: nil, geometry: samePad)
check(fast.scalars.map(Double.init) == ySame.scalars, "CNNCore.conv2d gives the same 5×5")

// ── 3. Stride 2 without padding ───────────────────────────────────────────────────────
section("3. stride 2 without padding")
let stride2 = try Conv2DGeometry(
  batch: 1, inChannels: 1, height: 5, width: 5, outChannels: 1,
  kernel: 3, stride: 2)
let valid = try Conv2DGeometry(
  batch: 1, inChannels: 1, height: 5, width: 5, outChannels: 1,
  kernel: 3)
let yStride = try paddedConv2dReference(input: x, weight: k, bias: nil, geometry: stride2)
let yValid = try paddedConv2dReference(input: x, weight: k, bias: nil, geometry: valid)
print("  \(stride2):  (5 − 3 + 2·0)/2 + 1 = 2")
print(
  sideBySide([
    "stride 1, no padding (3×3):\n" + matrixText(plane(yValid)),
    "stride 2 (2×2):\n" + matrixText(plane(yStride)),
  ]))
print(
  "  Y[0,0] = 3·1 + 4·2 + 6·3 + 2·4 + 4·5 + 6·6 + 1·7 + 6·8 + 7·9 = \(number(yStride[0, 0, 0, 0]))")
print("  stride 2 keeps every second output of stride 1: rows and columns 0 and 2 of the 3×3")
check(plane(yStride).rows == [[211, 262], [251, 169]], "the stride-2 output")
check(
  plane(yStride).rows == [
    [yValid[0, 0, 0, 0], yValid[0, 0, 0, 2]],
    [yValid[0, 0, 2, 0], yValid[0, 0, 2, 2]],
  ], "stride 2 subsamples stride 1")

// ── 4. When the windows do not tile: strict rule versus PyTorch's floor ──────────────
section("4. (W − F + 2P) must be divisible by S — or PyTorch drops the rest")
print("  strict, 5×5 with F 3, S 3:")
print("    " + errorText { try outputSize(input: 5, kernel: 3, stride: 3) })
let floor3 = try outputSize(input: 5, kernel: 3, stride: 3, rounding: .floor)
print("  floor: ⌊(5 − 3)/3⌋ + 1 = \(floor3): one window at rows 0…2; rows 3, 4 are never read")
check(floor3 == 1, "⌊2/3⌋ + 1 = 1")
let alex227 = try outputSize(input: 227, kernel: 11, stride: 4)
print("  AlexNet conv1, 11×11 stride 4, P 0:")
print("    227: (227 − 11)/4 + 1 = 216/4 + 1 = \(alex227)")
let alexError = errorText { try outputSize(input: 224, kernel: 11, stride: 4) }
print("    224 (the paper's size), strict: " + alexError)
let alex224 = try outputSize(input: 224, kernel: 11, stride: 4, rounding: .floor)
let lastStart = (alex224 - 1) * 4
print(
  "    224 with floor: ⌊213/4⌋ + 1 = \(alex224); the last window covers \(lastStart)…"
    + "\(lastStart + 10), so row 223 (and column 223) is never read: 224 − 223 = 1")
let torchvision = try outputSize(input: 224, kernel: 11, stride: 4, padding: 2, rounding: .floor)
print("    224 with P 2 (torchvision): ⌊(224 − 11 + 4)/4⌋ + 1 = ⌊217/4⌋ + 1 = \(torchvision)")
check(alex227 == 55 && alex224 == 54 && torchvision == 55, "AlexNet 55 / 54 / 55")
check(alexError.contains("213 is not divisible by stride 4"), "the strict error explains 213/4")

// ── 5. "Same" padding ─────────────────────────────────────────────────────────────────
section("5. same padding: P = (F − 1)/2 at stride 1")
for f in [1, 3, 5, 7] {
  let p = try paddingToKeepSize(input: 32, kernel: f)
  let out = try outputSize(input: 32, kernel: f, padding: p)
  print("  F \(f) S 1 P \(p): (32 − \(f) + 2·\(p))/1 + 1 = \(out)")
  check(out == 32, "F \(f) P \(p) keeps 32")
}
let even = try samePadding(kernel: 4)
let evenOut = try outputSize(input: 32, kernel: 4, padding: (even.before, even.after))
print(
  "  F 4: total 3 cannot be split evenly → \(even.before) before, \(even.after) after "
    + "(TensorFlow, PyTorch 'same'): 32 − 4 + 1 + 2 + 1 = \(evenOut)")
print("    " + errorText { try paddingToKeepSize(input: 32, kernel: 4) })
check(even == (1, 2) && evenOut == 32, "F 4 pads (1, 2)")
print("  keep N at stride S: P = (N(S − 1) + F − S)/2")
for (n, f, s) in [(5, 3, 2), (32, 3, 2), (32, 3, 3)] {
  let text = resultText {
    let p = try paddingToKeepSize(input: n, kernel: f, stride: s)
    return "P = (\(n)·\(s - 1) + \(f) − \(s))/2 = \(p) → "
      + "\(try outputSize(input: n, kernel: f, stride: s, padding: p))"
  }
  print("    N \(n), F \(f), S \(s): \(text)")
}
print("  frameworks' 'same' at stride S keeps ⌈N/S⌉ instead, padding as little as needed:")
for (n, f, s) in [(224, 7, 2), (5, 3, 2), (6, 3, 2), (227, 11, 4)] {
  let p = try samePadding(input: n, kernel: f, stride: s)
  let out = try outputSize(
    input: n, kernel: f, stride: s, padding: (p.before, p.after),
    rounding: .floor)
  print("    N \(n), F \(f), S \(s): ⌈\(n)/\(s)⌉ = \(out), padding (\(p.before), \(p.after))")
  check(out == (n + s - 1) / s, "same at stride \(s) gives ⌈N/S⌉")
}

// ── 6. Padding modes ──────────────────────────────────────────────────────────────────
section("6. padding modes (PyTorch F.pad)")
let row = Tensor<Double>(rows: [[1, 2, 3, 4]])
let twoEachSide = Padding2D(top: 0, bottom: 0, left: 2, right: 2)
let modes: [PaddingMode] = [.zero, .constant(9), .reflect, .replicate, .circular]
for mode in modes {
  let y = try pad2dReference(row, padding: twoEachSide, mode: mode).scalars.map(number)
  let name = "\(mode):".padding(toLength: 15, withPad: " ", startingAt: 0)
  print(
    "  \(name) \(y[0..<2].joined(separator: " ")) | \(y[2..<6].joined(separator: " ")) | "
      + y[6...].joined(separator: " "))
}
let block = Tensor<Double>(shape: [1, 1, 4, 5], scalars: (0..<20).map(Double.init))
var modeBlocks: [String] = []
for mode in [PaddingMode.zero, .reflect, .replicate, .circular] {
  let y = try pad2dReference(block, padding: Padding2D(2), mode: mode)
  modeBlocks.append(
    sideBySide([
      "\(mode) (8×9):\n" + matrixText(plane(y)),
      "\n" + shadeText(plane(y), pixelWidth: 2, indent: "  "),
    ]))
}
print("  the 4×5 input 0…19 padded by 2 on every side:")
for text in modeBlocks { print(text) }
check(
  try pad2dReference(row, padding: twoEachSide, mode: .reflect).scalars == [
    3, 2, 1, 2, 3, 4, 3, 2,
  ],
  "reflect 1 2 3 4 by 2")
print("  limits (as PyTorch):")
print("    " + errorText { try pad2dReference(block, padding: Padding2D(4), mode: .reflect) })
print(
  "    "
    + errorText {
      try pad2dReference(block, padding: Padding2D(height: 5, width: 0), mode: .circular)
    })
print(
  "    "
    + errorText {
      try pad2dReference(block, padding: Padding2D(top: 0, bottom: 0, left: -1, right: 0))
    })
let maxReflect = try pad2dReference(block, padding: Padding2D(height: 3, width: 4), mode: .reflect)
print(
  "    reflect by (3 rows, 4 columns), the largest allowed: 4×5 → "
    + "\(maxReflect.shape[2])×\(maxReflect.shape[3])")

// ── 7. The gradient of padding ───────────────────────────────────────────────────────
section("7. pad backward: every copy sends its gradient home")
var countBlocks: [String] = []
for mode in [PaddingMode.zero, .reflect, .replicate, .circular] {
  let ones = Tensor<Double>(shape: [1, 1, 8, 9], repeating: 1)
  let counts = try pad2dBackwardReference(ones, padding: Padding2D(2), mode: mode)
  countBlocks.append("\(mode):\n" + matrixText(plane(counts)))
  let total = counts.scalars.reduce(0, +)
  check(total == (mode == .zero ? 20 : 72), "\(mode): the copies add up (\(number(total)))")
}
print("  copies of each pixel of the 4×5 input in its 8×9 padded version (dy = 1):")
print(sideBySide(countBlocks))
print("  zero padding copies each pixel once (20 of 72 outputs); the other modes fill all 72")
let g1 = Tensor<Double>(rows: [[10, 20, 1, 2, 3, 4, 30, 40]])
let dRow = try pad2dBackwardReference(g1, padding: twoEachSide, mode: .reflect)
print("  reflect row: y = x₃ x₂ | x₁ x₂ x₃ x₄ | x₃ x₂, dy = 10 20 | 1 2 3 4 | 30 40")
print(
  "    dx = (1, 2 + 20 + 40, 3 + 10 + 30, 4) = ("
    + dRow.scalars.map(number).joined(separator: ", ") + ")"
)
check(dRow.scalars == [1, 62, 43, 4], "reflect row gradient")

// ── 8. The CS231n demo, traced ───────────────────────────────────────────────────────
section("8. CS231n demo: 5×5×3 input, K = 2 filters 3×3, S = 2, P = 1")
let demo = try Conv2DGeometry(
  batch: 1, inChannels: 3, height: 5, width: 5, outChannels: 2,
  kernel: 3, stride: 2, padding: 1)
var demoGenerator = SeededGenerator(seed: demoSeed)
let demoX = Tensor<Double>(
  shape: demo.inputShape,
  scalars: (0..<75).map { _ in Double(demoGenerator.nextInt(in: 0...2)) })
let demoW = Tensor<Double>(
  shape: demo.weightShape,
  scalars: (0..<54).map { _ in Double(demoGenerator.nextInt(in: -1...1)) })
let demoB = Tensor<Double>(shape: [2], scalars: demoBias)
print("  \(demo):  (5 − 3 + 2·1)/2 + 1 = 3;  \(demo.parameterCount) parameters = 3·3·3·2 + 2")
let demoPadded = try pad2dReference(demoX, padding: demo.padding)
print(
  sideBySide(
    (0..<3).map { c in
      "x̃[:,:,\(c)] (padded 7×7):\n" + matrixText(plane(demoPadded, 0, c))
    }))
for f in 0..<2 {
  print(
    sideBySide(
      (0..<3).map { c in
        let rows = (0..<3).map { r in (0..<3).map { s in demoW[f, c, r, s] } }
        return "w\(f)[:,:,\(c)]:\n" + matrixText(rows)
      } + ["b\(f):\n  \(number(demoBias[f]))"]))
}
let steps = try convolutionSteps(input: demoX, weight: demoW, bias: demoB, geometry: demo)
let demoY = try paddedConv2dReference(input: demoX, weight: demoW, bias: demoB, geometry: demo)
for step in steps {
  let sums = step.channelSums.map { "(\(number($0)))" }.joined(separator: " + ")
  print(
    "  o[:,:,\(step.filter)][\(step.row),\(step.column)] = Σ x̃[rows \(step.rows.first!)…"
      + "\(step.rows.last!), cols \(step.columns.first!)…\(step.columns.last!)] ⊙ w\(step.filter)"
      + " + b\(step.filter) = \(sums) + \(number(step.bias)) = \(number(step.value))")
}
let first = steps[0]
var products: [String] = []
for (c, channel) in first.channels.enumerated() {
  for (r, pr) in first.rows.enumerated() {
    for (s, pc) in first.columns.enumerated() where demoPadded[0, channel, pr, pc] != 0 {
      products.append("\(number(demoPadded[0, channel, pr, pc]))·\(factor(demoW[0, c, r, s]))")
    }
  }
}
print(
  "  o[:,:,0][0,0] in full (products with padding zeros left out): "
    + products.joined(separator: " + ")
    + " + 1 = \(number(first.value))")
print(sideBySide((0..<2).map { "o[:,:,\($0)] (3×3):\n" + matrixText(plane(demoY, 0, $0)) }))
check(steps.map(\.value) == demoY.scalars, "the traced steps equal the reference output")
let demoFast = conv2d(
  input: demoX.converted(to: Float.self), weight: demoW.converted(to: Float.self),
  bias: demoB.converted(to: Float.self), geometry: demo)
check(demoFast.scalars.map(Double.init) == demoY.scalars, "CNNCore.conv2d agrees on the demo")

// ── 9. Dilation ───────────────────────────────────────────────────────────────────────
section("9. dilation: gaps between the taps")
let dilated = try dilatedKernel(Tensor<Double>(rows: exampleKernel), dilation: 2)
print(sideBySide(["K dilated by 2 (5×5):\n" + matrixText(dilated.rows)]))
for d in 1...3 {
  let layer = WindowLayer(kernel: 3, dilation: d)
  let out = try layer.outputSize(input: 9)
  print(
    "  3×3 dilation \(d): spans \(d)·(3 − 1) + 1 = \(layer.effectiveKernel); on 9: "
      + "(9 − \(layer.effectiveKernel))/1 + 1 = \(out); same padding P = "
      + "\(try paddingToKeepSize(input: 9, kernel: layer.effectiveKernel))")
}
let dil = try Conv2DGeometry(
  batch: 1, inChannels: 1, height: 5, width: 5, outChannels: 1,
  kernel: 3, padding: 2, dilation: 2)
let spread = try Conv2DGeometry(
  batch: 1, inChannels: 1, height: 5, width: 5, outChannels: 1,
  kernel: 5, padding: 2)
let yDil = try paddedConv2dReference(input: x, weight: k, bias: nil, geometry: dil)
let ySpread = try paddedConv2dReference(
  input: x, weight: dilated.reshaped([1, 1, 5, 5]),
  bias: nil, geometry: spread)
print("  \(dil):")
print(matrixText(plane(yDil)))
check(yDil == ySpread, "dilation 2 = the 5×5 kernel with zeros inserted")
print("  equal to the 5×5 kernel with zeros inserted: \(yDil == ySpread)")

// ── 10. Receptive fields and stacked 3×3 kernels ─────────────────────────────────────
section("10. receptive fields: r_out = r_in + (F − 1)·(product of earlier strides)")
let conv3 = WindowLayer(kernel: 3, padding: 1)
for depth in 1...3 {
  let r = receptiveFields(of: Array(repeating: conv3, count: depth)).last!.size
  print("  \(depth) × conv 3×3/1: receptive field \(r)×\(r)")
}
let strided = [1, 2, 1, 2, 1].map { WindowLayer(kernel: 3, stride: $0) }
let fields = receptiveFields(of: strided)
print(
  "  conv 3/1, 3/2, 3/1, 3/2, 3/1:  r = \(fields.map { String($0.size) }.joined(separator: ", "))"
    + "   (jumps \(fields.map { String($0.jump) }.joined(separator: ", ")))")
check(fields.map(\.size) == [3, 5, 9, 13, 21], "strided stack receptive fields")
let alexStack = [
  WindowLayer(kernel: 11, stride: 4), WindowLayer("pool", kernel: 3, stride: 2),
  WindowLayer(kernel: 5, padding: 2), WindowLayer("pool", kernel: 3, stride: 2),
  WindowLayer(kernel: 3, padding: 1), WindowLayer(kernel: 3, padding: 1),
  WindowLayer(kernel: 3, padding: 1), WindowLayer("pool", kernel: 3, stride: 2),
]
let alexSizes = try outputSizes(of: alexStack, input: 227)
let alexFields = receptiveFields(of: alexStack)
print("  AlexNet's windows on 227:")
for (i, layer) in alexStack.enumerated() {
  let name = layer.description.padding(toLength: 14, withPad: " ", startingAt: 0)
  let size = "\(alexSizes[i])×\(alexSizes[i])".padding(toLength: 7, withPad: " ", startingAt: 0)
  print("    \(name) → \(size)  receptive field \(alexFields[i].size)")
}
check(alexSizes.last == 6 && alexFields.last!.size == 195, "AlexNet: 6×6, receptive field 195")
let c = 64
for depth in [2, 3] {
  let cmp = try KernelStackComparison(layers: depth, kernel: 3, channels: c)
  print(
    "  \(depth) × 3×3 vs one \(cmp.receptiveField)×\(cmp.receptiveField), C = \(c): "
      + "\(depth)·9·C² = \(grouped(cmp.stackWeights)) vs "
      + "\(cmp.receptiveField * cmp.receptiveField)·C² = \(grouped(cmp.singleWeights)) weights "
      + "(ratio \(String(format: "%.2f", cmp.weightRatio)))")
}

// ── 11. Verification ──────────────────────────────────────────────────────────────────
section("11. verification")
var gen = SeededGenerator(seed: verificationSeed)
var forwardDiff = 0.0
var backwardDiff = 0.0
var convDiff = 0.0
for _ in 0..<verificationConfigs {
  let h = gen.nextInt(in: 1...6)
  let w = gen.nextInt(in: 1...6)
  let mode = [PaddingMode.zero, .constant(0.5), .reflect, .replicate, .circular][
    gen.nextInt(in: 0...4)]
  func amount(_ size: Int) -> Int {
    switch mode {
    case .reflect: gen.nextInt(in: 0...(size - 1))
    case .circular: gen.nextInt(in: 0...size)
    default: gen.nextInt(in: 0...(size + 2))
    }
  }
  let p = Padding2D(top: amount(h), bottom: amount(h), left: amount(w), right: amount(w))
  let xs = Tensor<Float>(shape: [2, 3, h, w], uniformIn: -1...1, using: &gen)
  let ys = try pad2d(xs, padding: p, mode: mode)
  let yr = try pad2dReference(xs.converted(to: Double.self), padding: p, mode: mode)
  forwardDiff = max(forwardDiff, maxAbsDifference(ys.scalars.map(Double.init), yr.scalars))
  let dy = Tensor<Float>(shape: ys.shape, uniformIn: -1...1, using: &gen)
  let dx = try pad2dBackward(dy, padding: p, mode: mode)
  let dxr = try pad2dBackwardReference(dy.converted(to: Double.self), padding: p, mode: mode)
  backwardDiff = max(backwardDiff, maxAbsDifference(dx.scalars.map(Double.init), dxr.scalars))
  let s = gen.nextInt(in: 1...2)
  if let g = try? Conv2DGeometry(
    batch: 1, inChannels: 3, height: h + 4, width: w + 4,
    outChannels: 2, kernel: (3, 3), stride: (s, s), padding: p,
    rounding: .floor)
  {
    let xc = Tensor<Float>(shape: g.inputShape, uniformIn: -1...1, using: &gen)
    let wc = Tensor<Float>(shape: g.weightShape, uniformIn: -1...1, using: &gen)
    let yc = conv2d(input: xc, weight: wc, bias: nil, geometry: g)
    let yrc = try paddedConv2dReference(
      input: xc.converted(to: Double.self),
      weight: wc.converted(to: Double.self), bias: nil, geometry: g)
    convDiff = max(convDiff, maxAbsDifference(yc.scalars.map(Double.init), yrc.scalars))
  }
}
// Speed (no assertion): the vectorized copy versus the element-by-element reference.
var speedGenerator = SeededGenerator(seed: 5)
let big = Tensor<Float>(shape: speedShape, uniformIn: -1...1, using: &speedGenerator)
var bigFast = big
var bigSlow = big
var bigGrad = big
let fastTime = try medianSeconds(runs: 5) {
  bigFast = try pad2d(big, padding: Padding2D(1), mode: .reflect)
}
let slowTime = try seconds {
  bigSlow = try pad2dReference(big, padding: Padding2D(1), mode: .reflect)
}
let backTime = try medianSeconds(runs: 5) {
  bigGrad = try pad2dBackward(bigFast, padding: Padding2D(1), mode: .reflect)
}
let megabytes = Double((big.count + bigFast.count) * 4) / 1e6
print(
  "  speed, reflect pad 1 on \(shapeText(speedShape)) "
    + "(\(Parallel.threadCount) thread\(Parallel.threadCount == 1 ? "" : "s")): "
    + "pad2d \(String(format: "%.2f", fastTime * 1e3)) ms "
    + "(\(String(format: "%.1f", megabytes / 1e3 / fastTime)) GB/s read + written), "
    + "pad2dBackward \(String(format: "%.2f", backTime * 1e3)) ms, "
    + "pad2dReference \(String(format: "%.1f", slowTime * 1e3)) ms")
check(bigFast == bigSlow && bigGrad.shape == big.shape, "the timed pad agrees with the reference")
check(forwardDiff == 0, "pad2d copies exactly")
check(backwardDiff < 1e-5, "pad2dBackward within 1e-5")
check(convDiff < 1e-5, "conv2d within 1e-5")
print("  \(verificationConfigs) random configurations (all modes, pads up to each mode's limit):")
exitIfChecksFailed()
print(
  verificationLine([
    ("pad2d vs pad2dReference", forwardDiff), ("pad2dBackward", backwardDiff),
    ("conv2d vs paddedConv2dReference", convDiff),
  ]))
