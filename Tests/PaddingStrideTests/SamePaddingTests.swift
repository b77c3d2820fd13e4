import CNNCore
import PaddingStride
import Testing

@Suite struct SamePaddingTests {
  @Test func strideOneHandComputed() throws {
    // total F − 1, ⌊/2⌋ before, the rest after
    #expect(try samePadding(kernel: 1) == (0, 0))  // 0 = 0 + 0
    #expect(try samePadding(kernel: 2) == (0, 1))  // 1 = 0 + 1
    #expect(try samePadding(kernel: 3) == (1, 1))  // 2 = 1 + 1
    #expect(try samePadding(kernel: 4) == (1, 2))  // 3 = 1 + 2, as TensorFlow
    #expect(try samePadding(kernel: 5) == (2, 2))  // 4 = 2 + 2
    #expect(try samePadding(kernel: 7) == (3, 3))  // 6 = 3 + 3
    // dilation 2 makes a 3-tap kernel span 5: total 4 = 2 + 2
    #expect(try samePadding(kernel: 3, dilation: 2) == (2, 2))
  }

  @Test func tensorFlowSameWithStride() throws {
    // out = ⌈224/2⌉ = 112; total = 111·2 + 7 − 224 = 5 → (2, 3)
    #expect(try samePadding(input: 224, kernel: 7, stride: 2) == (2, 3))
    // out = ⌈5/2⌉ = 3; total = 2·2 + 3 − 5 = 2 → (1, 1)   (the CS231n demo's P = 1)
    #expect(try samePadding(input: 5, kernel: 3, stride: 2) == (1, 1))
    // out = ⌈6/2⌉ = 3; total = 2·2 + 3 − 6 = 1 → (0, 1)
    #expect(try samePadding(input: 6, kernel: 3, stride: 2) == (0, 1))
    // out = ⌈6/4⌉ = 2; total = max(1·4 + 1 − 6, 0) = 0
    #expect(try samePadding(input: 6, kernel: 1, stride: 4) == (0, 0))
  }

  @Test func samePaddingGivesCeilOfNOverS() throws {
    for n in 1...40 {
      for f in 1...9 {
        for s in 1...4 {
          for d in 1...3 {
            let (before, after) = try samePadding(input: n, kernel: f, stride: s, dilation: d)
            let out = try outputSize(
              input: n, kernel: f, stride: s, padding: (before, after), dilation: d,
              rounding: .floor)
            #expect(out == (n + s - 1) / s, "N \(n) F \(f) S \(s) D \(d): (\(before), \(after))")
            #expect(after - before == 0 || after - before == 1)
          }
        }
      }
    }
  }

  @Test func evenKernelsNeedAsymmetricPadding() throws {
    // F = 4 at stride 1 with (1, 2): (N − 4 + 1 + 2)/1 + 1 = N
    for n in 1...20 {
      #expect(try outputSize(input: n, kernel: 4, padding: (1, 2)) == n)
    }
  }

  @Test func paddingToKeepSizeHandComputed() throws {
    // P = (N(S − 1) + F − S)/2
    #expect(try paddingToKeepSize(input: 5, kernel: 3) == 1)  // (0 + 3 − 1)/2 = 1
    #expect(try paddingToKeepSize(input: 5, kernel: 5) == 2)  // (0 + 5 − 1)/2 = 2
    #expect(try paddingToKeepSize(input: 5, kernel: 3, stride: 2) == 3)  // (5 + 3 − 2)/2 = 3
    #expect(try paddingToKeepSize(input: 32, kernel: 3, stride: 3) == 32)  // (64 + 0)/2 = 32
    do {
      _ = try paddingToKeepSize(input: 5, kernel: 4)  // (0 + 4 − 1)/2 = 3/2
      Issue.record("an even kernel at stride 1 has no equal padding")
    } catch let error as GeometryError {
      #expect(error.message.contains("(5·0 + 4 − 1)/2 = 3/2 is not an integer"), "\(error)")
      #expect(error.message.contains("pad 1 before and 2 after"))
    } catch { Issue.record("unexpected \(error)") }
  }

  @Test func paddingToKeepSizeKeepsTheSizeWheneverItExists() throws {
    var solved = 0
    for n in 1...30 {
      for f in 1...7 {
        for s in 1...4 {
          let total = n * (s - 1) + f - s
          do {
            let p = try paddingToKeepSize(input: n, kernel: f, stride: s)
            #expect(try outputSize(input: n, kernel: f, stride: s, padding: p) == n)
            solved += 1
          } catch is GeometryError {
            #expect(total % 2 == 1, "N \(n) F \(f) S \(s) threw but \(total) is even")
          }
        }
      }
    }
    #expect(solved > 300)
  }

  @Test func oddKernelAdviceOnlyWhereItHelps() {
    // S = 1, F = 4: (32·0 + 4 − 1) = 3 is odd, and any odd F would make it even.
    #expect(throws: GeometryError.self) { try paddingToKeepSize(input: 32, kernel: 4) }
    do { _ = try paddingToKeepSize(input: 32, kernel: 4) } catch {
      #expect("\(error)".contains("choose an odd kernel"), "\(error)")
    }
    // S = 2, F = 3 (already odd): (32·1 + 3 − 2) = 33 is odd because of N and S.
    #expect(throws: GeometryError.self) { try paddingToKeepSize(input: 32, kernel: 3, stride: 2) }
    do { _ = try paddingToKeepSize(input: 32, kernel: 3, stride: 2) } catch {
      #expect(!"\(error)".contains("odd kernel"), "\(error)")
      #expect("\(error)".contains("N(S − 1) + F − S is even"), "\(error)")
    }
  }
}
