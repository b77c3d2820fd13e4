import CNNCore

/// How a layer's weights are drawn before training.
///
/// ```
///   fan_in  = inputs per output:  F for Dense (W: (O, F)),  C/G·R·S for Conv2D (W: (K, C/G, R, S))
///   fan_out = outputs per input:  O for Dense,              K·R·S for Conv2D (PyTorch's rule)
///
///   glorotUniform   U(−a, a),  a = √(6 / (fan_in + fan_out))     (Glorot & Bengio 2010)
///   glorotNormal    N(0, σ²),  σ = √(2 / (fan_in + fan_out))
///   heUniform       U(−a, a),  a = √(6 / fan_in)                  (He et al. 2015, for ReLU)
///   heNormal        N(0, σ²),  σ = √(2 / fan_in)
///   lecunUniform    U(−a, a),  a = √(3 / fan_in)                  (LeCun et al. 1998)
///   lecunNormal     N(0, σ²),  σ = √(1 / fan_in)
///   zeros           0
/// ```
/// Each keeps the variance of the activations (Glorot: of forward and backward signals
/// alike) about constant from layer to layer: a uniform `U(−a, a)` has variance `a²/3`, so
/// `a = √(6/(fan_in + fan_out))` gives `Var = 2/(fan_in + fan_out)`, as `glorotNormal`.
/// The layers default to `glorotUniform`, Keras' default; He initialization suits layers
/// followed by ReLU and is one argument away. The normal variants are plain normals (Keras
/// truncates at 2σ). Values are drawn in row-major order from the generator passed in, so a
/// model built from one seed is the same on every run.
///
///     var g = SeededGenerator(seed: 1)
///     Initializer.glorotUniform.tensor(shape: [2, 3], fanIn: 3, fanOut: 2, using: &g)
///     // six values in [−√(6/5), √(6/5)] = [−1.095, 1.095]
public enum Initializer: Sendable, Equatable {
  case glorotUniform, glorotNormal, heNormal, heUniform, lecunNormal, lecunUniform, zeros

  /// A tensor of `shape` drawn with this scheme.
  public func tensor(
    shape: [Int], fanIn: Int, fanOut: Int, using generator: inout SeededGenerator
  ) -> Tensor<Float> {
    precondition(fanIn >= 1 && fanOut >= 1, "fan_in \(fanIn) and fan_out \(fanOut) must be ≥ 1")
    let (fin, fout) = (Double(fanIn), Double(fanOut))
    switch self {
    case .glorotUniform: return uniform(shape, (6 / (fin + fout)).squareRoot(), &generator)
    case .glorotNormal: return normal(shape, (2 / (fin + fout)).squareRoot(), &generator)
    case .heUniform: return uniform(shape, (6 / fin).squareRoot(), &generator)
    case .heNormal: return normal(shape, (2 / fin).squareRoot(), &generator)
    case .lecunUniform: return uniform(shape, (3 / fin).squareRoot(), &generator)
    case .lecunNormal: return normal(shape, (1 / fin).squareRoot(), &generator)
    case .zeros: return Tensor(zeros: shape)
    }
  }

  private func uniform(_ shape: [Int], _ a: Double, _ g: inout SeededGenerator) -> Tensor<Float> {
    Tensor(
      shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(g.nextUniform(in: -a...a)) })
  }

  private func normal(_ shape: [Int], _ sigma: Double, _ g: inout SeededGenerator) -> Tensor<Float>
  {
    Tensor(
      shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(sigma * g.nextNormal()) })
  }
}
