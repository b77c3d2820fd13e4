import CNNCore
import Pooling
import Testing

/// The chapter's worked examples, with the arithmetic in the comments, for both the scalar
/// references (Double) and the vectorized kernels (Float). All values are exact.
@Suite struct WorkedExampleTests {
  /// 2×2 window, stride 1, on the 3×3 input 0…8.
  let twoByTwo = try! Pool2DGeometry(
    batch: 1, channels: 1, height: 3, width: 3, kernel: 2, stride: 1)

  @Test func maxPoolOfZeroToEight() {
    // Windows [[0,1],[3,4]], [[1,2],[4,5]], [[3,4],[6,7]], [[4,5],[7,8]]:
    //   max(0,1,3,4) = 4, max(1,2,4,5) = 5, max(3,4,6,7) = 7, max(4,5,7,8) = 8.
    let reference = maxPool2DReference(input: zeroToEight(Double.self), geometry: twoByTwo)
    #expect(plane(reference.output) == [[4, 5], [7, 8]])
    #expect(reference.argmax == [4, 5, 7, 8])  // the bottom-right cell of each window
    let fast = maxPool2D(input: zeroToEight(Float.self), geometry: twoByTwo)
    #expect(plane(fast.output) == [[4, 5], [7, 8]])
    #expect(fast.argmax == [4, 5, 7, 8])
  }

