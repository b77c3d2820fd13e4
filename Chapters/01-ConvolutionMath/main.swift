// Chapter 1 — convolution math.
//
//   swift run -c release ch01-convolution-math
//
// Every number printed here is computed below; the chapter text (README.md) explains them.
// The script checks its own results and exits with status 1 if any check fails.
import CNNCore
import ChapterKit
import ConvolutionMath
import Foundation

// The examples.
let seedX: [Double] = [1, 2, 3]
let seedK: [Double] = [4, 5, 6]
let longX: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]
let smoothK: [Double] = [1, 2, 1]
let imageA = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
let kernelK = Tensor<Double>(rows: [[0, 1], [2, 3]])
// The timing table: equal lengths N = 2^6 … 2^16; the scalar reference only up to 2^13.
let timingPowers = 6...16
let referencePowerLimit = 13
let kernelSweepSignal = 1 << 16
let kernelSweepLengths = [3, 9, 33, 129, 513, 2049]
let verificationConfigs = 200

print("Chapter 1 — convolution math")
print("═══════════════════════════")

// MARK: 1.1 One-dimensional convolution
section("1.1  1-D convolution: (x * k)[n] = Σ_m x[m]·k[n − m]")
let seedFull = convolve1DReference(seedX, seedK, mode: .full)
print("  x = \(show(seedX)),  k = \(show(seedK))")
print("  flip k, slide it to position n, multiply what overlaps, add:")
for n in 0..<seedFull.count {
  let terms = (0..<seedX.count).filter { n - $0 >= 0 && n - $0 < seedK.count }
  let products = terms.map { "\(show(seedX[$0]))·\(show(seedK[n - $0]))" }
  let label = products.joined(separator: " + ")
  let padded = label.padding(toLength: 22, withPad: " ", startingAt: 0)
  print("    n = \(n):  \(padded) = \(show(seedFull[n]))")
}
check(seedFull == [4, 13, 28, 27, 18], "(1, 2, 3) * (4, 5, 6) = (4, 13, 28, 27, 18)")
print("  modes (numpy.convolve's meaning), lengths M = \(seedX.count), N = \(seedK.count):")
for mode in ConvolutionMode.allCases {
  let y = convolve1DReference(seedX, seedK, mode: mode)
  let range = mode.outputRange(seedX.count, seedK.count)
  print("    \(mode.description.padding(toLength: 5, withPad: " ", startingAt: 0))  "
        + "length \(y.count)  full[\(range.lowerBound)..<\(range.upperBound)]  \(show(y))")
}
check(convolve1DReference(seedX, seedK, mode: .same) == [13, 28, 27], "same = (13, 28, 27)")
check(convolve1DReference(seedX, seedK, mode: .valid) == [28], "valid = (28)")
print("  a longer signal, x = \(show(longX)) (M = 8), k = \(show(smoothK)) (N = 3):")
for mode in ConvolutionMode.allCases {
  let y = convolve1DReference(longX, smoothK, mode: mode)
  let range = mode.outputRange(longX.count, smoothK.count)
  print("    \(mode.description.padding(toLength: 5, withPad: " ", startingAt: 0))  "
        + "length \(pad("\(y.count)", 2))  full[\(range.lowerBound)..<\(range.upperBound)]"
        + "  \(show(y))")
}

// MARK: 1.2 Polynomials
section("1.2  Convolution multiplies polynomials")
let product = polynomialProduct(seedX, seedK)
print("  (\(polynomialText(seedX)))·(\(polynomialText(seedK))) = \(polynomialText(product))")
check(product == seedFull, "polynomial product = convolution")
let at10 = polynomialValue(product, at: 10)
print("  at x = 10: A(10) = \(show(polynomialValue(seedX, at: 10))), "
      + "B(10) = \(show(polynomialValue(seedK, at: 10))), "
      + "C(10) = 4 + 130 + 2800 + 27000 + 180000 = \(show(at10))")
