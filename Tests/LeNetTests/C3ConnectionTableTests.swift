import CNNCore
import NeuralNetworks
import Testing

@testable import LeNet

@Suite struct C3ConnectionTableTests {
  /// Table I of LeCun et al. (1998): for each S2 map (row), the C3 maps (columns) that read it.
  static let paperRows: [[Int]] = [
    [0, 4, 5, 6, 9, 10, 11, 12, 14, 15],
    [0, 1, 5, 6, 7, 10, 11, 12, 13, 15],
    [0, 1, 2, 6, 7, 8, 11, 13, 14, 15],
    [1, 2, 3, 6, 7, 8, 9, 12, 14, 15],
    [2, 3, 4, 7, 8, 9, 10, 12, 13, 15],
    [3, 4, 5, 8, 9, 10, 11, 13, 14, 15],
  ]

  @Test func matchesThePaper() {
    let table = C3ConnectionTable.paper
    #expect(table.inputMaps == 6 && table.outputMaps == 16)
    for c in 0..<6 {
      let columns = (0..<16).filter { table.connects(c, to: $0) }
      #expect(columns == Self.paperRows[c], "S2 map \(c)")
    }
  }

  @Test func parameterCount() {
    let table = C3ConnectionTable.paper
    let sizes = table.connections.map(\.count)
    #expect(sizes.filter { $0 == 3 }.count == 6)
    #expect(sizes.filter { $0 == 4 }.count == 9)
    #expect(sizes.filter { $0 == 6 }.count == 1)
    #expect(sizes.reduce(0, +) == 60)  // 6·3 + 9·4 + 1·6 = 18 + 36 + 6
    #expect(table.parameterCount(kernel: 5) == 1_516)  // 60·25 + 16
    #expect(C3ConnectionTable.full(inputMaps: 6, outputMaps: 16).parameterCount(kernel: 5) == 2_416)
  }

  /// The sliced convolution equals a full convolution whose unconnected weights are zero,
  /// forward and backward.
  @Test func slicesEqualMaskedFullConvolution() {
    let table = C3ConnectionTable.paper
    var g = SeededGenerator(seed: 11)
    let sparse = SparseConv2D(table: table, kernel: 3, generator: &g)
    let full = Conv2D(inChannels: 6, outChannels: 16, kernel: 3, seed: 1)
    var w = Tensor<Float>(zeros: [16, 6, 3, 3])
    for k in 0..<16 {
      for (j, c) in table.inputs(of: k).enumerated() {
        for t in 0..<9 {
          w.scalars[(k * 6 + c) * 9 + t] = sparse.weights[k].value.scalars[j * 9 + t]
        }
      }
    }
    full.weight.value = w
    sparse.bias.value = Tensor(shape: [16], uniformIn: -1...1, using: &g)
    full.bias!.value = sparse.bias.value
    let x = Tensor<Float>(shape: [3, 6, 7, 6], uniformIn: -1...1, using: &g)
    let ys = sparse.forward(x, training: true), yf = full.forward(x, training: true)
    #expect(ys.shape == [3, 16, 5, 4])  // 7 − 3 + 1 = 5, 6 − 3 + 1 = 4
    let tolerance: Float = 1e-5
    #expect(maxDifference(ys, yf) < tolerance)
    let dy = Tensor<Float>(shape: ys.shape, uniformIn: -1...1, using: &g)
    let dxs = sparse.backward(dy), dxf = full.backward(dy)
    #expect(maxDifference(dxs, dxf) < tolerance)
    #expect(maxDifference(sparse.bias.gradient, full.bias!.gradient) < 1e-4)
    for k in 0..<16 {
      for (j, c) in table.inputs(of: k).enumerated() {
        for t in 0..<9 {
          let a = sparse.weights[k].gradient.scalars[j * 9 + t]
          let b = full.weight.gradient.scalars[(k * 6 + c) * 9 + t]
          #expect(abs(a - b) < 1e-4, "map \(k) input \(c) tap \(t): \(a) vs \(b)")
        }
      }
    }
  }

  @Test func rejectsWrongChannelCount() throws {
    let sparse = SparseConv2D(table: .paper, kernel: 5)
    #expect(throws: GeometryError.self) { try sparse.outputShape(for: [5, 14, 14]) }
    #expect(throws: GeometryError.self) { try sparse.outputShape(for: [6, 4, 14]) }
    #expect(try sparse.outputShape(for: [6, 14, 14]) == [16, 10, 10])
  }
}

func maxDifference(_ a: Tensor<Float>, _ b: Tensor<Float>) -> Float {
  precondition(a.shape == b.shape, "\(a.shape) vs \(b.shape)")
  return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
}
