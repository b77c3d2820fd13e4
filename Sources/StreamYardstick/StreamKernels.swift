// Shapes: N = batch, C = channels, H/W = height/width of a pooling layer's input.
//
// The stream kernels: how fast the machine moves a pooling layer's bytes when nothing else is
// done, the yardstick of `cnn-bench`'s stream lines. Any pooling kernel must read all of its
// input and write all of its output, so no pooling kernel that stores as these do (ordinary
// stores, the only kind Swift has) can be faster than them. Non-temporal stores, which
// bypass the cache, can be where the data does not fit in it (a C probe wrote the Keras
// model's c2 forward quarter in 0.30 ms that way against 0.42–0.45, on 1 thread):
//
//   streamQuarters:  read x (N·C·H·W floats), write y (a quarter of that), as
//                    y[8j ..< 8j+8] = (x[32j ..] + x[32j+8 ..]) + (x[32j+16 ..] + x[32j+24 ..])
//   streamSpread:    read dy (a quarter), write dx (N·C·H·W), as
//                    dx[32j + 8i ..< 32j + 8i + 8] = dy[8j ..< 8j+8] / 4,  i = 0 … 3
//
// They are the pooling of a channels-last tensor whose windows are four consecutive vectors,
// the best case: contiguous loads, no shuffles. Chunks of 2¹⁵ input (output) floats, as the
// pooling kernels' (`PoolRowChunks`), on the same worker pool; each element is computed by
// one chunk, so the bits do not depend on the thread count.
import CNNCore

/// Input floats per chunk of the stream kernels (a multiple of 32).
let streamChunk = 1 << 15

/// `y[8j + l] = (x[32j + l] + x[32j + 8 + l]) + (x[32j + 16 + l] + x[32j + 24 + l])`,
/// `l = 0 … 7`, for `x.count` a multiple of 32 and `y.count = x.count / 4`.
public func streamQuarters(
  _ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>
) {
  precondition(x.count % 32 == 0 && y.count == x.count / 4, "stream: x.count = 32·k, y ¼ of it")
  let chunks = (x.count + streamChunk - 1) / streamChunk
  let shared = (SharedConstPointer(x.baseAddress!), SharedPointer(y.baseAddress!), x.count)
  Parallel.forEach(chunks: chunks, sharing: shared) { shared, chunk in
    let (x, y, count) = shared
    var i = chunk * streamChunk
    let end = min(count, i + streamChunk)
    while i < end {
      let a = load(x.base + i) + load(x.base + i + 8)
      let b = load(x.base + i + 16) + load(x.base + i + 24)
      UnsafeMutableRawPointer(y.base + i / 4).storeBytes(of: a + b, as: SIMD8<Float>.self)
      i += 32
    }
  }
}

/// `dx[32j + 8i + l] = dy[8j + l] / 4`, `i = 0 … 3`, `l = 0 … 7`, for `dy.count` a multiple
/// of 8 and `dx.count = 4·dy.count`.
public func streamSpread(
  _ dy: UnsafeBufferPointer<Float>, _ dx: UnsafeMutableBufferPointer<Float>
) {
  precondition(dy.count % 8 == 0 && dx.count == 4 * dy.count, "stream: dx 4× dy = 8·k")
  let chunks = (dx.count + streamChunk - 1) / streamChunk
  let shared = (SharedConstPointer(dy.baseAddress!), SharedPointer(dx.baseAddress!), dx.count)
  Parallel.forEach(chunks: chunks, sharing: shared) { shared, chunk in
    let (dy, dx, count) = shared
    var i = chunk * streamChunk
    let end = min(count, i + streamChunk)
    while i < end {
      let share = load(dy.base + i / 4) / 4
      for k in 0..<4 {
        UnsafeMutableRawPointer(dx.base + i + 8 * k).storeBytes(of: share, as: SIMD8<Float>.self)
      }
      i += 32
    }
  }
}

@inline(__always)
private func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

/// `streamQuarters`, one float at a time.
public func streamQuartersReference(_ x: [Float]) -> [Float] {
  (0..<x.count / 4).map { i in
    let (j, l) = (i / 8, i % 8)
    return (x[32 * j + l] + x[32 * j + 8 + l]) + (x[32 * j + 16 + l] + x[32 * j + 24 + l])
  }
}

/// `streamSpread`, one float at a time.
public func streamSpreadReference(_ dy: [Float]) -> [Float] {
  (0..<4 * dy.count).map { i in
    let (j, l) = (i / 32, i % 8)
    return dy[8 * j + l] / 4
  }
}