check(at10 == 321 * 654, "C(10) = 321·654 = 209934")
print("  so 321·654 = \(show(at10)): long multiplication is a convolution of the digits")
print("  (read backwards) followed by carrying.")

// MARK: 1.3 Algebra
section("1.3  Commutative and associative")
var rng = SeededGenerator(seed: 1)
@MainActor func randomVector(_ n: Int) -> [Double] {
  (0..<n).map { _ in rng.nextUniform(in: -1...1) }
}
let a = [1.0, -2, 3], b = [2.0, 0, 1, 4], c = [1.0, 1]
let ab = convolve1DReference(a, b, mode: .full), ba = convolve1DReference(b, a, mode: .full)
print("  a = \(show(a)), b = \(show(b)), c = \(show(c))")
print("  a * b = \(show(ab))")
print("  b * a = \(show(ba))")
let abc1 = convolve1DReference(ab, c, mode: .full)
let abc2 = convolve1DReference(a, convolve1DReference(b, c, mode: .full), mode: .full)
print("  (a * b) * c = \(show(abc1))")
print("  a * (b * c) = \(show(abc2))")
check(ab == ba && abc1 == abc2, "integer example: commutative and associative")
var worstCommute = 0.0, worstAssociate = 0.0
for _ in 0..<100 {
  let (p, q, r) = (randomVector(rng.nextInt(in: 1...40)), randomVector(rng.nextInt(in: 1...40)),
                   randomVector(rng.nextInt(in: 1...40)))
  for mode in ConvolutionMode.allCases {
    worstCommute = max(worstCommute, maxAbsDifference(
      convolve1DReference(p, q, mode: mode), convolve1DReference(q, p, mode: mode)))
  }
  worstAssociate = max(worstAssociate, maxAbsDifference(
    convolve1DReference(convolve1DReference(p, q, mode: .full), r, mode: .full),
    convolve1DReference(p, convolve1DReference(q, r, mode: .full), mode: .full)))
}
print("  100 random triples (lengths 1…40, Double):")
print("    max |p*q − q*p| = \(scientific(worstCommute)) (all modes), "
      + "max |(p*q)*r − p*(q*r)| = \(scientific(worstAssociate))")
check(worstCommute < 1e-12 && worstAssociate < 1e-12, "random commutativity/associativity")

// MARK: 1.4 Dice
section("1.4  Dice: the distribution of a sum is a convolution")
let die = IntegerDistribution.uniform(1...6)
let twoDice = die.sum(with: die)
let p4 = twoDice.probability(of: 4)
print("  P(sum = 4) = P(1)P(3) + P(2)P(2) + P(3)P(1) = 3·(1/6)² = 3/36 = \(show(p4))")
check(abs(p4 - 3.0 / 36) < 1e-15, "P(sum of two dice = 4) = 3/36")
print("  the whole distribution, pmf * pmf (11 values from 6 + 6 − 1):")
for s in twoDice.values {
  let p = twoDice.probability(of: s)
  let ways = Int((p * 36).rounded())
  print("    \(String(format: "%2d", s))  \(ways)/36 = \(String(format: "%.4f", p))  "
        + bar(p, maximum: 6.0 / 36, width: 24))
}
check(abs(twoDice.probabilities.reduce(0, +) - 1) < 1e-15, "probabilities add up to 1")
check(abs(twoDice.mean - 7) < 1e-13, "mean of two dice = 7")
let threeDice = twoDice.sum(with: die)
let p10 = threeDice.probability(of: 10)
print("  three dice (pmf * pmf * pmf): P(sum = 10) = \(show(p10 * 216))/216 = "
      + String(format: "%.4f", p10) + "; the shape turns to a bell:")
let threeMax = threeDice.probabilities.max()!
print("    " + threeDice.values.map { s in
  let level = Int((threeDice.probability(of: s) / threeMax * 7).rounded())
  return String(Array("▁▂▃▄▅▆▇█")[level])
}.joined() + "   (sums 3 … 18)")
check(abs(threeDice.probability(of: 10) - 27.0 / 216) < 1e-15, "three dice: P(10) = 27/216")

