import CNNCore
import Datasets
import Testing

@Suite struct SyntheticDigitsTests {
  @Test func digitsLookLikeMNISTDigits() {
    for index in 0..<5 {
      let x = syntheticDigit(index, as: Float.self)
      #expect(x.shape == [28, 28])
      #expect(x.scalars.allSatisfy { $0 >= 0 && $0 <= 1 } && x.scalars.contains(1))
      let inked = x.scalars.filter { $0 > 0.5 }.count
      #expect(inked > 40 && inked < 250, "digit \(index): MNIST inks ~100–200 of 784: \(inked)")
    }
  }

  @Test func digitsLeaveAMargin() {
    // Strokes inside the central 20×20 box (plus their soft edge): rows and columns 0–2 and
    // 25–27 are empty, so shifting by up to 3 pixels loses nothing.
    for index in 0..<5 {
      let x = syntheticDigit(index, as: Double.self)
      for h in 0..<28 {
        for w in 0..<28 where h < 3 || h > 24 || w < 3 || w > 24 {
          #expect(x[h, w] == 0, "digit \(index) at (\(h), \(w))")
        }
      }
    }
  }

  @Test func indexWrapsAroundAndTypesAgree() {
    // Five shapes: index 9 is index 4 (the 7), and −1 is 4 as well ((−1 mod 5 + 5) mod 5 = 4).
    #expect(syntheticDigit(9, as: Float.self) == syntheticDigit(4, as: Float.self))
    #expect(syntheticDigit(-1, as: Float.self) == syntheticDigit(4, as: Float.self))
    #expect(syntheticDigit(4, as: Double.self).converted(to: Float.self) == syntheticDigit(4))
  }
}
