/// The product of two polynomials given by their coefficients, lowest power first,
/// computed the schoolbook way: every term of `a` times every term of `b`.
///
/// ```
///   A(x) = Σ_i a_i·xⁱ,  B(x) = Σ_j b_j·xʲ,   (A·B)(x) = Σ_i Σ_j a_i·b_j·x^(i+j)
///   so   c[i + j] += a_i · b_j     for every pair (i, j)
///
///   a: (M)   b: (N)   c: (M + N − 1)
/// ```
/// The coefficient of `xⁿ` collects the pairs with `i + j = n`: `c_n = Σ_i a_i·b_(n−i)`,
/// which is `convolve1DReference(a, b, mode: .full)` seen from the other side (this loop
/// *scatters* each product to its output; the convolution *gathers* each output).
///
///     polynomialProduct([1, 2, 3], [4, 5, 6])   // [4, 13, 28, 27, 18]
///     // (1 + 2x + 3x²)(4 + 5x + 6x²) = 4 + 13x + 28x² + 27x³ + 18x⁴
///
/// - Precondition: both coefficient lists are non-empty.
@inlinable
public func polynomialProduct<T: BinaryFloatingPoint & Sendable>(_ a: [T], _ b: [T]) -> [T] {
  precondition(
    !a.isEmpty && !b.isEmpty,
    "polynomialProduct needs two non-empty coefficient lists, got \(a.count) and \(b.count)")
  var c = [T](repeating: 0, count: a.count + b.count - 1)
  for i in 0..<a.count {
    for j in 0..<b.count {
      c[i + j] += a[i] * b[j]
    }
  }
  return c
}

/// The value of the polynomial `Σ_i c_i·xⁱ` at `x`, by Horner's rule
/// (`c₀ + x·(c₁ + x·(c₂ + …))`).
///
///     polynomialValue([4, 13, 28, 27, 18], at: 10)   // 209934 = 321 · 654
@inlinable
public func polynomialValue<T: BinaryFloatingPoint & Sendable>(_ c: [T], at x: T) -> T {
  c.reversed().reduce(0) { $0 * x + $1 }
}

/// A polynomial written for people, lowest power first; zero terms are left out and
/// whole coefficients are printed without a decimal point.
///
///     polynomialText([4, 13, 28])    // "4 + 13x + 28x²"
///     polynomialText([1, 0, -1])     // "1 − x²"
public func polynomialText<T: BinaryFloatingPoint>(_ c: [T], variable: String = "x") -> String {
  let superscripts = Array("⁰¹²³⁴⁵⁶⁷⁸⁹")
  var text = ""
  for (power, coefficient) in c.enumerated() where coefficient != 0 {
    let value = Double(coefficient)
    let magnitude = abs(value)
    let digits = magnitude == magnitude.rounded() && magnitude < 1e15
      ? String(Int(magnitude)) : String(magnitude)
    let exponent = power < 2 ? "" : String(String(power).map { superscripts[$0.wholeNumberValue!] })
    let unit = power == 0 ? "" : variable + exponent
    let term = (magnitude == 1 && power > 0 ? "" : digits) + unit
    if text.isEmpty {
      text = (value < 0 ? "−" : "") + term
    } else {
      text += (value < 0 ? " − " : " + ") + term
    }
  }
  return text.isEmpty ? "0" : text
}
