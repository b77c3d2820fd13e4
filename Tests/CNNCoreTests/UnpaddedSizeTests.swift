import CNNCore
import Testing

@Suite struct UnpaddedSizeTests {
  @Test func sizeBeforePadding() throws {
    // (5 − 1 − 1, 7 − 1 − 1) = (3, 5); leading axes are ignored.
    let size = try Padding2D(1).unpaddedSize(of: [2, 5, 7], operation: "pad2dBackward")
    #expect(size == (3, 5))
    // Asymmetric: (6 − 2 − 0, 4 − 0 − 3) = (4, 1).
    let uneven = Padding2D(top: 2, bottom: 0, left: 0, right: 3)
    let unevenSize = try uneven.unpaddedSize(of: [6, 4], operation: "op")
    #expect(unevenSize == (4, 1))
  }

  @Test func errorsNameTheOperation() {
    #expect(throws: GeometryError.self) {
      _ = try Padding2D(1).unpaddedSize(of: [5], operation: "pad2dBackward")
    }
    do {
      _ = try Padding2D(1).unpaddedSize(of: [2, 2], operation: "pad2dBackward")
      Issue.record("a 2×2 gradient with padding 1 leaves 0×0 and must throw")
    } catch {
      // 2 − 1 − 1 = 0 rows and columns.
      #expect("\(error)".contains("pad2dBackward"), "\(error)")
      #expect("\(error)".contains("leaves an input of 0×0"), "\(error)")
    }
  }
}
