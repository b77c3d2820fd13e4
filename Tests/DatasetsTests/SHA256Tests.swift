import Datasets
import Testing

@Suite struct SHA256Tests {
  // The test vectors of FIPS 180-4's examples (NIST CSRC "SHA256.pdf", "SHA256ShortMsg").
  @Test func emptyMessage() {
    #expect(SHA256.hexDigest([])
      == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  @Test func abc() {
    // One block: "abc" + 0x80 + zeros + the 64-bit length 24.
    #expect(SHA256.hexDigest(Array("abc".utf8))
      == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func twoBlockMessage448Bits() {
    // 56 bytes = 448 bits: the padding no longer fits, so a second block is needed.
    let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    #expect(message.utf8.count == 56)
    #expect(SHA256.hexDigest(Array(message.utf8))
      == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test func oneMillionA() {
    // 10⁶ bytes of 'a', fed in uneven pieces (1000 updates of 1000 bytes minus/plus one)
    // to exercise the partial-block buffering as well.
    let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    #expect(SHA256.hexDigest([UInt8](repeating: 0x61, count: 1_000_000)) == expected)
    var sha = SHA256()
    for i in 0..<1000 { sha.update([UInt8](repeating: 0x61, count: i % 2 == 0 ? 999 : 1001)) }
    #expect(SHA256.hex(sha.finalize()) == expected)
  }

  @Test func paddingBoundaries() {
    // Lengths 55, 56, 63, 64 and 65 bytes straddle the one-/two-block padding limit
    // (55 + 1 + 8 = 64 fits one block, 56 does not). Digests from Python's hashlib:
    // hashlib.sha256(b"a" * n).hexdigest().
    let expected = [
      55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
      56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
      63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
      64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
      65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
    ]
    for (n, digest) in expected {
      #expect(SHA256.hexDigest([UInt8](repeating: 0x61, count: n)) == digest, "n = \(n)")
    }
  }
}
