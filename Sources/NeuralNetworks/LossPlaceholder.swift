import CNNCore

// TEMPORARY: the layers branch defines `Loss`; this file is deleted when it is merged.
public protocol Loss {
  func forward(_ logits: Tensor<Float>, labels: [Int]) -> Float
  func backward() -> Tensor<Float>
}
