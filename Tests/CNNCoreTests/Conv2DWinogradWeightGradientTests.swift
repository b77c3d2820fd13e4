@testable import CNNCore
import CrossCorrelation
import Testing

@Suite struct Conv2DWinogradWeightGradientTests {
  /// The matrices of F(3×3, 2×2) (Conv2DWinogradWeightGradient.swift) on 200 random 4×4
  /// windows d and 2×2 gradient tiles e, in Double:
  /// `A′ᵀ [(G′ e G′ᵀ) ⊙ (Bᵀ d B)] A′` must equal the correlation `Σ_{i,j} e[i, j]·d[i + r, j + s]`
  /// up to Double rounding (`1e-13` of `Σ|e|·Σ|d|`, far below any wrong entry's effect).
  @Test func matricesComputeTheCorrelation() {
    let bT: [[Double]] = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]
    let gPrime: [[Double]] = [[1, 0], [0.5, 0.5], [0.5, -0.5], [0, 1]]
    let aPrimeT: [[Double]] = [[1, 1, 1, 0], [0, 1, -1, 0], [0, 1, 1, -1]]
    let worst = worstTransformError(
      bT: bT, gradient: gPrime, output: transpose(aPrimeT), seed: 0x3F_2201)
    #expect(worst <= 1e-13, "max |Winograd − direct| / (Σ|e|·Σ|d|) = \(worst)")
  }

  @Test func handWorkedOneDimensionalExample() throws {
    // x = [[0, 0, 0, 0], [1, 2, 3, 4], [0, 0, 0, 0]] (1×1×3×4), dy = [[1, −1]] (1×1×1×2).
    // Directly, dw[r, s] = Σ_q dy[q]·x[r, q + s]: rows 0 and 2 are zero, row 1 is
    //   [1·1 − 1·2, 1·2 − 1·3, 1·3 − 1·4] = [−1, −1, −1];  db = 1 − 1 = 0.
    // By F(3, 2) along row 1 (e = [1, −1], d = [1, 2, 3, 4]; the tile's second row is zero):
    //   m1 = (1 − 3)·1 = −2,  m2 = (2 + 3)·(1 − 1)/2 = 0,  m3 = (3 − 2)·(1 + 1)/2 = 1,
    //   m4 = (2 − 4)·(−1) = 2;  y0 = m1 + m2 + m3 = −1, y1 = m2 − m3 = −1,
    //   y2 = m2 + m3 − m4 = −1.  Every step is exact in Float.
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 3, width: 4, outChannels: 1, kernel: 3)
    let x = Tensor<Float>(shape: [1, 1, 3, 4], scalars: [0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0])
    let dy = Tensor<Float>(shape: [1, 1, 1, 2], scalars: [1, -1])
    let grads = try conv2dWinogradWeightGradient(input: x, outputGradient: dy, geometry: g)
    #expect(grads.weight.shape == [1, 1, 3, 3])
    #expect(grads.weight.scalars == [0, 0, 0, -1, -1, -1, 0, 0, 0])
    #expect(grads.bias.scalars == [0])
    #expect(grads.input.shape == [0])
  }

  @Test func allOnes() throws {
    // 16 channels of 4×4 ones, 16 filters (conv2dBackward takes this path), dy = 2×2 ones:
    // each tap sums the 2·2 = 4 products 1·1 of the one tile, so dw = 4 everywhere and
    // db = 1 + 1 + 1 + 1 = 4 per filter. (The transforms: Bᵀ(1, 1, 1, 1) = (0, 2, 0, 0), so
    // only V[1, 1] = 2·2 = 4 is non-zero; U′[1, 1] = 1·1 = 1; M[1, 1] = 4, and column 1 of A′ᵀ
    // is all ones.)
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 16, height: 4, width: 4, outChannels: 16, kernel: 3)
    let x = Tensor<Float>(shape: g.inputShape, repeating: 1)
    let dy = Tensor<Float>(shape: g.outputShape, repeating: 1)
    let w = Tensor<Float>(shape: g.weightShape, repeating: 1)
    #expect(usesWinogradWeightGradient(g))
    let grads = conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: g)
    #expect(grads.weight.scalars == [Float](repeating: 4, count: 16 * 16 * 9))
    #expect(grads.bias.scalars == [Float](repeating: 4, count: 16))
  }

  /// F(5×5, 2×2) (WinogradWeightGradientF5x5.swift) on 200 random 6×6 windows d and 2×2
  /// gradient tiles e, in Double: `Gᵀ [(A e Aᵀ) ⊙ (Bᵀ d B)] G` must equal the correlation
  /// `Σ_{i,j} e[i, j]·d[i + r, j + s]` for r, s < 5, up to Double rounding.
  @Test func kernel5MatricesComputeTheCorrelation() {
    let bT: [[Double]] = [
      [1, -1.5, -2, 1.5, 1, 0], [0, -1, 0.5, 2.5, 1, 0], [0, 1, -2.5, 0.5, 1, 0],
      [0, -2, -1, 2, 1, 0], [0, 0.5, -1, -0.5, 1, 0], [0, 1, -1.5, -2, 1.5, 1],
    ]
    let a: [[Double]] = [[1, 0], [1, 1], [1, -1], [1, 0.5], [1, -2], [0, 1]]
    let gMatrix: [[Double]] = [
      [1, 0, 0, 0, 0], [1, 1, 1, 1, 1].map { $0 / 3 }, [-1, 1, -1, 1, -1].map { $0 / 3 },
      [-16, -8, -4, -2, -1].map { $0 / 15 }, [1, -2, 4, -8, 16].map { $0 / 15 },
      [0, 0, 0, 0, 1],
    ]
    let worst = worstTransformError(bT: bT, gradient: a, output: gMatrix, seed: 0x3F_2205)
    #expect(worst <= 1e-13, "max |Winograd − direct| / (Σ|e|·Σ|d|) = \(worst)")
  }

  @Test func kernel5HandWorkedOneDimensionalExample() throws {
    // x = 1×1×5×6 with row 2 = [1, 2, 3, 4, 5, 6] and zeros elsewhere, dy = [[1, −1]]
    // (1×1×1×2). Directly, dw[r, s] = Σ_q dy[q]·x[r, q + s]: rows 0, 1, 3, 4 are zero and
    // row 2 is [1 − 2, 2 − 3, 3 − 4, 4 − 5, 5 − 6] = [−1, −1, −1, −1, −1]; db = 1 − 1 = 0.
    // By F(5, 2) along row 2 (e = [1, −1], d = [1, …, 6]; the tile's second row is zero):
    //   Bᵀ d = [3, 29/2, 3/2, 6, 1, 3],  A e = [1, 0, 2, 1/2, 3, −1],  m = [3, 0, 3, 3, 3, −3],
    //   Gᵀ m = [3 − 1 − 45/15, 1 − 30/15, −1 − 0, 1 − 30/15, −1 + 45/15 − 3] = [−1, …, −1].
    // Everything before Gᵀ is exact in Float; Gᵀ runs in Double and rounds to exactly −1.
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 1, height: 5, width: 6, outChannels: 1, kernel: 5)
    var scalars = [Float](repeating: 0, count: 30)
    for j in 0..<6 { scalars[12 + j] = Float(j + 1) }
    let x = Tensor<Float>(shape: [1, 1, 5, 6], scalars: scalars)
    let dy = Tensor<Float>(shape: [1, 1, 1, 2], scalars: [1, -1])
    let grads = try conv2dWinogradWeightGradient(input: x, outputGradient: dy, geometry: g)
    #expect(grads.weight.shape == [1, 1, 5, 5])
    var expected = [Float](repeating: 0, count: 25)
    for s in 0..<5 { expected[10 + s] = -1 }
    #expect(grads.weight.scalars == expected)
    #expect(grads.bias.scalars == [0])
  }

  @Test func kernel5AllOnes() throws {
    // 16 channels of 6×6 ones, 16 filters (conv2dBackward takes this path: C = 16), dy = 2×2
    // ones: each of the 25 taps sums the 2·2 = 4 products 1·1 of the one tile, so dw = 4
    // everywhere, and db = 4 per filter.
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 16, height: 6, width: 6, outChannels: 16, kernel: 5)
    let x = Tensor<Float>(shape: g.inputShape, repeating: 1)
    let dy = Tensor<Float>(shape: g.outputShape, repeating: 1)
    let w = Tensor<Float>(shape: g.weightShape, repeating: 1)
    #expect(usesWinogradWeightGradient(g))
    let grads = conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: g)
    #expect(grads.weight.scalars == [Float](repeating: 4, count: 16 * 16 * 25))
    #expect(grads.bias.scalars == [Float](repeating: 4, count: 16))
  }

  @Test func rejectsOtherGeometries() throws {
    let g = try Conv2DGeometry(
      batch: 1, inChannels: 16, height: 5, width: 5, outChannels: 16, kernel: 3, dilation: 2)
    let x = Tensor<Float>(shape: g.inputShape, repeating: 1)
    let dy = Tensor<Float>(shape: g.outputShape, repeating: 1)
    #expect(throws: GeometryError.self) {
      try conv2dWinogradWeightGradient(input: x, outputGradient: dy, geometry: g)
    }
    // 3×3 and 5×5 only: a 7×7 kernel is refused with the same error.
    let seven = try Conv2DGeometry(
      batch: 1, inChannels: 16, height: 8, width: 8, outChannels: 16, kernel: 7)
    #expect(throws: GeometryError.self) {
      try conv2dWinogradWeightGradient(
        input: Tensor(shape: seven.inputShape, repeating: 1),
        outputGradient: Tensor(shape: seven.outputShape, repeating: 1), geometry: seven)
    }
  }

  /// 320 random 3×3 and 320 random 5×5 stride-1 geometries (odd sizes, ragged tiles, padding
  /// 0 … r − 1 per side) against `conv2dBackwardReference` in Double; where `conv2dBackward`
  /// dispatches to this path (3×3: C ≥ 9, 5×5: C ≥ 16) its dw and db must be the same bits.
  ///
  /// Scale, as for the forward pass: a tap of dw[k, c] depends through the transforms on the
  /// whole α×α window of every tile, not only on the products it sums, so the error is
  /// measured against `S[k, c] = Σ_{n,t} (Σ_tile |dy[n, k]|)·(Σ_window |x[n, c]|)`, which
  /// bounds `Σ_t Σ_ξ |U′_ξ|·|V_ξ|` up to the transforms' constants. Tolerance `1e-6 · S`
  /// (each M_ξ sums up to 2·8·8 = 128 tiles here, a few roundings each); the largest seen is
  /// printed (3×3: 7.9e-8; 5×5: 4.0e-7, its constants being larger). db sums plain values:
  /// `1e-6 · Σ|dy|` (largest seen 1.1e-7).
  @Test(arguments: [3, 5]) func randomSweepAgainstReference(kernel: Int) {
    var worst = (dw: 0.0, db: 0.0)
    sweepGeometries(
      seed: 0x3F_2202 + UInt64(kernel),
      draw: { randomWeightGradientGeometry(kernel: kernel, using: &$0) }
    ) { geometry, g in
      let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
      let dy = g.tensor(geometry.outputShape)
      let config = "\(geometry) batch \(geometry.batch)"
      let expected = conv2dBackwardReference(
        input: x.converted(to: Double.self), weight: w.converted(to: Double.self),
        outputGradient: dy.converted(to: Double.self), geometry: geometry)
      guard
        let actual = try? conv2dWinogradWeightGradient(
          input: x, outputGradient: dy, geometry: geometry)
      else {
        Issue.record("rejected \(config)")
        return false
      }
      let scale = weightGradientScale(x, dy, geometry)
      let planeSize = geometry.outHeight * geometry.outWidth
      let biasScale = (0..<geometry.outChannels).map { k in
        (0..<geometry.batch).reduce(Float(0)) { sum, n in
          let plane = (n * geometry.outChannels + k) * planeSize
          return sum + dy.scalars[plane..<plane + planeSize].reduce(0) { $0 + abs($1) }
        }
      }
      worst.dw = max(worst.dw, relativeError(actual.weight, expected.weight, scale))
      worst.db = max(worst.db, relativeError(actual.bias, expected.bias, biasScale))
      var passed = expectNoMismatch(
        mismatchReport(
          actual.weight.scalars, expected.weight.converted(to: Float.self).scalars, scale: scale,
          tolerance: 1e-6, config: "dw of \(config)"))
      passed =
        expectNoMismatch(
          mismatchReport(
            actual.bias.scalars, expected.bias.converted(to: Float.self).scalars,
            scale: biasScale, tolerance: 1e-6, config: "db of \(config)")) && passed
      if usesWinogradWeightGradient(geometry) {
        for inputGradient in [true, false] {
          let dispatched = conv2dBackward(
            input: x, weight: w, outputGradient: dy, geometry: geometry,
            inputGradient: inputGradient)
          passed =
            expectNoMismatch(
              bitMismatchReport(
                dispatched.weight.scalars + dispatched.bias.scalars,
                actual.weight.scalars + actual.bias.scalars,
                config: "conv2dBackward(inputGradient: \(inputGradient)) dw, db of \(config)"))
            && passed
        }
      }
      return passed
    }
    print(
      "Winograd weight gradient sweep, \(kernel)×\(kernel): max |error| / S = \(worst.dw) (dw), "
        + "\(worst.db) (db)")
  }

  /// Larger layers: several blocks of tiles per chunk, several chunks of tiles (their partial
  /// dw added in chunk order), and several blocks of channels, against the reference.
  /// - 4 images, 26×26 outputs: 4·13·13 = 676 tiles in 2 chunks of 338, each 3 blocks of ≤ 113;
  /// - 1 image of 128 channels, 7×7 outputs: 4·4 = 16 tiles, 1 chunk, channels in 2 blocks of
  ///   64;
  /// - 1 tall, narrow image, 128×2 outputs: 64 tile rows of one tile, so a block's run of rows
  ///   in one image is cut at 32 rows (`forEachImageSegment`) and staged in two parts;
  /// - the same three cuts for 5×5 (padding 2: the same output sizes), and 8 images of 26×26
  ///   outputs: 8·13·13 = 1352 tiles in 4 chunks (5 rounded down to a multiple of 4) of 338.
  @Test(arguments: [
    (3, 4, 16, 28, 28, 6, 0, [2, 1]), (3, 1, 128, 9, 9, 17, 0, [1, 2]),
    (3, 1, 16, 130, 4, 6, 0, [1, 1]), (5, 4, 16, 26, 26, 6, 2, [2, 1]),
    (5, 1, 128, 7, 7, 17, 2, [1, 2]), (5, 1, 16, 128, 2, 6, 2, [1, 1]),
    (5, 8, 16, 26, 26, 3, 2, [4, 1]),
  ])
  func largerLayersAgainstReference(
    _ shape: (kernel: Int, batch: Int, channels: Int, height: Int, width: Int, filters: Int,
      padding: Int, chunks: [Int])
  ) throws {
    let geometry = try Conv2DGeometry(
      batch: shape.batch, inChannels: shape.channels, height: shape.height, width: shape.width,
      outChannels: shape.filters, kernel: shape.kernel, padding: shape.padding)
    let plan = WinogradWeightGradientPlan(geometry)
    #expect([plan.tileChunks, plan.channelBlocks] == shape.chunks)
    var g = SeededGenerator(seed: 0x3F_2203)
    let x = g.tensor(geometry.inputShape), dy = g.tensor(geometry.outputShape)
    let w = Tensor<Double>(zeros: geometry.weightShape)
    let expected = conv2dBackwardReference(
      input: x.converted(to: Double.self), weight: w, outputGradient: dy.converted(to: Double.self),
      geometry: geometry)
    let actual = try conv2dWinogradWeightGradient(
      input: x, outputGradient: dy, geometry: geometry)
    let error = relativeError(actual.weight, expected.weight, weightGradientScale(x, dy, geometry))
    #expect(error <= 1e-6, "dw of \(geometry): max |error| / S = \(error)")
  }

  /// dw and db must be the same bits for 1, 2 and 3 threads, directly and through
  /// `conv2dBackward` (with and without dx): chunks of tiles (4·14·14 = 784 tiles in 3 chunks
  /// here) and blocks of channels (2 for 128 channels and 16 tiles) come from the geometry
  /// alone; 3×3 and 5×5 (padding 1 and 2: the same tiles).
  @Test(.serialized, arguments: [
    (3, 4, 16, 28, 28, 16), (3, 1, 128, 9, 9, 17), (5, 4, 16, 28, 28, 16), (5, 1, 128, 9, 9, 17),
  ])
  func bitIdenticalAcrossThreadCounts(
    _ shape: (kernel: Int, batch: Int, channels: Int, height: Int, width: Int, filters: Int)
  ) throws {
    let geometry = try Conv2DGeometry(
      batch: shape.batch, inChannels: shape.channels, height: shape.height, width: shape.width,
      outChannels: shape.filters, kernel: shape.kernel, padding: shape.kernel / 2)
    #expect(usesWinogradWeightGradient(geometry))
    var g = SeededGenerator(seed: 0x3F_2204)
    let x = g.tensor(geometry.inputShape), w = g.tensor(geometry.weightShape)
    let dy = g.tensor(geometry.outputShape)
    let results = try [1, 2, 3].map { threads in
      try Parallel.withThreadCount(threads) {
        let direct = try conv2dWinogradWeightGradient(
          input: x, outputGradient: dy, geometry: geometry)
        let full = conv2dBackward(input: x, weight: w, outputGradient: dy, geometry: geometry)
        let parameters = conv2dBackward(
          input: x, weight: w, outputGradient: dy, geometry: geometry, inputGradient: false)
        return [
          direct.weight.scalars + direct.bias.scalars,
          full.weight.scalars + full.bias.scalars + full.input.scalars,
          parameters.weight.scalars + parameters.bias.scalars,
        ]
      }
    }
    #expect(results[0][0] == Array(results[0][1].prefix(results[0][0].count)))
    #expect(results[0][0] == results[0][2])
    for (threads, result) in zip([1, 2, 3], results).dropFirst() {
      for (index, name) in ["direct", "conv2dBackward", "inputGradient: false"].enumerated() {
        expectNoMismatch(
          bitMismatchReport(
            results[0][index], result[index], config: "\(name) \(geometry), \(threads) threads"))
      }
    }
  }
}

