import CNNCore
import Datasets
import Testing
@testable import NeuralNetworks

@Suite("Sequential")
struct SequentialTests {
  @Test func namesLayersAndParameters() throws {
    let model = try Sequential(
      inputShape: [1, 2, 2],
      layers: [
        TestDense(inputSize: 4, outputSize: 3), TestNaNAfter(nanAt: .max),
        TestDense(inputSize: 3, outputSize: 2),
      ])
    #expect(model.layers.map(\.name) == ["dense1", "nanafter1", "dense2"])
    #expect(model.parameters.map(\.name)
      == ["dense1.weight", "dense1.bias", "dense2.weight", "dense2.bias"])
    #expect(model.shapes == [[3], [3], [2]])
    // 3·4 + 3 + 2·3 + 2 = 23
    #expect(model.parameterCount == 23)
  }

  @Test func keepsGivenNames() throws {
    let first = TestDense(inputSize: 4, outputSize: 2)
    first.name = "classifier"
    let model = try Sequential(inputShape: [4], layers: [first])
    #expect(model.layers[0].name == "classifier")
    #expect(model.parameters[0].name == "classifier.weight")
  }

  @Test func shapeErrorNamesTheLayer() {
    // dense1 maps 4 → 3, so dense2, which expects 5 features, cannot follow it.
    #expect {
      try Sequential(
        inputShape: [1, 2, 2],
        layers: [TestDense(inputSize: 4, outputSize: 3), TestDense(inputSize: 5, outputSize: 2)])
    } throws: { error in
      let text = String(describing: error)
      return text.contains("layer 2 'dense2' (Dense) cannot take input [3]")
        && text.contains("expected 5 input features, got 3")
    }
  }

  @Test func repeatedLayerAndDuplicateName() {
    let dense = TestDense(inputSize: 4, outputSize: 4)
    #expect(throws: TrainingError.repeatedLayer(name: "dense1", firstIndex: 0, secondIndex: 1)) {
      try Sequential(inputShape: [4], layers: [dense, dense])
    }
    let a = TestDense(inputSize: 4, outputSize: 4)
    let b = TestDense(inputSize: 4, outputSize: 4)
    a.name = "same"
    b.name = "same"
    #expect(throws: TrainingError.duplicateName("same")) {
      try Sequential(inputShape: [4], layers: [a, b])
    }
  }

  @Test func summaryTable() throws {
    let model = try Sequential(
      inputShape: [1, 2, 2],
      layers: [TestDense(inputSize: 4, outputSize: 300), TestDense(inputSize: 300, outputSize: 10)])
    let text = model.summary()
    print(text)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("layer"))
    #expect(lines[2].hasPrefix("input"))
    #expect(lines[2].contains("1×2×2"))
    // dense1: 300·4 + 300 = 1,500;  dense2: 10·300 + 10 = 3,010;  total 4,510
    #expect(lines[3].hasPrefix("dense1") && lines[3].hasSuffix("1,500"))
    #expect(lines[4].hasPrefix("dense2") && lines[4].hasSuffix("3,010"))
    #expect(lines.last == "total parameters: 4,510")
    #expect(Set(lines.dropLast().map(\.count)).count <= 2)  // aligned columns
  }

  @Test func groupedThousands() {
    #expect(grouped(0) == "0")
    #expect(grouped(999) == "999")
    #expect(grouped(61706) == "61,706")
    #expect(grouped(1_234_567) == "1,234,567")
  }

  @Test func dataErrors() throws {
    let data = syntheticTopBottom(count: 8, seed: 1)
    let uncompiled = try Sequential(
      inputShape: [1, 2, 2], layers: [TestDense(inputSize: 4, outputSize: 2)])
    #expect(throws: TrainingError.notCompiled) {
      try uncompiled.fit(x: data.x, y: data.y, verbosity: .silent)
    }
    let model = try tinyModel()
    let wrongShape = ImageSet(pixels: [UInt8](repeating: 0, count: 16), shape: [1, 4, 4])
    #expect(throws: TrainingError.inputShapeMismatch(expected: [1, 2, 2], found: [1, 4, 4])) {
      try model.fit(x: wrongShape, y: [0], verbosity: .silent)
    }
    #expect(throws: TrainingError.labelCountMismatch(images: 8, labels: 7)) {
      try model.evaluate(x: data.x, y: Array(data.y.prefix(7)))
    }
    var bad = data.y
    bad[5] = 2
    #expect(throws: TrainingError.labelOutOfRange(index: 5, label: 2, classes: 2)) {
      try model.fit(x: data.x, y: bad, verbosity: .silent)
    }
    #expect(throws: TrainingError.self) {
      try model.fit(x: data.x, y: data.y, validationSplit: 1.0, verbosity: .silent)
    }
  }

  @Test func predictGivesProbabilities() throws {
    let model = try tinyModel()
    let data = syntheticTopBottom(count: 5, seed: 2)
    let p = try model.predict(x: data.x, batchSize: 2)
    #expect(p.shape == [5, 2])
    for row in p.rows { #expect(abs(row.reduce(0, +) - 1) < 1e-6) }
  }
}
