import CNNCore

extension Sequential {
  /// Everything that defines the trained model: every parameter, then every layer buffer
  /// (e.g. batch-norm running statistics), in layer order, by name.
  public var stateTensors: [(name: String, tensor: Tensor<Float>)] {
    (parameters + buffers).map { ($0.name, $0.value) }
  }

  /// Overwrites the state with tensors in the order of `stateTensors` (same shapes).
  public func setStateTensors(_ tensors: [Tensor<Float>]) {
    let params = parameters + buffers
    precondition(tensors.count == params.count, "expected \(params.count) state tensors")
    for (p, t) in zip(params, tensors) {
      precondition(p.value.shape == t.shape, "\(p.name): shape \(t.shape) ≠ \(p.value.shape)")
      p.value = t
    }
  }

  /// The architecture as text lines, one per layer:
  /// `conv1 Conv2D 6×28×28 conv1.weight[6,1,5,5] conv1.bias[6]`.
  /// Two models can exchange checkpoints exactly when their fingerprints are equal.
  public var fingerprint: [String] {
    func dims(_ s: [Int]) -> String { s.map(String.init).joined(separator: "×") }
    let input = "input " + dims(inputShape)
    return [input] + zip(layers, shapes).map { layer, shape in
      let parameters = (layer.parameters + layer.buffers).map {
        "\($0.name)[\($0.value.shape.map(String.init).joined(separator: ","))]"
      }
      return ([layer.name, layer.kind, dims(shape)] + parameters).joined(separator: " ")
    }
  }
}
