import CNNCore
import Foundation

extension Sequential {
  /// Saves the parameters, buffers and (optionally) the optimizer state to `url` in the
  /// format described by `CheckpointFormat`.
  ///
  /// The bytes go to a temporary file in the same directory, which is flushed to disk and
  /// then renamed over `url` (an atomic replace on POSIX file systems): a crash during a
  /// save leaves the previous checkpoint intact.
  ///
  ///     try model.save(to: URL(fileURLWithPath: "lenet.ckpt"))
  ///
  /// - Throws: `CheckpointError.unreadable` if the directory cannot be written.
  public func save(to url: URL, includeOptimizer: Bool = true) throws {
    let optimizerState = includeOptimizer ? optimizer?.state(for: parameters) ?? [] : []
    let contents = CheckpointFormat.Contents(
      fingerprint: fingerprint,
      tensors: stateTensors.map { .init(name: $0.name, tensor: $0.tensor) },
      optimizerKind: includeOptimizer ? optimizer?.kind ?? "" : "",
      optimizerTensors: optimizerState.map { .init(name: $0.name, tensor: $0.tensor) })
    let bytes = CheckpointFormat.encode(contents)
    let directory = url.deletingLastPathComponent()
    let temporary = directory.appendingPathComponent(
      ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier)-"
        + "\(UUID().uuidString).tmp")
    func failure(_ what: String) -> CheckpointError {
      CheckpointError(
        .unreadable, file: url.path, problem: "could not save the checkpoint: \(what).",
        fix: "Check that the directory \(directory.path) exists and is writable, and that the "
          + "disk is not full.")
    }
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
      throw failure("cannot create \(temporary.lastPathComponent)")
    }
    do {
      let handle = try FileHandle(forWritingTo: temporary)
      defer { try? handle.close() }
      try handle.write(contentsOf: bytes)
      try handle.synchronize()
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw failure("\(error)")
    }
    guard rename(temporary.path, url.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw failure("renaming the temporary file failed (\(reason))")
    }
  }

  /// Loads a checkpoint written by `save(to:)` into this model, which must have the same
  /// architecture (`fingerprint`). With `includeOptimizer`, the optimizer state is restored
  /// too when the compiled optimizer is of the kind that saved it (otherwise it is left
  /// fresh).
  ///
  ///     let model = try Sequential(inputShape: [1, 28, 28], layers: lenetLayers())
  ///     try model.load(from: URL(fileURLWithPath: "lenet.ckpt"))
  ///
  /// - Throws: `CheckpointError`: `.unreadable`, `.truncated`, `.wrongMagic`,
  ///   `.unsupportedVersion`, `.corrupt` (CRC-32 or structure), `.architectureMismatch`
  ///   (naming the first layer that differs). The model is unchanged when it throws.
  public func load(from url: URL, includeOptimizer: Bool = true) throws {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      let exists = FileManager.default.fileExists(atPath: url.path)
      throw CheckpointError(
        .unreadable, file: url.path,
        problem: exists ? "the file cannot be read (\(error.localizedDescription))."
          : "the file does not exist.",
        fix: exists ? "Check its permissions." : "Check the path, or train and save first.")
    }
    let contents = try CheckpointFormat.decode([UInt8](data), file: url.path)
    let mine = fingerprint
    guard contents.fingerprint == mine else {
      let common = min(contents.fingerprint.count, mine.count)
      let i = (0..<common).first { contents.fingerprint[$0] != mine[$0] } ?? common
      let saved = i < contents.fingerprint.count ? contents.fingerprint[i] : "(no more layers)"
      let current = i < mine.count ? mine[i] : "(no more layers)"
      throw CheckpointError(
        .architectureMismatch, file: url.path,
        problem: "the checkpoint was saved from a different model. First difference, "
          + "line \(i + 1) of the architecture:\n  saved: \(saved)\n  model: \(current)\n",
        fix: "Build the model with the same layers, sizes and input shape as when it was "
          + "saved, or train this model from scratch.")
    }
    let expected = stateTensors
    guard contents.tensors.count == expected.count,
      zip(contents.tensors, expected).allSatisfy({
        $0.name == $1.name && $0.tensor.shape == $1.tensor.shape
      })
    else {
      throw CheckpointError(
        .corrupt, file: url.path,
        problem: "the stored tensors do not match the architecture recorded in the same file.",
        fix: "Use an earlier checkpoint, or train again.")
    }
    setStateTensors(contents.tensors.map(\.tensor))
    if includeOptimizer, let optimizer {
      if optimizer.kind == contents.optimizerKind {
        var state: [String: Tensor<Float>] = [:]
        for t in contents.optimizerTensors { state[t.name] = t.tensor }
        optimizer.loadState(state, for: parameters)
      } else {
        optimizer.reset()
      }
    }
  }
}
