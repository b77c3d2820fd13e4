import Foundation

/// One of the four MNIST files: its canonical name, where to download it and the
/// SHA-256 digests that identify it.
///
/// Two digests matter, because the same data exists in differently compressed archives:
///
/// ```
/// archiveSHA256  digests of known .gz files: [0] the copy this project's CI uses
///                (listed in its SHA256SUMS; a recompressed copy of the same data),
///                [1] the original archive served by the mirror below
/// contentSHA256  digest of the decompressed IDX bytes, the same for every copy
/// ```
///
/// A `.gz` file is accepted if its own digest is a known archive digest, or else if its
/// decompressed content has `contentSHA256`; an uncompressed file must have `contentSize`
/// bytes and `contentSHA256`. The content digests were computed here with Python's
/// `hashlib` on `gzip.open(…).read()` of the CI copy and agree with the values published
/// for the original files; the original-archive digests are the published ones (the
/// archives themselves could not be downloaded here).
///
/// Downloads come from the public S3 mirror that torchvision uses,
/// `https://ossci-datasets.s3.amazonaws.com/mnist/` (Yann LeCun's original site,
/// `http://yann.lecun.com/exdb/mnist/`, often refuses downloads).
///
///     MNISTFile.trainLabels.downloadURL
///     // "https://ossci-datasets.s3.amazonaws.com/mnist/train-labels-idx1-ubyte.gz"
public struct MNISTFile: Sendable, Equatable {
  /// The canonical uncompressed name, e.g. `train-images-idx3-ubyte`.
  public let name: String
  /// Digests of known `.gz` archives of this file (lowercase hex).
  public let archiveSHA256: [String]
  /// Digest of the uncompressed IDX bytes (lowercase hex).
  public let contentSHA256: String
  /// Size of the uncompressed IDX file in bytes: header + data.
  public let contentSize: Int

  /// The compressed name, `name + ".gz"`.
  public var archiveName: String { name + ".gz" }

  /// Where to download the `.gz` archive.
  public var downloadURL: String { MNISTFile.mirror + archiveName }

  /// The public mirror (torchvision's) the download commands use.
  public static let mirror = "https://ossci-datasets.s3.amazonaws.com/mnist/"

  /// 16 header bytes (magic + 3 dimensions) + 60 000 · 28 · 28 = 47 040 016 bytes.
  public static let trainImages = MNISTFile(
    name: "train-images-idx3-ubyte",
    archiveSHA256: [
      "0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971",
      "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    ],
    contentSHA256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    contentSize: 47_040_016)

  /// 8 header bytes (magic + 1 dimension) + 60 000 labels = 60 008 bytes.
  public static let trainLabels = MNISTFile(
    name: "train-labels-idx1-ubyte",
    archiveSHA256: [
      "1787548bbe0bff1ec2ecdc0ef292b02df999e2d1a6002d27500982c652b17203",
      "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    ],
    contentSHA256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    contentSize: 60_008)

  /// 16 + 10 000 · 28 · 28 = 7 840 016 bytes.
  public static let testImages = MNISTFile(
    name: "t10k-images-idx3-ubyte",
    archiveSHA256: [
      "1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be",
      "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    ],
    contentSHA256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    contentSize: 7_840_016)

  /// 8 + 10 000 = 10 008 bytes.
  public static let testLabels = MNISTFile(
    name: "t10k-labels-idx1-ubyte",
    archiveSHA256: [
      "b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b",
      "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    ],
    contentSHA256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    contentSize: 10_008)

  /// All four files, training set first.
  public static let all = [trainImages, trainLabels, testImages, testLabels]

  /// A shell command that downloads this file's archive from `mirror` into `directory`.
  ///
  ///     MNISTFile.testLabels.downloadCommand(into: URL(fileURLWithPath: "/data"))
  ///     // "mkdir -p /data && curl -fL -o /data/t10k-labels-idx1-ubyte.gz https://…"
  public func downloadCommand(into directory: URL, mirror: String = MNISTFile.mirror)
    -> String
  {
    let dir = shellQuoted(directory.path)
    let target = shellQuoted(directory.appendingPathComponent(archiveName).path)
    let base = mirror.hasSuffix("/") ? mirror : mirror + "/"
    return "mkdir -p \(dir) && curl -fL -o \(target) \(base + archiveName)"
  }

  /// How to get MNIST into `directory`: first the project's own downloader, then `curl`
  /// (the command given) for machines where Swift has no networking.
  ///
  ///     MNISTFile.howToDownload(into: URL(fileURLWithPath: "/data"), curl: "curl …")
  ///     // "On a machine with internet, download MNIST with:\n
  ///     //    swift run fetch-mnist --data /data\nor, where …:\n  curl …"
  public static func howToDownload(into directory: URL, curl: String) -> String {
    "On a machine with internet, download MNIST with:\n  swift run fetch-mnist --data "
      + shellQuoted(directory.path)
      + "\nor, where Swift has no networking (copy the files here if this machine is "
      + "offline):\n  " + curl
  }

  /// A shell command that downloads all four archives into `directory`.
  public static func downloadAllCommand(into directory: URL) -> String {
    let names = all.map(\.name).joined(separator: " ")
    return "mkdir -p \(shellQuoted(directory.path)) && cd \(shellQuoted(directory.path)) "
      + "&& for f in \(names); do curl -fLO \(mirror)$f.gz; done"
  }
}

/// `text` quoted for a POSIX shell when it contains anything but [A-Za-z0-9/._+-].
func shellQuoted(_ text: String) -> String {
  let plain = text.unicodeScalars.allSatisfy {
    ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
      || "/._+-".unicodeScalars.contains($0)
  }
  if plain && !text.isEmpty { return text }
  return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
