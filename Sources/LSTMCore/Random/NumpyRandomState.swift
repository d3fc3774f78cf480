/// A snapshot of `NumpyRandom`: the 624-word MT19937 key and the read position, the
/// same two numbers numpy's `get_state()` returns as `state[1]` and `state[2]`
/// (numpy's Gaussian cache is not kept: this stream never draws normals).
///
/// Two stored forms:
/// - `Codable` (JSON `{"key": [624 numbers], "position": p}`), e.g. for a checkpoint's
///   string metadata;
/// - `words`, 625 integers `key[0..<624] + [position]`, for any flat numeric store.
/// Both forms are validated when read back, so a damaged file cannot make a generator
/// that indexes out of range.
public struct NumpyRandomState: Codable, Equatable, Sendable {
    /// MT19937 state size, in 32-bit words.
    public static let keyCount = 624

    /// The MT19937 key, `keyCount` words.
    public let key: [UInt32]
    /// Index of the next word to temper, `0...keyCount` (`keyCount`: regenerate first).
    public let position: Int

    /// Validates a key and position, e.g. copied from numpy's `get_state()`.
    public init(key: [UInt32], position: Int) throws {
        guard key.count == Self.keyCount else {
            throw NumpyRandomStateError(
                "the key has \(key.count) words; MT19937 needs exactly \(Self.keyCount)")
        }
        guard (0...Self.keyCount).contains(position) else {
            throw NumpyRandomStateError(
                "the position is \(position); it must lie in 0...\(Self.keyCount)")
        }
        self.key = key
        self.position = position
    }

    /// For `NumpyRandom.state`, whose key and position are valid by construction.
    init(uncheckedKey key: [UInt32], position: Int) {
        self.key = key
        self.position = position
    }

    /// Flat form: the key's 624 words followed by the position (625 values).
    public var words: [Int] { key.map { Int($0) } + [position] }

    /// Reads the flat form back; every word must fit in 32 bits unsigned.
    public init(words: [Int]) throws {
        guard words.count == Self.keyCount + 1 else {
            throw NumpyRandomStateError(
                "the flat state has \(words.count) values; expected \(Self.keyCount + 1) (624 key words and the position)")
        }
        var key = [UInt32]()
        key.reserveCapacity(Self.keyCount)
        for (index, word) in words.prefix(Self.keyCount).enumerated() {
            guard let value = UInt32(exactly: word) else {
                throw NumpyRandomStateError(
                    "key word \(index) is \(word); it must lie in 0...\(UInt32.max)")
            }
            key.append(value)
        }
        try self.init(key: key, position: words[Self.keyCount])
    }

    private enum CodingKeys: String, CodingKey { case key, position }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let key = try container.decode([UInt32].self, forKey: .key)
        let position = try container.decode(Int.self, forKey: .position)
        do {
            try self.init(key: key, position: position)
        } catch let error as NumpyRandomStateError {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: container.codingPath, debugDescription: error.description))
        }
    }
}

/// A generator state that cannot be restored, and why.
public struct NumpyRandomStateError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ problem: String) { description = "invalid random generator state: \(problem)" }
}
