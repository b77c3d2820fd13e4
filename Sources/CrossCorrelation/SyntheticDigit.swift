import CNNCore

/// A handwritten-looking "7" drawn into a 28×28 frame like an MNIST digit (ink 1, paper 0),
/// for the edge-detection pictures when the MNIST files are not available.
///
/// ```
///   ink(i, j) = clamp(1.8 − d, 0, 1)     d = distance from (i, j) to the nearest stroke
///   strokes: the top bar (6, 7)–(6, 21), the slant (6, 21)–(23, 12), the bar (14, 12)–(14, 20)
///   shape: (28, 28), values in 0…1
/// ```
///
///     syntheticSeven(Float.self)[6, 14]   // 1 (on the top bar)
public func syntheticSeven<T: BinaryFloatingPoint & Sendable>(_: T.Type = T.self) -> Tensor<T> {
  typealias Point = (row: Double, column: Double)
  let strokes: [(Point, Point)] = [
    ((6, 7), (6, 21)),  // the top bar
    ((6, 21), (23, 12)),  // the slant
    ((14, 12), (14, 20)),  // the crossbar of a continental seven
  ]
  func distance(_ p: Point, _ a: Point, _ b: Point) -> Double {
    let (dr, dc) = (b.row - a.row, b.column - a.column)
    let along = ((p.row - a.row) * dr + (p.column - a.column) * dc) / (dr * dr + dc * dc)
    let t = max(0, min(1, along))  // the nearest point of the segment is a + t·(b − a)
    let (er, ec) = (p.row - a.row - t * dr, p.column - a.column - t * dc)
    return (er * er + ec * ec).squareRoot()
  }
  var x = Tensor<T>(zeros: [28, 28])
  for i in 0..<28 {
    for j in 0..<28 {
      let d = strokes.map { distance((Double(i), Double(j)), $0.0, $0.1) }.min()!
      x[i, j] = T(max(0, min(1, 1.8 - d)))
    }
  }
  return x
}
