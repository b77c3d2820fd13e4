import CNNCore
import Datasets

/// Small pictures of a network's insides: tiled maps as PNG pixels and digits as text.
public enum Pictures {
  /// Maps of equal size laid out in a grid, each stretched to its own value range (black =
  /// its minimum, white = its maximum), scaled up `scale` times, `gap` pixels apart.
  ///
  /// ```
  ///   pixel = round(255 · (v − min) / (max − min))        (128 for a constant map)
  ///   width  = columns·(w·scale + gap) + gap
  ///   height = rows·(h·scale + gap) + gap       rows = ⌈maps / columns⌉
  /// ```
  /// `diverging` colours by sign instead (RGB): white at 0, red for positive, blue for
  /// negative values, scaled by the largest |v| of each map — the natural view of a kernel.
  ///
  ///     let grid = Pictures.grid(maps: [[0, 1, 2, 3]], height: 2, width: 2, columns: 1,
  ///                              scale: 1, gap: 0)
  ///     grid.pixels   // [0, 85, 170, 255]   (255·v/3, rounded)
  public static func grid(
    maps: [[Float]], height h: Int, width w: Int, columns: Int, scale: Int = 8, gap: Int = 2,
    diverging: Bool = false
  ) -> (width: Int, height: Int, pixels: [UInt8], color: PNGWriter.Color) {
    precondition(maps.allSatisfy { $0.count == h * w }, "every map needs \(h)×\(w) values")
    let rows = (maps.count + columns - 1) / columns
    let width = columns * (w * scale + gap) + gap
    let height = rows * (h * scale + gap) + gap
    let channels = diverging ? 3 : 1
    // Background: mid gray between the tiles.
    var pixels = [UInt8](repeating: 96, count: width * height * channels)
    for (m, map) in maps.enumerated() {
      let (tileRow, tileColumn) = m.quotientAndRemainder(dividingBy: columns)
      let top = gap + tileRow * (h * scale + gap)
      let left = gap + tileColumn * (w * scale + gap)
      let low = map.min() ?? 0, high = map.max() ?? 0
      let extent = max(abs(low), abs(high))
      for y in 0..<(h * scale) {
        for x in 0..<(w * scale) {
          let v = map[(y / scale) * w + x / scale]
          let offset = ((top + y) * width + left + x) * channels
          if diverging {
            let t = extent > 0 ? v / extent : 0  // in [−1, 1]
            let fade = UInt8((255 * (1 - abs(t))).rounded())
            pixels[offset] = t >= 0 ? 255 : fade  // red
            pixels[offset + 1] = fade  // green
            pixels[offset + 2] = t <= 0 ? 255 : fade  // blue
          } else {
            pixels[offset] =
              high > low ? UInt8((255 * (v - low) / (high - low)).rounded()) : 128
          }
        }
      }
    }
    return (width, height, pixels, diverging ? .rgb : .gray)
  }

  /// A gray image (bytes 0…255, row-major) as Unicode shade blocks, two pixel rows per
  /// text line (each character is about twice as tall as it is wide).
  ///
  /// ```
  ///   level = ⌊v / 256 · 5⌋ of the brighter pixel of each vertical pair  →  " ░▒▓█"[level]
  /// ```
  ///
  ///     Pictures.shadeBlocks([0, 255, 128, 0], height: 2, width: 2)   // "▒█"
  public static func shadeBlocks(_ pixels: [UInt8], height: Int, width: Int) -> String {
    let shades = Array(" ░▒▓█")
    var lines: [String] = []
    for y in stride(from: 0, to: height, by: 2) {
      var line = ""
      for x in 0..<width {
        var v = Int(pixels[y * width + x])
        if y + 1 < height { v = max(v, Int(pixels[(y + 1) * width + x])) }
        line.append(shades[v * shades.count / 256])
      }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }

  /// Blocks of text side by side, each padded to its widest line.
  public static func sideBySide(_ blocks: [String], separator: String = "  ") -> String {
    let split = blocks.map { $0.components(separatedBy: "\n") }
    let widths = split.map { $0.map(\.count).max() ?? 0 }
    let height = split.map(\.count).max() ?? 0
    var lines: [String] = []
    for row in 0..<height {
      var line = ""
      for (b, block) in split.enumerated() {
        let text = row < block.count ? block[row] : ""
        line += text + String(repeating: " ", count: widths[b] - text.count)
        if b + 1 < split.count { line += separator }
      }
      while line.hasSuffix(" ") { line.removeLast() }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }
}
