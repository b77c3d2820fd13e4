import Foundation

/// A number as a person writes it: a whole number without a decimal point, anything else
/// with up to `digits` significant digits (`printf`'s `%g`); never `-0`.
///
/// ```
///   v whole and |v| < 10¹⁵  →  String(Int(v))
///   otherwise               →  String(format: "%.<digits>g", v)
/// ```
///
///     number(19.0)         // "19"
///     number(-0.0)         // "0"
///     number(1.0 / 3)      // "0.3333"
///     number(1.0 / 3, digits: 2)   // "0.33"
public func number<T: BinaryFloatingPoint>(_ v: T, digits: Int) -> String {
  let d = Double(v)
  if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
  return String(format: "%.\(digits)g", d)
}

/// `number(v, digits: 4)`, as a plain function so that it can be passed to `map`.
///
///     [0.5, 2].map(number)   // ["0.5", "2"]
public func number<T: BinaryFloatingPoint>(_ v: T) -> String { number(v, digits: 4) }

/// A difference or a small error in scientific notation with one decimal, and `0` when it
/// is exactly zero.
///
/// ```
///   v == 0  →  "0"        otherwise  →  String(format: "%.1e", v)
/// ```
///
///     scientific(2.4e-7)   // "2.4e-07"
///     scientific(0)        // "0"
public func scientific(_ v: Double) -> String {
  v == 0 ? "0" : String(format: "%.1e", v)
}

/// An integer with a comma between groups of three digits.
///
///     grouped(34944)       // "34,944"
///     grouped(-1234567)    // "-1,234,567"
public func grouped(_ n: Int) -> String {
  let digits = String(n.magnitude)
  var text = ""
  for (i, ch) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { text += "," }
    text.append(ch)
  }
  return (n < 0 ? "-" : "") + text
}

/// A shape as the chapters print it, the sizes joined by `×` (N, C, H, W order kept).
///
///     shapeText([1, 6, 28, 28])   // "1×6×28×28"
public func shapeText(_ shape: [Int]) -> String {
  shape.map(String.init).joined(separator: "×")
}
