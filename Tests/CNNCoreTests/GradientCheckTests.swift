import CNNCore
import CrossCorrelation
import Testing

/// Checks `conv2dBackwardReference` against central finite differences in `Double`, so that
/// the reference (and through the sweeps, the vectorized kernel) computes true gradients.
///
/// Loss: `L = Σ_{n,k,p,q} y[n,k,p,q] · G[n,k,p,q]` for a fixed random `G`, so `∂L/∂y = G`.
/// Each parameter θ is nudged by `h = 1e-6`: `(L(θ + h) − L(θ − h)) / 2h`. L is linear in every
/// single parameter, so the difference quotient has no truncation error; what is left is the
/// rounding of L, about `1e-16 · Σ|terms| / 1e-6 ≈ 1e-9` here.
/// Error measure: `|analytic − numeric| / max(|analytic|, |numeric|, 1)` must stay below 1e-6.
@Suite struct GradientCheckTests {
  @Test func referenceGradientsMatchFiniteDifferences() {
    var g = SeededGenerator(seed: 0x6_4AD)
    var checked = 0, attempts = 0
    var worst = 0.0, worstConfig = ""
    while checked < 36 && attempts < 1000 {
      attempts += 1
      guard let geometry = smallGeometry(using: &g) else { continue }
      checked += 1
      let x = Tensor<Double>(shape: geometry.inputShape, uniformIn: -1...1, using: &g)
      let w = Tensor<Double>(shape: geometry.weightShape, uniformIn: -1...1, using: &g)
      let b = Tensor<Double>(shape: [geometry.outChannels], uniformIn: -1...1, using: &g)
      let upstream = Tensor<Double>(shape: geometry.outputShape, uniformIn: -1...1, using: &g)
      func loss(_ x: Tensor<Double>, _ w: Tensor<Double>, _ b: Tensor<Double>) -> Double {
        let y = conv2dReference(input: x, weight: w, bias: b, geometry: geometry)
        return zip(y.scalars, upstream.scalars).reduce(0) { $0 + $1.0 * $1.1 }
      }
      let grads = conv2dBackwardReference(
        input: x, weight: w, outputGradient: upstream, geometry: geometry)
      let h = 1e-6
      var errors: [(String, Int, Double, Double)] = []  // (operand, index, analytic, numeric)
      func probe(_ name: String, _ count: Int, _ analytic: Tensor<Double>,
                 _ perturbed: (Int, Double) -> Double) {
        for i in 0..<count {
          let numeric = (perturbed(i, h) - perturbed(i, -h)) / (2 * h)
          let error = abs(analytic.scalars[i] - numeric)
            / max(abs(analytic.scalars[i]), abs(numeric), 1)
          if error > worst { worst = error; worstConfig = "\(geometry) \(name)[\(i)]" }
          if error >= 1e-6 { errors.append((name, i, analytic.scalars[i], numeric)) }
        }
      }
      probe("dx", x.count, grads.input) { i, delta in
        var moved = x; moved.scalars[i] += delta; return loss(moved, w, b)
      }
      probe("dw", w.count, grads.weight) { i, delta in
        var moved = w; moved.scalars[i] += delta; return loss(x, moved, b)
      }
      probe("db", b.count, grads.bias) { i, delta in
        var moved = b; moved.scalars[i] += delta; return loss(x, w, moved)
      }
      if !errors.isEmpty {
        let shown = errors.prefix(5).map { "\($0.0)[\($0.1)] analytic \($0.2) numeric \($0.3)" }
        let report = "\(geometry) batch \(geometry.batch): \(errors.count) gradients off; "
          + "first: " + shown.joined(separator: ", ")
        Issue.record(Comment(rawValue: report))
        return
      }
    }
    #expect(checked == 36, "only \(checked) valid configurations in \(attempts) attempts")
    // Seen: worst 2.5e-9.
    #expect(worst < 1e-6, "worst relative error \(worst) at \(worstConfig)")
  }

  /// Small random geometries (the check costs two forward passes per parameter): batch 1–2,
  /// channels 1–4 with groups dividing both, H/W 1–7, kernel 1–3, stride 1–2, dilation 1–2,
  /// padding 0…kernel−1 per side; nil when the geometry rejects it.
  private func smallGeometry(using g: inout SeededGenerator) -> Conv2DGeometry? {
    let inChannels = g.nextInt(in: 1...4), outChannels = g.nextInt(in: 1...4)
    let divisors = (1...4).filter { inChannels % $0 == 0 && outChannels % $0 == 0 }
    let kernel = (g.nextInt(in: 1...3), g.nextInt(in: 1...3))
    return try? Conv2DGeometry(
      batch: g.nextInt(in: 1...2), inChannels: inChannels, height: g.nextInt(in: 1...7),
      width: g.nextInt(in: 1...7), outChannels: outChannels, kernel: kernel,
      stride: (g.nextInt(in: 1...2), g.nextInt(in: 1...2)),
      padding: Padding2D(
        top: g.nextInt(in: 0...(kernel.0 - 1)), bottom: g.nextInt(in: 0...(kernel.0 - 1)),
        left: g.nextInt(in: 0...(kernel.1 - 1)), right: g.nextInt(in: 0...(kernel.1 - 1))),
      dilation: (g.nextInt(in: 1...2), g.nextInt(in: 1...2)),
      groups: divisors[g.nextInt(in: 0...(divisors.count - 1))], rounding: .floor)
  }
}