// MARK: 1.5 Two dimensions
section("1.5  2-D convolution: B(i, j) = Σ_m Σ_n K(m, n)·A(i − m, j − n)")
print("  A (3×3) =\n\(matrixText(imageA))\n  K (2×2) =\n\(matrixText(kernelK))")
let full2D = convolve2DReference(imageA, kernelK, mode: .full)
let terms = (0..<2).flatMap { m in (0..<2).map { n in (m, n) } }
  .map { "\(show(kernelK[$0.0, $0.1]))·\(show(imageA[1 - $0.0, 1 - $0.1]))" }
print("  B(1, 1) = K(0,0)A(1,1) + K(0,1)A(1,0) + K(1,0)A(0,1) + K(1,1)A(0,0)")
print("          = \(terms.joined(separator: " + ")) = \(show(full2D[1, 1]))")
for mode in ConvolutionMode.allCases {
  let b = convolve2DReference(imageA, kernelK, mode: mode)
  print("  \(mode)  \(imageA.shape[0])×\(imageA.shape[1]) * 2×2 → \(b.shape[0])×\(b.shape[1])"
        + "\n\(matrixText(b))")
}
check(convolve2DReference(imageA, kernelK, mode: .valid).rows == [[11, 17], [29, 35]],
      "valid 2-D convolution = [[11, 17], [29, 35]]")
print("  The kernel flip. Deep-learning \"convolution\" layers (CNNCore.conv2d, PyTorch's")
print("  Conv2d) compute a cross-correlation, Σ W(m, n)·A(i + m, j + n), with no flip:")
let geometry = try Conv2DGeometry(
  batch: 1, inChannels: 1, height: 3, width: 3, outChannels: 1, kernel: (2, 2))
let imageF = imageA.converted(to: Float.self).reshaped([1, 1, 3, 3])
let withK = conv2d(input: imageF, weight: kernelK.converted(to: Float.self).reshaped([1, 1, 2, 2]),
                   bias: nil, geometry: geometry)
let flippedK = rotated180(kernelK)
let withFlipped = conv2d(
  input: imageF, weight: flippedK.converted(to: Float.self).reshaped([1, 1, 2, 2]),
  bias: nil, geometry: geometry)
print("    conv2d(A, K)                = \(show(withK.scalars))   (not the convolution)")
print("    conv2d(A, rotated180(K))    = \(show(withFlipped.scalars))   rotated180(K) = "
      + "[" + flippedK.rows.map { row in
        "[" + row.map { show($0) }.joined(separator: ", ") + "]"
      }.joined(separator: ", ") + "]")
check(withFlipped.scalars == [11, 17, 29, 35],
      "cross-correlation with the rotated kernel = valid convolution")
print("  Since the network learns the kernel, the flip does not change what it can learn.")
print("  An edge map: a bright 4×4 square in an 8×8 image, convolved with [[1, −1]]:")
var square = Tensor<Double>(zeros: [8, 8])
for i in 2..<6 { for j in 2..<6 { square[i, j] = 1 } }
let edges = convolve2DReference(square, Tensor(rows: [[1, -1]]), mode: .same)
let image8 = shades(square).split(separator: "\n"), edge8 = shades(edges).split(separator: "\n")
print("    image                 |B| (same, 8×8): the left and right edges light up")
for (left, right) in zip(image8, edge8) { print("  \(left)  \(right)") }

// MARK: 1.6 Toeplitz matrices
section("1.6  Convolution as a matrix: Toeplitz and doubly-block matrices")
let t = toeplitzMatrix(kernel: seedK, inputCount: seedX.count, mode: .full)
print("  T(k) for k = \(show(seedK)), inputs of length 3: \(t.shape[0])×\(t.shape[1]), "
      + "T[n, m] = k[n − m]")