/// A random r×r stride-1 geometry (r = 3 or 5), or nil when it is rejected: batch 1–3,
/// C 1–40, K 1–24, H and W 1–16, padding 0 … r − 1 on each side. Rejected: a kernel larger
/// than the padded input, and (to keep the Double reference fast in debug builds)
/// N·K·C·H·W above 8 000 (5×5: 4 000).
private func randomWeightGradientGeometry(
  kernel r: Int, using g: inout SeededGenerator
) -> Conv2DGeometry? {
  let batch = g.nextInt(in: 1...3), channels = g.nextInt(in: 1...40)
  let height = g.nextInt(in: 1...16), width = g.nextInt(in: 1...16)
  let filters = g.nextInt(in: 1...24)
  let padding = Padding2D(
    top: g.nextInt(in: 0...r - 1), bottom: g.nextInt(in: 0...r - 1),
    left: g.nextInt(in: 0...r - 1), right: g.nextInt(in: 0...r - 1))
  guard batch * filters * channels * height * width <= (r == 3 ? 8_000 : 4_000) else {
    return nil
  }
  return try? Conv2DGeometry(
    batch: batch, inChannels: channels, height: height, width: width, outChannels: filters,
    kernel: (r, r), padding: padding)
}

/// `S[k, c] = Σ_{n,t} (Σ |dy[n, k]| over tile t)·(Σ |x[n, c]| over its α×α window)`
/// (α = r + 1), the same for the r² taps of (k, c), as a (K, C, r, r) array.
private func weightGradientScale(
  _ x: Tensor<Float>, _ dy: Tensor<Float>, _ geometry: Conv2DGeometry
) -> [Float] {
  let (n, c, h, w) = (geometry.batch, geometry.inChannels, geometry.height, geometry.width)
  let (k, p, q) = (geometry.outChannels, geometry.outHeight, geometry.outWidth)
  let (top, left) = (geometry.padding.top, geometry.padding.left)
  let r = geometry.kernelHeight, window = r + 1
  var sums = [Double](repeating: 0, count: k * c)
  for image in 0..<n {
    for tileRow in 0..<(p + 1) / 2 {
      for tileColumn in 0..<(q + 1) / 2 {
        let windows = (0..<c).map { channel -> Double in
          var sum = 0.0
          for i in 0..<window {
            for j in 0..<window {
              let row = 2 * tileRow - top + i, column = 2 * tileColumn - left + j
              guard row >= 0 && row < h && column >= 0 && column < w else { continue }
              sum += Double(abs(x.scalars[((image * c + channel) * h + row) * w + column]))
            }
          }
          return sum
        }
        for filter in 0..<k {
          var tile = 0.0
          for i in 0..<2 {
            for j in 0..<2 {
              let row = 2 * tileRow + i, column = 2 * tileColumn + j
              guard row < p && column < q else { continue }
              tile += Double(abs(dy.scalars[((image * k + filter) * p + row) * q + column]))
            }
          }
          for channel in 0..<c { sums[filter * c + channel] += tile * windows[channel] }
        }
      }
    }
  }
  return sums.flatMap { [Float](repeating: Float($0), count: r * r) }
}

