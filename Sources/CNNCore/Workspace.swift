import Synchronization

/// Scratch memory for the kernels (packed GEMM panels, im2col buffers), reused across calls.
///
/// A fresh multi-megabyte allocation is handed out by the operating system page by page, each
/// page zero-filled on first touch; for a 1024³ product that cost about 20 % of the time.
/// Returned blocks are kept (at most `maxBlocks` of them, `maxRetainedBytes` in all) and
/// handed out again to the next call that fits. The contents of a block are unspecified.
enum Workspace {
  private struct Block: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let bytes: Int
  }

  private struct Pool {
    var blocks: [Block] = []
    var retainedBytes = 0
  }

  private static let pool = Mutex(Pool())
  private static let maxBlocks = 8
  private static let maxRetainedBytes = 1 << 28  // 256 MiB

  /// Runs `body` with at least `count` Floats of scratch memory, aligned to 64 bytes.
  static func withFloats<R>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
    let bytes = max(64, count * MemoryLayout<Float>.stride)
    let block = take(bytes)
    defer { give(block) }
    return body(block.base.bindMemory(to: Float.self, capacity: block.bytes / 4))
  }

  /// The smallest kept block that holds `bytes`, else a new one.
  private static func take(_ bytes: Int) -> Block {
    let reused: Block? = pool.withLock { pool in
      var best: Int? = nil
      for (index, block) in pool.blocks.enumerated() where block.bytes >= bytes {
        if best == nil || block.bytes < pool.blocks[best!].bytes { best = index }
      }
      guard let best else { return nil }
      pool.retainedBytes -= pool.blocks[best].bytes
      return pool.blocks.remove(at: best)
    }
    if let reused { return reused }
    return Block(base: .allocate(byteCount: bytes, alignment: 64), bytes: bytes)
  }

  /// Keeps `block` for later, making room by freeing smaller kept blocks; frees it instead
  /// when it does not fit.
  private static func give(_ block: Block) {
    var freed: [Block] = []
    pool.withLock { pool in
      func full() -> Bool {
        pool.blocks.count >= maxBlocks || pool.retainedBytes + block.bytes > maxRetainedBytes
      }
      while full(), let smallest = pool.blocks.indices.min(by: {
        pool.blocks[$0].bytes < pool.blocks[$1].bytes
      }), pool.blocks[smallest].bytes < block.bytes {
        pool.retainedBytes -= pool.blocks[smallest].bytes
        freed.append(pool.blocks.remove(at: smallest))
      }
      if full() {
        freed.append(block)
      } else {
        pool.blocks.append(block)
        pool.retainedBytes += block.bytes
      }
    }
    for block in freed { block.base.deallocate() }
  }
}
