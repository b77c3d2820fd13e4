/// A model that cannot be built, trained or evaluated as asked, with a message that says
/// what is wrong and how to fix it.
///
///     TrainingError.diverged(epoch: 3, batch: 17, loss: .nan).description
///     // "training diverged at epoch 3, batch 17: the loss is nan. Lower the learning rate
///     //  (e.g. by a factor of 10) or check the inputs for NaN/infinite values."
public enum TrainingError: Error, CustomStringConvertible, Equatable {
  /// The loss became NaN or infinite (1-based epoch and batch).
  case diverged(epoch: Int, batch: Int, loss: Float)
  /// A layer rejects the shape it would receive (index 0-based, name, kind, input shape).
  case invalidLayer(index: Int, name: String, kind: String, inputShape: [Int], reason: String)
  /// The same layer object appears twice in a model.
  case repeatedLayer(name: String, firstIndex: Int, secondIndex: Int)
  /// Two layers carry the same name (parameter names would clash in checkpoints).
  case duplicateName(String)
  /// `fit` or `evaluate` before `compile`.
  case notCompiled
  /// The images do not have the model's input shape.
  case inputShapeMismatch(expected: [Int], found: [Int])
  /// Images and labels differ in number.
  case labelCountMismatch(images: Int, labels: Int)
  /// A label is outside the classes of the model's output.
  case labelOutOfRange(index: Int, label: Int, classes: Int)
  /// An argument is outside its allowed range.
  case invalidArgument(String)
  /// A callback monitors a value that this run does not produce.
  case missingMetric(String)

  /// The message: what is wrong and how to fix it.
  public var description: String {
    func shape(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
    switch self {
    case let .diverged(epoch, batch, loss):
      return "training diverged at epoch \(epoch), batch \(batch): the loss is \(loss). "
        + "Lower the learning rate (e.g. by a factor of 10) or check the inputs for "
        + "NaN/infinite values."
    case let .invalidLayer(index, name, kind, inputShape, reason):
      return "layer \(index + 1) '\(name)' (\(kind)) cannot take input \(shape(inputShape)): "
        + reason
    case let .repeatedLayer(name, first, second):
      return "the same layer object '\(name)' is used at positions \(first + 1) and "
        + "\(second + 1); create a separate layer for each position."
    case let .duplicateName(name):
      return "two layers are named '\(name)'; give each layer a unique name (or leave the "
        + "names empty so the model numbers them)."
    case .notCompiled:
      return "the model has no loss and optimizer; call compile(loss:optimizer:) first."
    case let .inputShapeMismatch(expected, found):
      return "the model takes images of shape \(shape(expected)), the data has "
        + "\(shape(found)); build the model with inputShape: \(shape(found)) or reshape the data."
    case let .labelCountMismatch(images, labels):
      return "\(images) images but \(labels) labels; x and y must have one label per image."
    case let .labelOutOfRange(index, label, classes):
      return "label \(index) is \(label), but the model has \(classes) outputs (classes "
        + "0…\(classes - 1)); make the last layer as wide as the number of classes."
    case let .invalidArgument(message):
      return message
    case let .missingMetric(message):
      return message
    }
  }
}
