import CNNCore
import Foundation

/// A 28×28 digit drawn from pen strokes, standing in for an MNIST image when the MNIST
/// files are not at hand (ink 1, paper 0).
///
/// ```
///   x[h, w] = clamp(1.6 − d(h, w) / 1.1, 0, 1)
///   d(h, w) = distance from the pixel centre to the nearest stroke (a polyline)
///   result: (28, 28), values in 0…1
/// ```
/// Strokes about two pixels wide with soft edges, inside the central 20×20 box like MNIST's
/// digits, so a shift of up to 3 pixels loses nothing. Five shapes, `index` modulo 5:
/// 0, 1, 2, 4, 7 (`syntheticDigit(4)` is the 7).
///
///     syntheticDigit(1).shape              // [28, 28]
///     syntheticDigit(4, as: Double.self)   // the 7, as Double
public func syntheticDigit<T: BinaryFloatingPoint & Sendable>(
  _ index: Int, as _: T.Type = Float.self
) -> Tensor<T> {
  // Polylines as (row, column) points in pixel units.
  let zero: [[(Double, Double)]] = [
    (0...16).map { k in
      let t = Double(k) / 16 * 2 * Double.pi
      return (14 + 8 * cos(t), 14 + 5 * sin(t))
    }
  ]
  let one: [[(Double, Double)]] = [[(9, 12), (6, 15), (22, 15)]]
  let two: [[(Double, Double)]] = [
    [(9, 9), (6.5, 12), (6.5, 16), (9, 19), (12, 18.5), (21, 9), (21, 20)]
  ]
  let four: [[(Double, Double)]] = [[(6, 16), (16, 8), (16, 20)], [(11, 17), (22, 17)]]
  let seven: [[(Double, Double)]] = [[(7, 8), (7, 20), (22, 13)]]
  let strokes = [zero, one, two, four, seven][((index % 5) + 5) % 5]
  var x = Tensor<T>(zeros: [28, 28])
  for h in 0..<28 {
    for w in 0..<28 {
      var nearest = Double.infinity
      for line in strokes {
        for (a, b) in zip(line, line.dropFirst()) {
          nearest = min(nearest, distance(from: (Double(h), Double(w)), toSegment: a, b))
        }
      }
      x[h, w] = T(min(1, max(0, 1.6 - nearest / 1.1)))
    }
  }
  return x
}

/// The distance from point `p` to the segment from `a` to `b`.
private func distance(
  from p: (Double, Double), toSegment a: (Double, Double), _ b: (Double, Double)
) -> Double {
  let (dx, dy) = (b.0 - a.0, b.1 - a.1)
  let length2 = dx * dx + dy * dy
  let t = length2 == 0 ? 0 : min(1, max(0, ((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2))
  let (ex, ey) = (p.0 - (a.0 + t * dx), p.1 - (a.1 + t * dy))
  return (ex * ex + ey * ey).squareRoot()
}
