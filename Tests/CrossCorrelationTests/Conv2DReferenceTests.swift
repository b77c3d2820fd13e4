import CNNCore
import CrossCorrelation
import Testing

@Suite struct Conv2DReferenceTests {
  @Test func d2lCorr2DExample() throws {
    // X = 0…8 as 3×3, K = [[0,1],[2,3]]:
    //   y00 = 0·0 + 1·1 + 3·2 + 4·3 = 19    y01 = 1·0 + 2·1 + 4·2 + 5·3 = 25
    //   y10 = 3·0 + 4·1 + 6·2 + 7·3 = 37    y11 = 4·0 + 5·1 + 7·2 + 8·3 = 43
    let g = try Conv2DGeometry(batch: 1, inChannels: 1, height: 3, width: 3, outChannels: 1, kernel: 2)
    let x = Tensor<Double>(shape: [1, 1, 3, 3], scalars: (0..<9).map(Double.init))
    let k = Tensor<Double>(shape: [1, 1, 2, 2], scalars: [0, 1, 2, 3])
    let y = conv2dReference(input: x, weight: k, bias: nil, geometry: g)
    #expect(y.scalars == [19, 25, 37, 43])
  }
}
