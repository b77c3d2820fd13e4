import CNNCore
import PaddingStride
import Testing

/// The output-size formula in its two conventions, its strict form and PyTorch's floor.
@Suite struct OutputSizeConventionTests {
  @Test func totalPaddingHandComputed() throws {
    // ⌊(n − k + p + s)/s⌋:
    // ⌊(8 − 3 + 2 + 3)/3⌋ = ⌊10/3⌋ = 3
    #expect(try outputSizeTotalPadding(input: 8, kernel: 3, stride: 3, totalPadding: 2) == 3)
    // ⌊(5 − 3 + 2 + 1)/1⌋ = 5   (2 = padding 1 on each side)
    #expect(try outputSizeTotalPadding(input: 5, kernel: 3, totalPadding: 2) == 5)
    // ⌊(5 − 3 + 0 + 2)/2⌋ = ⌊4/2⌋ = 2
    #expect(try outputSizeTotalPadding(input: 5, kernel: 3, stride: 2) == 2)
    // ⌊(224 − 11 + 0 + 4)/4⌋ = ⌊217/4⌋ = 54   (AlexNet on 224, PyTorch)
    #expect(try outputSizeTotalPadding(input: 224, kernel: 11, stride: 4) == 54)
    // odd total padding 3 (1 before, 2 after): ⌊(6 − 4 + 3 + 1)/1⌋ = 6
    #expect(try outputSizeTotalPadding(input: 6, kernel: 4, totalPadding: 3) == 6)
  }

  @Test func totalPaddingRejectsInvalidInput() {
    #expect(throws: GeometryError.self) { try outputSizeTotalPadding(input: 3, kernel: 5) }
    #expect(throws: GeometryError.self) {
      try outputSizeTotalPadding(input: 3, kernel: 1, stride: 0)
    }
    #expect(throws: GeometryError.self) {
      try outputSizeTotalPadding(input: 3, kernel: 1, totalPadding: -1)
    }
  }

  /// `⌊(n − k + p + s)/s⌋` equals `(W − F + 2P)/S + 1` with floor, for every small case:
  /// with `p = 2P` when p is even, and with `(⌊p/2⌋, ⌈p/2⌉)` on the two sides always.
  @Test func bothConventionsAgree() throws {
    var compared = 0
    var exactCompared = 0
    for n in 1...16 {
      for p in 0...6 {
        for k in 1...(n + p) {
          for s in 1...5 {
            let d2l = try outputSizeTotalPadding(input: n, kernel: k, stride: s, totalPadding: p)
            let split = try outputSize(
              input: n, kernel: k, stride: s, padding: (p / 2, p - p / 2), rounding: .floor)
            #expect(d2l == split, "n \(n) k \(k) s \(s) p \(p): \(d2l) vs \(split)")
            if p % 2 == 0 {
              let cs231n = try outputSize(
                input: n, kernel: k, stride: s, padding: p / 2, rounding: .floor)
              #expect(d2l == cs231n, "n \(n) k \(k) s \(s) P \(p / 2)")
            }
            if (n - k + p) % s == 0 {  // the windows tile: the strict rule agrees too
              let strict = try outputSize(
                input: n, kernel: k, stride: s, padding: (p / 2, p - p / 2))
              #expect(d2l == strict)
              exactCompared += 1
            }
            compared += 1
          }
        }
      }
    }
    // Σ_{n=1…16} Σ_{p=0…6} (n + p)·5 = 5·(7·136 + 21·16) = 6,440 cases, 3,094 of them exact
    #expect(compared == 6_440 && exactCompared == 3_094, "\(compared), \(exactCompared)")
  }

  @Test func strictRuleNamesTheArithmeticAndTheDroppedRows() {
    // AlexNet's 11×11/4 on 224 without padding: 224 − 11 = 213 = 4·53 + 1.
    do {
      _ = try outputSize(input: 224, kernel: 11, stride: 4)
      Issue.record("224 should not tile")
    } catch let error as GeometryError {
      #expect(error.message.contains("(224 − 11 + 2·0) = 213 is not divisible by stride 4"))
      #expect(error.message.contains("ignores the last 1 input position"), "\(error)")
    } catch { Issue.record("unexpected \(error)") }
  }

  @Test func alexNetFirstLayer() throws {
    // (227 − 11 + 2·0)/4 + 1 = 216/4 + 1 = 55
    #expect(try outputSize(input: 227, kernel: 11, stride: 4) == 55)
    // ⌊213/4⌋ + 1 = 53 + 1 = 54   (PyTorch on the paper's 224)
    #expect(try outputSize(input: 224, kernel: 11, stride: 4, rounding: .floor) == 54)
    // torchvision pads 2: ⌊(224 − 11 + 4)/4⌋ + 1 = ⌊217/4⌋ + 1 = 54 + 1 = 55
    #expect(try outputSize(input: 224, kernel: 11, stride: 4, padding: 2, rounding: .floor) == 55)
  }

  /// Floor drops exactly `(W − F + 2P) mod S` positions at the end: the last window ends at
  /// `(out − 1)·S + F − 1`, and everything after it in the padded input is never read.
  @Test func floorDropsTheRemainder() throws {
    for w in 1...30 {
      for f in 1...min(w, 7) {
        for s in 1...5 {
          let out = try outputSize(input: w, kernel: f, stride: s, rounding: .floor)
          let covered = (out - 1) * s + f
          #expect(w - covered == (w - f) % s, "W \(w) F \(f) S \(s)")
        }
      }
    }
    // 224: windows start at 0, 4, …, 212 (54 of them); the last covers 212…222, so row 223
    // is never read: 224 − (53·4 + 11) = 224 − 223 = 1.
    let covered: Int = 53 * 4 + 11
    #expect(covered == 223)
  }

  @Test func commonSettingsKeepTheSize() throws {
    for w in 1...64 {
      // F3 S1 P1: (W − 3 + 2)/1 + 1 = W;  F5 S1 P2: (W − 5 + 4) + 1 = W;  F1 S1 P0: W
      #expect(try outputSize(input: w, kernel: 3, padding: 1) == w)
      #expect(try outputSize(input: w, kernel: 5, padding: 2) == w)
      #expect(try outputSize(input: w, kernel: 1) == w)
    }
  }
}
