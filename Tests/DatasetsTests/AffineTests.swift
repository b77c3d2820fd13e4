import CNNCore
import Foundation
import Testing
@testable import Datasets

@Suite("Random affine distortion")
struct AffineTests {
  /// A W×H plane whose pixel (x, y) holds 10·y + x + 1 (no zeros, so moves are visible).
  private func ramp(_ width: Int, _ height: Int) -> [Float] {
    (0..<height).flatMap { y in (0..<width).map { x in Float(10 * y + x + 1) } }
  }

  @Test func identityReturnsTheImage() {
    let plane = ramp(5, 4)
    #expect(warpAffine(plane, width: 5, height: 4, .identity) == plane)
    let x = ImageSet(pixels: (0..<32).map { UInt8($0 * 7) }, shape: [2, 4, 4])
    #expect(RandomAffine().apply(to: x, seed: 1) == x)  // all ranges zero
  }

  @Test func translationByOnePixel() {
    let plane = ramp(4, 3)
    let out = warpAffine(plane, width: 4, height: 3, AffineTransform2D(translation: (1, 0)))
    // out(x, y) = in(x − 1, y); column 0 reads outside the image → 0
    for y in 0..<3 {
      #expect(out[y * 4] == 0)
      for x in 1..<4 { #expect(out[y * 4 + x] == plane[y * 4 + x - 1]) }
    }
    let down = warpAffine(plane, width: 4, height: 3, AffineTransform2D(translation: (0, 1)))
    #expect(Array(down[0..<4]) == [0, 0, 0, 0])
    #expect(Array(down[4..<12]) == Array(plane[0..<8]))
  }

  @Test func halfPixelShiftAveragesNeighbours() {
    let out = warpAffine([0, 10, 20, 30], width: 4, height: 1,
                         AffineTransform2D(translation: (0.5, 0)))
    // out(x) = ½·in(x − 1) + ½·in(x) (in(−1) = 0): [0, 5, 15, 25]
    #expect(out == [0, 5, 15, 25])
  }

  @Test(arguments: [3, 4, 5])
  func rotationBy90Degrees(size: Int) {
    let plane = ramp(size, size)
    let out = warpAffine(plane, width: size, height: size, AffineTransform2D(rotation: .pi / 2))
    // Counter-clockwise as displayed: out(x', y') = in(x = W − 1 − y', y = x'), so the
    // top-right corner becomes the top-left one.
    for y in 0..<size {
      for x in 0..<size { #expect(out[y * size + x] == plane[x * size + (size - 1 - y)]) }
    }
    #expect(out[0] == plane[size - 1])
  }

  @Test func scaleKeepsTheCentre() {
    var plane = [Float](repeating: 0, count: 25)
    plane[12] = 9  // centre of a 5×5 image
    let out = warpAffine(plane, width: 5, height: 5, AffineTransform2D(scale: 2))
    // Source of output (2, 2) is c + (0, 0)/2 = (2, 2); of output (3, 2) is (2.5, 2) → ½·9
    #expect(out[12] == 9 && out[13] == 4.5 && out[11] == 4.5)
  }

  @Test func randomAffineIsSeeded() {
    let x = ImageSet(pixels: (0..<(3 * 64)).map { UInt8(($0 * 37) % 256) }, shape: [1, 8, 8])
    let distort = RandomAffine(maxRotation: .pi / 6, scale: 0.9...1.1, maxTranslation: 2)
    let a = distort.apply(to: x, seed: 5)
    #expect(distort.apply(to: x, seed: 5) == a)
    #expect(distort.apply(to: x, seed: 6) != a)
    #expect(a.shape == x.shape && a.count == 3)
    var g = SeededGenerator(seed: 5)
    let t = distort.sample(using: &g)
    #expect(abs(t.rotation) <= .pi / 6 && (0.9...1.1).contains(t.scale))
    #expect(abs(t.translation.x) <= 2 && abs(t.translation.y) <= 2)
  }
}