  @Test func averagePoolOfZeroToEight() {
    // (0+1+3+4)/4 = 2, (1+2+4+5)/4 = 3, (3+4+6+7)/4 = 5, (4+5+7+8)/4 = 6.
    #expect(
      plane(avgPool2DReference(input: zeroToEight(Double.self), geometry: twoByTwo))
        == [[2, 3], [5, 6]])
    #expect(
      plane(avgPool2D(input: zeroToEight(Float.self), geometry: twoByTwo)) == [[2, 3], [5, 6]])
  }

  @Test func outputSizeKeepsTheDepth() throws {
    // (224 − 2)/2 + 1 = 112; the 64 channels are pooled one by one.
    let vgg = try Pool2DGeometry(batch: 1, channels: 64, height: 224, width: 224, kernel: 2)
    #expect(vgg.outputShape == [1, 64, 112, 112] && vgg.parameterCount == 0)
    #expect(vgg.description == "pool 2×2/2  64×224×224 → 64×112×112")
    // AlexNet: (55 − 3)/2 + 1 = 27, (27 − 3)/2 + 1 = 13, (13 − 3)/2 + 1 = 6.
    for (input, output) in [(55, 27), (27, 13), (13, 6)] {
      let g = try Pool2DGeometry(
        batch: 1, channels: 96, height: input, width: input, kernel: 3, stride: 2)
      #expect(g.outHeight == output && g.outWidth == output && g.isOverlapping)
    }
  }

  @Test func countIncludePadAtTheBorder() throws {
    // 3×3/1 with padding 1 on 0…8. Corner (0, 0): real cells 0, 1, 3, 4 (sum 8);
    //   with padding counted 8/9, without 8/4 = 2.
    // Edge (0, 1): real cells 0…5 (sum 15): 15/9 = 5/3, or 15/6 = 2.5.
    // Centre (1, 1): all nine real (sum 36): 36/9 = 4 either way.
    let g = try Pool2DGeometry(
      batch: 1, channels: 1, height: 3, width: 3, kernel: 3, stride: 1, padding: 1)
    let included = avgPool2DReference(
      input: zeroToEight(Double.self), geometry: g, countIncludePad: true)
    let excluded = avgPool2DReference(
      input: zeroToEight(Double.self), geometry: g, countIncludePad: false)
    #expect(abs(included[0, 0, 0, 0] - 8.0 / 9) < 1e-15 && excluded[0, 0, 0, 0] == 2)
    #expect(abs(included[0, 0, 0, 1] - 15.0 / 9) < 1e-15 && excluded[0, 0, 0, 1] == 2.5)
    #expect(included[0, 0, 1, 1] == 4 && excluded[0, 0, 1, 1] == 4)
    // Divisors of the whole output: 9 everywhere with padding; 4 6 4 / 6 9 6 / 4 6 4 without.
    let divisors = (0..<3).map { p in
      (0..<3).map { q in g.averageDivisor(row: p, column: q, countIncludePad: false) }
    }
    #expect(divisors == [[4, 6, 4], [6, 9, 6], [4, 6, 4]])
  }

  @Test func ceilModeWindowHangingPastThePaddedInput() throws {
    // 1×6 input 1…6, window 3, stride 2, padding 1, ceil mode.
    //   Width: (6 − 3 + 2)/2 = 2.5 → ⌈2.5⌉ + 1 = 4 windows (floor would give 3); the last one
    //   starts at 3·2 − 1 = 5 < 6, inside the input, so PyTorch keeps it.
    //   Height: (1 − 3 + 2)/1 + 1 = 1.
    // Window 0 covers columns −1, 0, 1 and rows −1, 0, 1; real cells x[0], x[1] = 1 + 2 = 3.
    //   With padding counted: 3 rows · 3 columns = 9 → 3/9 = 1/3. Without: 1·2 = 2 → 1.5.
    // Window 3 covers columns 5, 6, 7: 5 is real, 6 is padding, 7 lies beyond the padded input
    //   (which ends at 6 + 1 = 7): with padding counted 3 rows · 2 columns = 6 → 6/6 = 1;
    //   without, 1·1 = 1 → 6/1 = 6.
    let g = try Pool2DGeometry(
      batch: 1, channels: 1, height: 1, width: 6, kernel: 3, stride: 2, padding: 1, rounding: .ceil)
    #expect(g.outputShape == [1, 1, 1, 4])
    let x = Tensor<Double>(shape: [1, 1, 1, 6], scalars: [1, 2, 3, 4, 5, 6])
    let included = avgPool2DReference(input: x, geometry: g, countIncludePad: true)
    let excluded = avgPool2DReference(input: x, geometry: g, countIncludePad: false)
    #expect(abs(included[0, 0, 0, 0] - 1.0 / 3) < 1e-15 && excluded[0, 0, 0, 0] == 1.5)
    #expect(included[0, 0, 0, 3] == 1 && excluded[0, 0, 0, 3] == 6)
    #expect(g.averageDivisor(row: 0, column: 3, countIncludePad: true) == 6)
    // The vectorized kernel gives the same.
    let fast = avgPool2D(input: x.converted(to: Float.self), geometry: g, countIncludePad: true)
    #expect(fast[0, 0, 0, 3] == 1)
  }

  @Test func maxBackwardRoutesToTheFirstMaximum() throws {
    // A 2×2/2 window [[1, 1], [1, 1]]: four tied maxima; the first in row-major order,
    // the top-left one, takes the whole gradient 5.
    let g = try Pool2DGeometry(batch: 1, channels: 1, height: 2, width: 2, kernel: 2)
    let x = Tensor<Double>(shape: [1, 1, 2, 2], repeating: 1)
    let forward = maxPool2DReference(input: x, geometry: g)
    #expect(forward.argmax == [0])
    let dy = Tensor<Double>(shape: [1, 1, 1, 1], scalars: [5])
    #expect(
      plane(maxPool2DBackwardReference(gradOutput: dy, argmax: forward.argmax, geometry: g))
        == [[5, 0], [0, 0]])
    let fast = maxPool2D(input: x.converted(to: Float.self), geometry: g)
    #expect(
      plane(maxPool2DBackward(gradOutput: dy.converted(), argmax: fast.argmax, geometry: g))
        == [[5, 0], [0, 0]])
  }

  @Test func overlappingWindowsAddTheirGradients() throws {
    // 3×3/2 on 5×5 (AlexNet's overlapping pooling): windows start at rows/columns 0 and 2, so
    // x[2, 2] lies in all four. Make it the only non-zero element: it wins every window and
    // collects 1 + 2 + 3 + 4 = 10; every other element gets 0.
    let g = try Pool2DGeometry(batch: 1, channels: 1, height: 5, width: 5, kernel: 3, stride: 2)
    var x = Tensor<Double>(zeros: g.inputShape)
    x[0, 0, 2, 2] = 9
    let forward = maxPool2DReference(input: x, geometry: g)
    #expect(forward.argmax == [12, 12, 12, 12])  // 2·5 + 2 = 12
    let dy = Tensor<Double>(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
    let dx = maxPool2DBackwardReference(gradOutput: dy, argmax: forward.argmax, geometry: g)
    #expect(dx[0, 0, 2, 2] == 10 && dx.scalars.reduce(0, +) == 10)
    #expect(distinctWinners(argmax: forward.argmax, geometry: g) == 1)  // 4 outputs, 1 winner
  }

  @Test func averageBackwardSpreadsTheGradient() throws {
    // 2×2/1 on 3×3, gradOutput all ones: each window hands 1/4 to each of its cells.
    // Corners lie in 1 window (1/4), edges in 2 (1/2), the centre in 4 (1).
    let dy = Tensor<Double>(shape: [1, 1, 2, 2], repeating: 1)
    let expected: [[Double]] = [[0.25, 0.5, 0.25], [0.5, 1, 0.5], [0.25, 0.5, 0.25]]
    #expect(plane(avgPool2DBackwardReference(gradOutput: dy, geometry: twoByTwo)) == expected)
    #expect(
      plane(avgPool2DBackward(gradOutput: dy.converted(), geometry: twoByTwo))
        == expected.map { $0.map(Float.init) })
  }

  @Test func globalAveragePoolAndItsGradient() {
    // Channel 0: (1 + 3)/2 = 2; channel 1: (10 + 20)/2 = 15.
    let x = Tensor<Double>(shape: [1, 2, 1, 2], scalars: [1, 3, 10, 20])
    #expect(globalAvgPool2DReference(input: x).scalars == [2, 15])
    #expect(globalAvgPool2D(input: x.converted()).shape == [1, 2, 1, 1])
    #expect(globalAvgPool2D(input: x.converted()).scalars == [2, 15])
    // Gradient 8 over a 2×2 plane: 8/4 = 2 for each element.
    let dy = Tensor<Double>(shape: [1, 1, 1, 1], scalars: [8])
    #expect(
      globalAvgPool2DBackwardReference(gradOutput: dy, inputShape: [1, 1, 2, 2]).scalars
        == [2, 2, 2, 2])
  }

  @Test func flattenFoldsChannelsRowsAndColumns() {
    // VGG's last block: 512·7·7 = 25088 features per image.
    #expect(flatten(Tensor<Float>(shape: [2, 512, 7, 7], repeating: 1)).shape == [2, 25088])
    // x[0, 1, 0, 1] = 4 goes to column (1·1 + 0)·2 + 1 = 3.
    let x = Tensor<Double>(shape: [1, 2, 1, 2], scalars: [1, 2, 3, 4])
    #expect(flattenReference(x).rows == [[1, 2, 3, 4]])
    #expect(
      flattenBackward(gradOutput: Tensor<Double>(rows: [[1, 2, 3, 4]]), inputShape: [1, 2, 1, 2])
        == x)
  }

  @Test func translationAndRelativeChange() {
    let row = Tensor<Double>(shape: [1, 1, 1, 3], scalars: [1, 2, 3])
    #expect(translated(row, down: 0, right: 1).scalars == [0, 1, 2])
    #expect(translated(row, down: 0, right: -1).scalars == [2, 3, 0])
    #expect(translated(row, down: 1, right: 0).scalars == [0, 0, 0])  // one row: pushed out
    // ‖(3, 5) − (3, 4)‖ / ‖(3, 4)‖ = 1/5.
    #expect(relativeChange(Tensor<Double>(rows: [[3, 4]]), Tensor<Double>(rows: [[3, 5]])) == 0.2)
  }

  @Test func nonOverlappingPoolingKeepsAQuarter() throws {
    // 2×2/2 on 4×4: 4 windows, 4 different winners: 4 of 16 = 25% survive.
    let g = try Pool2DGeometry(batch: 1, channels: 1, height: 4, width: 4, kernel: 2)
    let x = Tensor<Double>(shape: g.inputShape, scalars: (0..<16).map { Double(($0 * 7) % 16) })
    let argmax = maxPool2DReference(input: x, geometry: g).argmax
    #expect(distinctWinners(argmax: argmax, geometry: g) == 4)
  }
}
