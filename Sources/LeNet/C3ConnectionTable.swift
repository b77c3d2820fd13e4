/// The partial S2 → C3 connection table of LeCun et al. (1998), table I: which of the six
/// S2 maps each of the sixteen C3 maps reads.
///
/// ```
///   C3 map k:  0–5   reads 3 neighbouring maps   {k, k+1, k+2}       (mod 6)
///              6–11  reads 4 neighbouring maps   {k, k+1, k+2, k+3}  (mod 6)
///              12–14 reads 4 maps in two pairs   {k, k+1, k+3, k+4}  (mod 6)
///              15    reads all 6 maps
///
///   weights = (6·3 + 9·4 + 1·6)·5·5 = 60·25 = 1,500      biases = 16
///   parameters = 1,500 + 16 = 1,516     (a full C3 has 6·16·25 + 16 = 2,416)
/// ```
/// The paper gives two reasons: fewer connections (cheaper in 1998) and broken symmetry, so
/// that different C3 maps are forced to extract different features.
///
///     C3ConnectionTable.paper.inputs(of: 0)     // [0, 1, 2]
///     C3ConnectionTable.paper.parameterCount(kernel: 5)   // 1516
public struct C3ConnectionTable: Sendable, Equatable {
  /// `connections[k]` is the sorted list of input maps that output map `k` reads.
  public let connections: [[Int]]
  /// The number of input maps (6 for LeNet-5's S2).
  public let inputMaps: Int

  /// A table from explicit lists; every list must be non-empty and name maps in 0..<inputMaps.
  public init(inputMaps: Int, connections: [[Int]]) {
    precondition(
      connections.allSatisfy { !$0.isEmpty && $0.allSatisfy { (0..<inputMaps).contains($0) } },
      "every output map must read at least one input map in 0..<\(inputMaps)")
    self.inputMaps = inputMaps
    self.connections = connections.map { Array(Set($0)).sorted() }
  }

  /// The table of the 1998 paper (6 → 16 maps).
  public static let paper: C3ConnectionTable = {
    var lists: [[Int]] = []
    for k in 0..<6 { lists.append((0..<3).map { (k + $0) % 6 }) }  // 6 maps see 3 inputs
    for k in 0..<6 { lists.append((0..<4).map { (k + $0) % 6 }) }  // 6 maps see 4 neighbours
    for k in 0..<3 { lists.append([0, 1, 3, 4].map { (k + $0) % 6 }) }  // 3 see 4, in pairs
    lists.append(Array(0..<6))  // 1 map sees all 6
    return C3ConnectionTable(inputMaps: 6, connections: lists)
  }()

  /// The full table: every output map reads every input map.
  public static func full(inputMaps: Int, outputMaps: Int) -> C3ConnectionTable {
    C3ConnectionTable(
      inputMaps: inputMaps,
      connections: Array(repeating: Array(0..<inputMaps), count: outputMaps))
  }

  /// The number of output maps.
  public var outputMaps: Int { connections.count }

  /// The input maps read by output map `k`.
  public func inputs(of k: Int) -> [Int] { connections[k] }

  /// Whether output map `k` reads input map `c` (an "X" in the paper's table).
  public func connects(_ c: Int, to k: Int) -> Bool { connections[k].contains(c) }

  /// Learnable scalars of a convolution with this table: `Σ_k |inputs(k)|·R·S + K`.
  public func parameterCount(kernel: Int) -> Int {
    connections.reduce(0) { $0 + $1.count } * kernel * kernel + outputMaps
  }

  /// The table as the paper prints it: one row per input map, one column per output map.
  ///
  /// ```
  ///      0 1 2 3 4 5 6 7 8 9 …
  ///   0  X       X X X     X …
  /// ```
  public var drawing: String {
    var lines = ["   " + (0..<outputMaps).map { String($0).padded(3) }.joined()]
    for c in 0..<inputMaps {
      lines.append(
        String(c).padded(3) + (0..<outputMaps).map { connects(c, to: $0) ? "  X" : "  ·" }
          .joined())
    }
    return lines.joined(separator: "\n")
  }
}

extension String {
  /// Right-aligned in `width` columns.
  func padded(_ width: Int) -> String {
    String(repeating: " ", count: max(0, width - count)) + self
  }
}
