import CNNCore

/// How many different input elements win at least one max-pooling window: the activations
/// that survive pooling (every other one is discarded, and gets no gradient).
///
/// ```
///   #{ (n, c, argmax[n, c, p, q]) : all n, c, p, q }
///
///   argmax: (N, C, P, Q), indices h·W + w inside each (n, c) plane
/// ```
/// With non-overlapping windows every window has its own winner, so the count is `N·C·P·Q`
/// (2×2/2 keeps a quarter). With overlapping windows one element can win several windows,
/// so fewer distinct elements survive than there are outputs.
///
///     // 2×2/1 on 0…8: argmax [4, 5, 7, 8] → 4; on a 3×3 of ones: argmax [0, 1, 3, 4] → 4
public func distinctWinners(argmax: [Int], geometry g: Pool2DGeometry) -> Int {
  precondition(argmax.count == g.outputShape.reduce(1, *), "argmax of \(argmax.count) values")
  let perPlane = g.outHeight * g.outWidth
  var winners = Set<Int>()
  for (i, index) in argmax.enumerated() {
    winners.insert(i / perPlane * g.height * g.width + index)
  }
  return winners.count
}
