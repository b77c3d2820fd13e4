import CNNCore

// Shape checks shared by the chapter's functions. A wrong shape is a thrown
// `GeometryError` that names the tensor, the shape it has and the shape it needs.

/// Throws unless `t` has `rank` dimensions; `legend` names them, e.g. "(C, H, W)".
@usableFromInline
func requireRank<T>(_ t: Tensor<T>, _ rank: Int, _ name: String, legend: String) throws {
  guard t.rank == rank else {
    throw GeometryError(
      "\(name) must have rank \(rank) \(legend), got shape \(t.shape); "
        + "reshape it (e.g. `.reshaped(…)`) before the call")
  }
}

/// Throws unless two extents that must agree do agree.
@usableFromInline
func requireEqual(_ a: Int, _ b: Int, _ what: String) throws {
  guard a == b else { throw GeometryError("\(what): \(a) ≠ \(b); they must be equal") }
}
