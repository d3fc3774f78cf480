import Foundation

/// The parts of a cell's key, kept so a changed key can be explained.
struct CellInputs: Codable, Equatable {
    /// Hash of the cell's kind and canonical statements (`CanonicalCell`).
    var source: String
    /// Names the cell reads → their values as keys see them.
    var names: [String: String]
    /// Hash of the numpy generator's state at the cell's start.
    var generator: String
    /// The lesson's seed (its part in `generator`, kept to name it when it changes).
    var seed: Int
    /// Keys of the results the cell uses, by kind (`model`, `data`, `fit`).
    var upstream: [String: String]
    /// `NAME=VALUE` for each `--set` the cell binds.
    var overrides: [String]
    /// Seed and models built before, for the initializers' stream (model cells).
    var initializer: String
    /// Files the cell reads → a hash of their bytes (`missing` when absent); nil for none.
    var files: [String: String]?
    /// Threads the numerics run on (fit and validate cells; nil for the others).
    var threads: Int?
    /// `NumericsVersion.current` of the build that made the result.
    var numerics: Int
}
