import Foundation

/// A checkpoint file, relative to the result folder (or as given, for a file a
/// lesson loads), with its epoch and monitored value.
struct CheckpointRecord: Codable, Equatable {
    var epoch: Int
    var path: String
    var value: Double?
}