print(matrixText(t))
let tx = matrixVectorProduct(t, seedX)
print("  T·x = \(show(tx)) = x * k")
check(tx == seedFull, "Toeplitz product = convolution")
var worstToeplitz = 0.0
for _ in 0..<50 {
  let x = randomVector(rng.nextInt(in: 1...20)), k = randomVector(rng.nextInt(in: 1...20))
  for mode in ConvolutionMode.allCases {
    worstToeplitz = max(worstToeplitz, maxAbsDifference(
      matrixVectorProduct(toeplitzMatrix(kernel: k, inputCount: x.count, mode: mode), x),
      convolve1DReference(x, k, mode: mode)))
  }
}
print("  50 random pairs × 3 modes: max |T·x − x*k| = \(scientific(worstToeplitz))")
check(worstToeplitz < 1e-12, "random Toeplitz products")
let d = doublyBlockToeplitzMatrix(kernel: kernelK, inputHeight: 3, inputWidth: 3, mode: .full)
print("  Doubly-block Toeplitz D for K (2×2) on a 3×3 image, full: output 4×4, so D is "
      + "(4·4)×(3·3) = \(d.shape[0])×\(d.shape[1]);")
print("  block (i, a) is T(K row i − a), 4×3; dots are zeros:")
print(matrixText(d, blockRows: 4, blockColumns: 3))
let dA = matrixVectorProduct(d, imageA.scalars)
print("  D·vec(A) = \(show(dA))")
print("  vec(K*A) = \(show(full2D.scalars))")
check(dA == full2D.scalars, "doubly-block Toeplitz product = 2-D convolution")
let circulant = doublyBlockCirculantMatrix(kernel: kernelK, height: 3, width: 3)
print("  Circular convolution on a 3×3 torus: the doubly-block circulant matrix, 9×9,")
print("  blocks are circulant matrices of the (zero-padded) kernel rows:")
print(matrixText(circulant, blockRows: 3, blockColumns: 3))
let cA = matrixVectorProduct(circulant, imageA.scalars)
let circular = circularConvolve2DReference(imageA, kernelK)
print("  C·vec(A) = \(show(cA)) = vec(K ⊛ A) (wrapping round)")
check(cA == circular.scalars, "doubly-block circulant product = circular convolution")

// MARK: 1.7 Convolution theorem and FFT
section("1.7  The convolution theorem: DFT(x * k) = DFT(x) ⊙ DFT(k)")
let p8 = 8
let padded = { (v: [Double]) in v + [Double](repeating: 0, count: p8 - v.count) }
let zeros8 = [Double](repeating: 0, count: p8)
let xf = dftReference(real: padded(seedX), imag: zeros8)
let kf = dftReference(real: padded(seedK), imag: zeros8)
let yfReal = (0..<p8).map { xf.real[$0] * kf.real[$0] - xf.imag[$0] * kf.imag[$0] }
let yfImag = (0..<p8).map { xf.real[$0] * kf.imag[$0] + xf.imag[$0] * kf.real[$0] }
func complexText(_ re: Double, _ im: Double) -> String {
  let r = abs(re) < 5e-13 ? 0 : re, i = abs(im) < 5e-13 ? 0 : im
  return String(format: "%7.3f %@ %6.3fi", r, i < 0 ? "-" : "+", abs(i))
}
print("  x, k zero-padded to 8 ≥ 3 + 3 − 1; spectra by the O(n²) DFT:")
print("     f        X[f]                K[f]              X[f]·K[f]")
for f in 0..<p8 {
  print("    \(f)  \(complexText(xf.real[f], xf.imag[f]))  \(complexText(kf.real[f], kf.imag[f]))"
        + "  \(complexText(yfReal[f], yfImag[f]))")
}
let back = dftReference(real: yfReal, imag: yfImag, inverse: true)
print("  inverse DFT of the product: \(show(back.real.map { ($0 * 1e9).rounded() / 1e9 }))")
check(maxAbsDifference(back.real, padded(seedFull)) < 1e-12, "DFT product gives the convolution")
print("  padded to 4 < 5 instead, the circle is too short and 18 wraps onto 4:")
print("    x ⊛ k (period 4) = \(show(circularConvolve1DReference(seedX + [0], seedK)))")

