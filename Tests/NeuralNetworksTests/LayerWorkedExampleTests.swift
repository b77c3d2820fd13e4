import CNNCore
import Foundation
import NeuralNetworks
import Testing

// Hand-computed values, each with its arithmetic.

@Suite("Layer worked examples")
struct LayerWorkedExampleTests {
  @Test func denseTwoByThree() {
    let layer = Dense(inFeatures: 3, outFeatures: 2)
    layer.weight.value = Tensor(rows: [[1, 0, -1], [2, 1, 0]])
    layer.bias!.value = Tensor(shape: [2], scalars: [10, 20])
    let y = layer.forward(Tensor(rows: [[1, 2, 3], [4, 5, 6]]), training: true)
    // y[0] = [10 + 1·1 + 2·0 + 3·(−1), 20 + 1·2 + 2·1 + 3·0] = [8, 24]
    // y[1] = [10 + 4 − 6, 20 + 8 + 5] = [8, 33]
    #expect(y.rows == [[8, 24], [8, 33]])
    let dx = layer.backward(Tensor(rows: [[1, 0], [0, 1]]))
    // dx = dy·W = W's rows: [[1, 0, −1], [2, 1, 0]]
    #expect(dx.rows == [[1, 0, -1], [2, 1, 0]])
    // dW = dyᵀ·x = x itself (dy is the identity); db = column sums of dy = [1, 1]
    #expect(layer.weight.gradient.rows == [[1, 2, 3], [4, 5, 6]])
    #expect(layer.bias!.gradient.scalars == [1, 1])
    // Gradients accumulate until the model zeroes them: a second backward doubles them.
    _ = layer.backward(Tensor(rows: [[1, 0], [0, 1]]))
    #expect(layer.weight.gradient.rows == [[2, 4, 6], [8, 10, 12]])
  }

  @Test func batchNorm1DTinyBatch() {
    let bn = BatchNorm1D(features: 2, epsilon: 0)
    let y = bn.forward(Tensor(rows: [[1, 10], [3, 30]]), training: true)
    // feature 0: μ = (1 + 3)/2 = 2, σ² = ((−1)² + 1²)/2 = 1, y = [−1, 1]
    // feature 1: μ = 20, σ² = (10² + 10²)/2 = 100, y = [−10/10, 10/10] = [−1, 1]
    #expect(y.rows == [[-1, -1], [1, 1]])
    // running mean = 0.9·0 + 0.1·[2, 20] = [0.2, 2]
    // running var  = 0.9·1 + 0.1·σ²·M/(M − 1) = 0.9 + 0.1·[1·2, 100·2] = [1.1, 20.9]
    #expect(close(bn.runningMean.value.scalars, [0.2, 2], 1e-6))
    #expect(close(bn.runningVariance.value.scalars, [1.1, 20.9], 1e-5))
    // inference uses them: [(1 − 0.2)/√1.1, (10 − 2)/√20.9] = [0.7627701, 1.7499146]
    let z = bn.forward(Tensor(rows: [[1, 10]]), training: false)
    #expect(close(z.scalars, [0.7627701, 1.7499146], 1e-6))
  }

  @Test func batchNorm2DOnePlane() {
    let bn = BatchNorm2D(channels: 1)
    bn.gamma.value = Tensor(shape: [1], scalars: [2])
    bn.beta.value = Tensor(shape: [1], scalars: [1])
    let y = bn.forward(Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]), training: true)
    // μ = 2.5, σ² = (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25, √(1.25 + 1e−5) = 1.1180385
    // y = 2·(x − 2.5)/1.1180385 + 1 = [−1.6832708, 0.1055764, 1.8944236, 3.6832708]
    #expect(close(y.scalars, [-1.6832708, 0.1055764, 1.8944236, 3.6832708], 2e-6))
    _ = bn.backward(Tensor(shape: [1, 1, 2, 2], scalars: [1, 1, 1, 1]))
    // dβ = Σ dy = 4; dγ = Σ dy·x̂ = Σ x̂ = 0
    #expect(close(bn.beta.gradient.scalars, [4]))
    #expect(close(bn.gamma.gradient.scalars, [0]))
  }

  @Test func activations() {
    // sigmoid(ln 3) = 1/(1 + 1/3) = 0.75; tanh(ln 2) = (2 − 1/2)/(2 + 1/2) = 0.6
    let x = Tensor<Float>(rows: [[0, Float(log(3.0))]])
    #expect(close(Sigmoid().forward(x, training: true).scalars, [0.5, 0.75]))
    let t = Tanh()
    #expect(
      close(t.forward(Tensor(rows: [[0, Float(log(2.0))]]), training: true).scalars, [0, 0.6]))
    // tanh' = 1 − y²: at y = 0.6, 1 − 0.36 = 0.64
    #expect(close(t.backward(Tensor(rows: [[1, 1]])).scalars, [1, 0.64]))
    let relu = ReLU()
    #expect(relu.forward(Tensor(rows: [[-1, 0, 2]]), training: true).rows == [[0, 0, 2]])
    #expect(relu.backward(Tensor(rows: [[5, 6, 7]])).rows == [[0, 0, 7]])
  }

  @Test func convAndPoolLayers() {
    let conv = Conv2D(inChannels: 1, outChannels: 1, kernel: 2)
    conv.weight.value = Tensor(shape: [1, 1, 2, 2], scalars: [1, 0, 0, -1])
    conv.bias!.value = Tensor(shape: [1], scalars: [10])
    let x = Tensor<Float>(shape: [1, 1, 3, 3], scalars: (1...9).map(Float.init))
    // y[p, q] = 10 + x[p, q] − x[p + 1, q + 1] = 10 − 4 = 6 everywhere
    #expect(conv.forward(x, training: true).scalars == [6, 6, 6, 6])
    let pool = MaxPool2D(kernel: 2)
    let grid = Tensor<Float>(shape: [1, 1, 4, 4], scalars: (0..<16).map(Float.init))
    // 2×2 windows of 0…15 (rows 0 1 2 3 / 4 5 6 7 / …): maxima 5, 7, 13, 15
    #expect(pool.forward(grid, training: true).scalars == [5, 7, 13, 15])
    let avg = AvgPool2D(kernel: 2)
    // means: (0 + 1 + 4 + 5)/4 = 2.5, (2 + 3 + 6 + 7)/4 = 4.5, 10.5, 12.5
    #expect(avg.forward(grid, training: true).scalars == [2.5, 4.5, 10.5, 12.5])
    // global mean of 0…15 = 120/16 = 7.5
    #expect(GlobalAvgPool2D().forward(grid, training: true).scalars == [7.5])
  }
}