/// The matrix product of two small Double matrices (rows of arrays).
private func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
  a.map { row in
    (0..<b[0].count).map { j in zip(row, b).map { $0 * $1[j] }.reduce(0, +) }
  }
}

private func transpose(_ a: [[Double]]) -> [[Double]] {
  (0..<a[0].count).map { j in a.map { $0[j] } }
}

/// The largest `|Oᵀ [(M e Mᵀ) ⊙ (Bᵀ d B)] O − Σ_{i,j} e[i, j]·d[i + r, j + s]| / (Σ|e|·Σ|d|)`
/// over 200 random α×α windows d and 2×2 gradient tiles e in Double, for a weight-gradient
/// algorithm F(r×r, 2×2) with input transform `bT` (α×α), gradient transform `gradient`
/// (M, α×2) and output transform `output` (O, α×r).
private func worstTransformError(
  bT: [[Double]], gradient: [[Double]], output: [[Double]], seed: UInt64
) -> Double {
  let alpha = bT.count, r = output[0].count
  var g = SeededGenerator(seed: seed)
  var worst = 0.0
  for _ in 0..<200 {
    let d = (0..<alpha).map { _ in (0..<alpha).map { _ in g.nextUniform(in: -1...1) } }
    let e = (0..<2).map { _ in (0..<2).map { _ in g.nextUniform(in: -1...1) } }
    let u = product(product(gradient, e), transpose(gradient))  // α×α
    let v = product(product(bT, d), transpose(bT))  // α×α
    let m = zip(u, v).map { zip($0, $1).map { $0 * $1 } }
    let y = product(product(transpose(output), m), output)  // r×r
    let scale = e.joined().map(abs).reduce(0, +) * d.joined().map(abs).reduce(0, +)
    for row in 0..<r {
      for column in 0..<r {
        var direct = 0.0
        for i in 0..<2 {
          for j in 0..<2 { direct += e[i][j] * d[i + row][j + column] }
        }
        worst = max(worst, abs(y[row][column] - direct) / scale)
      }
    }
  }
  return worst
}