var fftRng = SeededGenerator(seed: 7)
let bigX = (0..<10_000).map { _ in Float(fftRng.nextUniform(in: -1...1)) }
let bigK = (0..<3_000).map { _ in Float(fftRng.nextUniform(in: -1...1)) }
let referenceBig = convolve1DReference(bigX.map(Double.init), bigK.map(Double.init), mode: .full)
let directBig = convolve1D(bigX, bigK, mode: .full).map(Double.init)
let fftBig = fftConvolve1D(bigX, bigK, mode: .full).map(Double.init)
let bigScale = referenceBig.map(abs).max()!
let directError = maxAbsDifference(directBig, referenceBig)
let fftError = maxAbsDifference(fftBig, referenceBig)
print("  10000 * 3000 random numbers in [−1, 1] (Float inputs; largest |y| = "
      + "\(show(bigScale, digits: 3))):")
print(
  "    max |convolve1D − exact|    = \(scientific(directError))"
    + "   (Float sums of 3000 products)")
print(
  "    max |fftConvolve1D − exact| = \(scientific(fftError))"
    + "   (Double FFT, rounded to Float once)")
print("    max |convolve1D − fftConvolve1D| = \(scientific(maxAbsDifference(directBig, fftBig)))")
check(directError < 1e-5 * bigScale && fftError < 1e-6 * bigScale,
      "FFT and direct convolution agree with the exact result on 10000 * 3000")

print("\n  Time per full convolution, both inputs of length N (1 thread, release build):")
print("       N   direct M·N   FFT model   scalar ref.   direct SIMD        FFT   faster")
print("            (mults)    (complex)")
let timingRows = Parallel.withThreadCount(1) { () -> [(n: Int, direct: Double, fft: Double)] in
  var rows = [(n: Int, direct: Double, fft: Double)]()
  for power in timingPowers {
    let n = 1 << power
    let x = (0..<n).map { _ in Float(fftRng.nextUniform(in: -1...1)) }
    let k = (0..<n).map { _ in Float(fftRng.nextUniform(in: -1...1)) }
    let reference = power <= referencePowerLimit
      ? timePerCall(batches: power >= 12 ? 1 : 3) { _ = convolve1DReference(x, k, mode: .full) }
      : nil
    let direct = timePerCall(batches: power >= 15 ? 1 : 3) { _ = convolve1D(x, k, mode: .full) }
    let viaFFT = timePerCall { _ = fftConvolve1D(x, k, mode: .full) }
    print("  " + pad("\(n)", 6) + pad("\(ConvolutionCost.directMultiplications(n, n))", 13)
          + pad("\(ConvolutionCost.fftMultiplications(n, n))", 12)
          + pad(reference.map(duration) ?? "—", 14) + pad(duration(direct), 14)
          + pad(duration(viaFFT), 11) + "   " + (viaFFT < direct ? "FFT" : "direct"))
    rows.append((n, direct, viaFFT))
  }
  return rows
}
let largest = timingRows.last!
// The crossover: the smallest N from which on the FFT won every row.
let crossover = timingRows.indices.first { i in timingRows[i...].allSatisfy { $0.fft < $0.direct } }
if let crossover {
  let ratio = show(largest.direct / largest.fft, digits: 3)
  print("  crossover: from N = \(timingRows[crossover].n) on the FFT is faster; "
        + "at N = \(largest.n) it wins by \(ratio)×")
} else {
  print("  no crossover within N ≤ \(largest.n): the direct kernel stayed faster")
}

print("\n  A short kernel (what CNNs use) on a long signal, N = \(kernelSweepSignal), "
      + "mode same (1 thread):")
