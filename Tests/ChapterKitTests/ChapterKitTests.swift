import CNNCore
import ChapterKit
import Testing

@Suite struct NumberTextTests {
  @Test func numbersAsPeopleWriteThem() {
    #expect(number(19.0) == "19")
    #expect(number(-0.0) == "0")  // Int(-0.0) = 0
    #expect(number(1.0 / 3) == "0.3333")  // %.4g keeps four significant digits
    #expect(number(Float(2.5)) == "2.5")
    #expect(number(1234.5678, digits: 3) == "1.23e+03")  // %.3g
    #expect(scientific(2.4e-7) == "2.4e-07")
    #expect(scientific(0) == "0")
    #expect(grouped(34944) == "34,944")
    #expect(grouped(-1_234_567) == "-1,234,567")
    #expect(grouped(999) == "999")
    #expect(shapeText([1, 6, 28, 28]) == "1×6×28×28")
  }
}

@Suite struct MatrixTextTests {
  @Test func columnsAreRightAligned() {
    // The widest cell, "143", sets the width: "19" gets one space of padding.
    #expect(
      matrixText(Tensor<Double>(rows: [[19, 25], [37, 143]])) == "   19   25\n   37  143")
    #expect(matrixText([[1, 2], [3, 4]], separator: " ") == "  1 2\n  3 4")
  }

  @Test func decimalsAndNegativeZero() {
    // Without `decimals` a cell is number(v); with it a fixed count, and −0.0 prints as 0.
    #expect(matrixText(Tensor<Double>(rows: [[0.5, -0.0]]), indent: "") == "0.5    0")
    #expect(
      matrixText(Tensor<Double>(rows: [[0.5, -0.0]]), decimals: 2, indent: "") == "0.50  0.00")
    #expect(matrixText(Tensor<Double>(rows: [[-0.001]]), decimals: 1, indent: "") == "0.0")
  }

  @Test func rankOneIsOneRow() {
    #expect(matrixText(Tensor<Float>(shape: [3], scalars: [1, 2, 3]), indent: "") == "1  2  3")
  }

  @Test func blocksGetRulesAndZerosDots() {
    // 2×2 blocks of a 4×4 matrix with separator " ": width 1, so a row is "a b │ c d".
    let m = Tensor<Double>(rows: [[1, 0, 2, 0], [0, 1, 0, 2], [3, 0, 4, 0], [0, 3, 0, 4]])
    let text = matrixText(m, indent: "", separator: " ", blockRows: 2, blockColumns: 2)
    #expect(
      text.split(separator: "\n") == [
        "1 · │ 2 ·", "· 1 │ · 2", "────┼────", "3 · │ 4 ·", "· 3 │ · 4",
      ])
  }
}

@Suite struct PlaneTests {
  @Test func planesOfEveryRank() {
    // NCHW 2×2×1×2 = [1, 2 | 3, 4 || 5, 6 | 7, 8]: plane (1, 0) starts at (1·2 + 0)·2 = 4.
    let t = Tensor<Float>(shape: [2, 2, 1, 2], scalars: (1...8).map(Float.init))
    #expect(plane(t, 1, 0).rows == [[5, 6]])
    #expect(plane(t, 0, 1).rows == [[3, 4]])
    // CHW: channel 1 of 2 × (2×1).
    let chw = Tensor<Double>(shape: [2, 2, 1], scalars: [1, 2, 3, 4])
    #expect(plane(chw, 0, 1).rows == [[3], [4]])
    // A rank-2 tensor is its own plane.
    #expect(plane(Tensor<Double>(rows: [[1, 2]])).rows == [[1, 2]])
  }
}

@Suite struct PictureTests {
  @Test func shadesSpanTheRange() {
    // 0 → " ", 0.5 → level ⌊5·0.5⌋ = 2 "▒", 1 → level 5 clamped to 4 "█".
    #expect(shadeText(Tensor<Double>(rows: [[0, 0.5, 1]])) == " ▒█")
    #expect(shadeText(Tensor<Double>(rows: [[0, 1]]), pixelWidth: 2) == "  ██")
    // A constant map has no span: every entry is at level 0.
    #expect(shadeText(Tensor<Double>(rows: [[3, 3]])) == "  ")
  }

  @Test func framedPicture() {
    let text = shadeText(Tensor<Double>(rows: [[0, 1]]), indent: " ", framed: true)
    #expect(text == " ┌──┐\n │ █│\n └──┘")
  }

  @Test func sideBySidePadsEachBlock() {
    #expect(sideBySide(["a\nbb", "c"], separator: " | ") == "a  | c\nbb |")
    #expect(sideBySide(["x", "y\nz"]) == "x    y\n     z")  // default separator: 4 spaces
  }

  @Test func headingIsEightyEightColumnsForShortTitles() {
    // "── " (3) + title + " " (1) + 84 − title.count rules = 88 characters.
    #expect(sectionHeading("1. corr2d").count == 88)
    #expect(sectionHeading("1. corr2d").hasPrefix("── 1. corr2d ───"))
  }
}

@Suite struct VerificationTests {
  @Test func verificationLineListsEveryComparison() {
    #expect(
      verificationLine([("scalar vs vectorized", 2.4e-7)])
        == "verified: scalar vs vectorized max |diff| = 2.4e-07")
    #expect(
      verificationLine([("a", 0), ("b", 1.5e-3)], note: "(3 configurations)")
        == "verified: a max |diff| = 0, b max |diff| = 1.5e-03 (3 configurations)")
  }

  @Test func maxAbsDifferenceOfLists() {
    #expect(maxAbsDifference([1.0, 2, 3], [1, 2.5, 3]) == 0.5)  // |2 − 2.5| = 0.5
    #expect(maxAbsDifference([Float](), []) == 0)
    #expect(maxAbsDifference([Float(2)], [-1]) == 3)  // |2 − (−1)| = 3
  }

  @Test func medianOfRunsCallsTheBodyEachTime() {
    var calls = 0
    let t = medianSeconds(runs: 3) { calls += 1 }
    #expect(calls == 3)
    #expect(t >= 0)
  }
}
