import CNNCore
import CrossCorrelation
import Testing

@Suite struct TextAndAxisTests {
  @Test func matrixTextAlignsColumns() {
    #expect(
      matrixText(Tensor<Double>(rows: [[19, 25], [37, 143]]))
        == "   19   25\n   37  143")
    // Non-integers get two decimals by default; −0 prints as 0.
    #expect(matrixText(Tensor<Double>(rows: [[0.5, -0.0]]), indent: "") == "0.50  0.00")
    #expect(matrixText(Tensor<Double>(rows: [[-0.001]]), decimals: 1, indent: "") == "0.0")
  }

  @Test func shadesSpanTheRange() {
    // 0 → " ", 0.5 → level ⌊2.5⌋ = 2 "▒", 1 → level 5 clamped to 4 "█".
    #expect(shadeText(Tensor<Double>(rows: [[0, 0.5, 1]])) == " ▒█")
    #expect(shadeText(Tensor<Double>(rows: [[0, 1]]), pixelWidth: 2) == "  ██")
  }

  @Test func sideBySidePadsEachBlock() {
    #expect(sideBySide(["a\nbb", "c"], separator: " | ") == "a  | c\nbb |")
  }

  @Test func outerSlicesStacksAndConcatenations() {
    let t = Tensor<Double>(shape: [3, 2], scalars: [0, 1, 2, 3, 4, 5])
    #expect(outerSlice(t, 1).scalars == [2, 3])
    #expect(outerSlice(t, 1..<3) == Tensor(shape: [2, 2], scalars: [2, 3, 4, 5]))
    #expect(outerStack([outerSlice(t, 0), outerSlice(t, 2)]).scalars == [0, 1, 4, 5])
    #expect(outerConcatenation([outerSlice(t, 0..<1), outerSlice(t, 1..<3)]) == t)
  }
}
