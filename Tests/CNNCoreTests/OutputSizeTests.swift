import CNNCore
import Testing

@Suite struct OutputSizeTests {
  @Test func handComputedSizes() throws {
    // (227 − 11 + 2·0)/4 + 1 = 216/4 + 1 = 55   (AlexNet conv1)
    #expect(try outputSize(input: 227, kernel: 11, stride: 4) == 55)
    // (5 − 3 + 2·1)/1 + 1 = 5                    ("same" padding for F = 3)
    #expect(try outputSize(input: 5, kernel: 3, padding: 1) == 5)
    // (5 − 3 + 2·0)/2 + 1 = 2
    #expect(try outputSize(input: 5, kernel: 3, stride: 2) == 2)
    // ⌊(224 − 11 + 2·1)/4⌋ + 1 = ⌊215/4⌋ + 1 = 53 + 1 = 54   (PyTorch's floor)
    #expect(try outputSize(input: 224, kernel: 11, stride: 4, padding: 1, rounding: .floor) == 54)
    // dilation 2 makes a 3-tap kernel span 2·(3 − 1) + 1 = 5: (7 − 5)/1 + 1 = 3
    #expect(try outputSize(input: 7, kernel: 3, dilation: 2) == 3)
    // asymmetric padding (0, 1): (4 − 2 + 0 + 1)/1 + 1 = 4
    #expect(try outputSize(input: 4, kernel: 2, padding: (0, 1)) == 4)
  }

  @Test func ceilModeMatchesPyTorchPooling() throws {
    // ⌈(5 − 2)/2⌉ + 1 = 2 + 1 = 3 (the last window starts at 4 < 5, inside the input)
    #expect(try outputSize(input: 5, kernel: 2, stride: 2, rounding: .ceil) == 3)
    // ⌈(4 − 2)/2⌉ + 1 = 2; exact tiling, ceil changes nothing
    #expect(try outputSize(input: 4, kernel: 2, stride: 2, rounding: .ceil) == 2)
    // with padding 1: ⌈(5 + 2 − 3)/2⌉ + 1 = 3; a 4th window would start at 6 ≥ 5 + 1
    #expect(try outputSize(input: 5, kernel: 3, stride: 2, padding: 1, rounding: .ceil) == 3)
  }

  @Test func strictRuleExplainsTheArithmetic() {
    do {
      _ = try outputSize(input: 7, kernel: 3, stride: 3)
      Issue.record("expected an error")
    } catch let error as GeometryError {
      #expect(error.message.contains("(7 − 3 + 2·0) = 4 is not divisible by stride 3"), "\(error)")
      #expect(error.message.contains(".floor"))
    } catch { Issue.record("unexpected error \(error)") }
  }

  @Test func invalidValuesAreRejectedWithReasons() {
    #expect(throws: GeometryError.self) { try outputSize(input: 3, kernel: 5) }
    #expect(throws: GeometryError.self) { try outputSize(input: 0, kernel: 1) }
    #expect(throws: GeometryError.self) { try outputSize(input: 5, kernel: 3, stride: 0) }
    #expect(throws: GeometryError.self) { try outputSize(input: 5, kernel: 3, padding: -1) }
    #expect(throws: GeometryError.self) { try outputSize(input: 5, kernel: 3, dilation: 0) }
  }

  @Test func convGeometryValidatesGroupsAndShapes() throws {
    let g = try Conv2DGeometry(batch: 2, inChannels: 32, height: 8, width: 8, outChannels: 32,
                               kernel: 3, padding: 1, groups: 32)
    // depthwise 3×3 on 32 channels: 3·3·1·32 = 288 weights + 32 biases = 320
    #expect(g.parameterCount == 320)
    #expect(g.weightShape == [32, 1, 3, 3])
    #expect(g.outputShape == [2, 32, 8, 8])
    #expect(throws: GeometryError.self) {
      try Conv2DGeometry(
        batch: 1, inChannels: 10, height: 8, width: 8, outChannels: 6, kernel: 3, groups: 3)
    }
    // CS231n demo: 5×5×3 input, 2 filters 3×3, S = 2, P = 1 → (5 − 3 + 2)/2 + 1 = 3
    let demo = try Conv2DGeometry(batch: 1, inChannels: 3, height: 5, width: 5, outChannels: 2,
                                  kernel: 3, stride: 2, padding: 1)
    #expect(demo.outputShape == [1, 2, 3, 3])
    // (3·3·3)·2 + 2 = 56 parameters
    #expect(demo.parameterCount == 56)
  }
}