print("    kernel   direct SIMD        FFT   faster")
Parallel.withThreadCount(1) {
  let x = (0..<kernelSweepSignal).map { _ in Float(fftRng.nextUniform(in: -1...1)) }
  for length in kernelSweepLengths {
    let k = (0..<length).map { _ in Float(fftRng.nextUniform(in: -1...1)) }
    let direct = timePerCall { _ = convolve1D(x, k, mode: .same) }
    let viaFFT = timePerCall { _ = fftConvolve1D(x, k, mode: .same) }
    print("  " + pad("\(length)", 8) + pad(duration(direct), 14) + pad(duration(viaFFT), 11)
          + "   " + (viaFFT < direct ? "FFT" : "direct"))
  }
}

// MARK: 1.8 Translation equivariance
section("1.8  Translation equivariance: shift the input, the output shifts the same way")
let signal: [Double] = [0, 1, 3, 2, 0, 0, 0, 0, 0, 0]
let shift = 3
let out = convolve1DReference(signal, smoothK, mode: .full)
let movedIn = shifted(signal, by: shift)
let movedOut = convolve1DReference(movedIn, smoothK, mode: .full)
print("  k = \(show(smoothK)), shift s = \(shift)")
print("    x                 \(aligned(signal, width: 2))")
print("    x * k             \(aligned(out, width: 2))")
print("    shift(x, 3)       \(aligned(movedIn, width: 2))")
print("    shift(x, 3) * k   \(aligned(movedOut, width: 2))")
print("    shift(x * k, 3)   \(aligned(shifted(out, by: shift), width: 2))")
check(movedOut == shifted(out, by: shift), "equivariance: conv(shift x) = shift(conv x)")
print("  Equivariant, not invariant: the output moved, it did not stay put. Invariance to")
print("  small shifts comes later, from pooling.")

// MARK: Verification
section("Verification: scalar references vs the vectorized core")
var verifyRng = SeededGenerator(seed: 2025)
var worstDirect = 0.0, worstFFT = 0.0, worst2D = 0.0
for _ in 0..<verificationConfigs {
  let m = verifyRng.nextInt(in: 1...200), n = verifyRng.nextInt(in: 1...200)
  let x = (0..<m).map { _ in Float(verifyRng.nextUniform(in: -1...1)) }
  let k = (0..<n).map { _ in Float(verifyRng.nextUniform(in: -1...1)) }
  for mode in ConvolutionMode.allCases {
    let reference = convolve1DReference(x.map(Double.init), k.map(Double.init), mode: mode)
    let direct = convolve1D(x, k, mode: mode).map(Double.init)
    let viaFFT = fftConvolve1D(x, k, mode: mode).map(Double.init)
    worstDirect = max(worstDirect, maxAbsDifference(direct, reference))
    worstFFT = max(worstFFT, maxAbsDifference(viaFFT, reference))
  }
}
for _ in 0..<30 {
  let a = Tensor<Float>(shape: [verifyRng.nextInt(in: 1...20), verifyRng.nextInt(in: 1...20)],
                        uniformIn: -1...1, using: &verifyRng)
  let k = Tensor<Float>(shape: [verifyRng.nextInt(in: 1...7), verifyRng.nextInt(in: 1...7)],
                        uniformIn: -1...1, using: &verifyRng)
  for mode in ConvolutionMode.allCases {
    let reference = convolve2DReference(
      a.converted(to: Double.self), k.converted(to: Double.self), mode: mode)
    worst2D = max(worst2D, maxAbsDifference(
      fftConvolve2D(a, k, mode: mode).scalars.map(Double.init), reference.scalars))
  }
}
check(worstDirect < 1e-4 && worstFFT < 1e-4 && worst2D < 1e-4, "vectorized = reference")
print("  \(verificationConfigs * 3) 1-D configurations (lengths 1…200, 3 modes), 90 2-D ones")
exitIfChecksFailed()
print(
  verificationLine([
    ("convolve1D", worstDirect), ("fftConvolve1D", worstFFT), ("fftConvolve2D", worst2D),
  ]))
