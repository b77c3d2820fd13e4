import CNNCore
import CrossCorrelation
import Testing

@Suite struct OuterAxisTests {
  @Test func outerSlicesStacksAndConcatenations() {
    let t = Tensor<Double>(shape: [3, 2], scalars: [0, 1, 2, 3, 4, 5])
    #expect(outerSlice(t, 1).scalars == [2, 3])
    #expect(outerSlice(t, 1..<3) == Tensor(shape: [2, 2], scalars: [2, 3, 4, 5]))
    #expect(outerStack([outerSlice(t, 0), outerSlice(t, 2)]).scalars == [0, 1, 4, 5])
    #expect(outerConcatenation([outerSlice(t, 0..<1), outerSlice(t, 1..<3)]) == t)
  }
}
