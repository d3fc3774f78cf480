import Foundation
import XCTest
@testable import LSTMCore
import SafeFiles

/// `fitWithCheckpoints` interrupted (Ctrl-C during an epoch) and resumed from
/// `last.safetensors` in a fresh "process" (new model, callbacks and generator, as a new
/// `lesson run --resume` would build them) ends bit for bit where an uninterrupted run
/// ends: weights, velocities, iterations, history, checkpoint files, generator state,
/// and the epoch early stopping stops at.
final class FitWithCheckpointsTests: XCTestCase {
    /// H 8, T 10 on a sine of period 20: 120 windows, 90 train (6 batches of ≤ 16), 30 validate.
    private var architecture = Architecture(timesteps: 10, features: 1, layers: [
        .lstm(LSTMLayerConfig(units: 8, biasInitializer: .constant(0.05))), .dense(DenseLayerConfig(units: 1)),
    ])
    private let data = WindowedSeries.windows(of: sineSeries(count: 130, period: 20), length: 10)
    private let template = "model{epoch:03d}-vloss{val_loss:.5f}.safetensors"

    /// What a run leaves behind.
    private struct Outcome {
        var weights: [[UInt32]]
        var velocities: [[UInt32]]
        var iterations: Int
        var history: [EpochLog]
        var stopReason: String?
        var files: [String: Data]
        var messages: [String]
        var random: NumpyRandomState
        var learningRate: Double
    }

    /// One "process": a fresh model (same initial weights), optimizer, callbacks and
    /// generator; fits, optionally resuming from the folder's last.safetensors and
    /// optionally interrupted after `stopAfterBatches` batches.
    private func process(folder: String, options: FitOptions, patience: Int?, resume: Bool,
                         stopAfterBatches: Int? = nil, fingerprint: String = "lesson 01, seed 0",
                         reducePatience: Int? = nil, messages: inout [String]) throws -> FitResult {
        var initializer = InitializerRandom(seed: 7)
        let model = try Sequential(architecture, random: &initializer)
        let trainer = Trainer(model: model, optimizer: RMSprop(config: RMSpropConfig(learningRate: 0.02),
                                                               parameters: model.parameters))
        var lines: [String] = []
        let checkpoint = ModelCheckpoint(template: try CheckpointTemplate(template), folder: try Folder.open(folder, create: true),
                                         saveBestOnly: true, onMessage: { lines.append($0) })
        let earlyStopping = patience.map { EarlyStopping(monitor: "val_loss", patience: $0) }
        let reduce = try reducePatience.map {
            try ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: $0, minDelta: 1e-3, onMessage: { lines.append($0) })
        }
        let statePath = folder + "/last.safetensors"
        let state = resume ? try TrainingState.read(statePath, expected: architecture) : nil
        var random = NumpyRandom(seed: 0)
        var batches = 0
        let result = try fitWithCheckpoints(
            trainer: trainer, data: data, options: options, checkpoint: checkpoint, earlyStopping: earlyStopping,
            reduceLearningRate: reduce, stateFile: try FilePlace(path: statePath), fingerprint: fingerprint, resumeFrom: state, random: &random,
            shouldStop: stopAfterBatches.map { limit in { batches += 1; return batches >= limit } })
        messages += lines.map { $0.replacingOccurrences(of: folder, with: "<folder>") }
        lastRandom = random.state
        lastTrainer = trainer
        return result
    }

    private var lastRandom: NumpyRandomState?
    private var lastTrainer: Trainer?

    private func outcome(folder: String, result: FitResult, messages: [String]) throws -> Outcome {
        let trainer = try XCTUnwrap(lastTrainer)
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name != "last.safetensors" {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return Outcome(weights: trainer.model.parameters.map { $0.value.map(\.bitPattern) },
                       velocities: trainer.optimizer.slots.map { $0.value.map(\.bitPattern) },
                       iterations: trainer.optimizer.iterations, history: result.history, stopReason: result.stopReason,
                       files: files, messages: messages, random: try XCTUnwrap(lastRandom),
                       learningRate: trainer.optimizer.learningRate)
    }

    private func uninterrupted(_ options: FitOptions, patience: Int?, reducePatience: Int? = nil) throws -> Outcome {
        let folder = try temporaryFolder()
        var messages: [String] = []
        let result = try process(folder: folder, options: options, patience: patience, resume: false,
                                 reducePatience: reducePatience, messages: &messages)
        XCTAssertFalse(result.interrupted)
        return try outcome(folder: folder, result: result, messages: messages)
    }

    /// Interrupted during epoch `stopEpoch` (after 2 of its batches), then resumed.
    private func interruptedAndResumed(_ options: FitOptions, patience: Int?, stopEpoch: Int,
                                       reducePatience: Int? = nil) throws -> Outcome {
        let folder = try temporaryFolder()
        var messages: [String] = []
        let trainCount = validationSplitIndex(count: data.count, split: options.validationSplit)
        let batchesPerEpoch = (trainCount + options.batchSize - 1) / options.batchSize
        let first = try process(folder: folder, options: options, patience: patience, resume: false,
                                stopAfterBatches: (stopEpoch - 1) * batchesPerEpoch + 2, reducePatience: reducePatience,
                                messages: &messages)
        XCTAssertTrue(first.interrupted)
        XCTAssertEqual(first.history.count, stopEpoch - 1)
        let state = try TrainingState.read(folder + "/last.safetensors", expected: architecture)
        XCTAssertEqual(state.epoch, stopEpoch - 1)
        let second = try process(folder: folder, options: options, patience: patience, resume: true,
                                 reducePatience: reducePatience, messages: &messages)
        XCTAssertFalse(second.interrupted)
        return try outcome(folder: folder, result: second, messages: messages)
    }

    private func assertIdentical(_ a: Outcome, _ b: Outcome, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.weights, b.weights, "weights (bit patterns)", file: file, line: line)
        XCTAssertEqual(a.velocities, b.velocities, "velocities (bit patterns)", file: file, line: line)
        XCTAssertEqual(a.iterations, b.iterations, "iterations", file: file, line: line)
        XCTAssertEqual(a.history.map(\.epoch), b.history.map(\.epoch), "epochs", file: file, line: line)
        XCTAssertEqual(a.history.map(\.loss.bitPattern), b.history.map(\.loss.bitPattern), "loss", file: file, line: line)
        XCTAssertEqual(a.history.map { $0.valLoss?.bitPattern }, b.history.map { $0.valLoss?.bitPattern }, "val_loss",
                       file: file, line: line)
        XCTAssertEqual(a.stopReason, b.stopReason, "stop reason", file: file, line: line)
        XCTAssertEqual(a.files.keys.sorted(), b.files.keys.sorted(), "checkpoint files", file: file, line: line)
        XCTAssertEqual(a.files, b.files, "checkpoint bytes", file: file, line: line)
        XCTAssertEqual(a.messages, b.messages, "checkpoint messages", file: file, line: line)
        XCTAssertEqual(a.random, b.random, "generator state", file: file, line: line)
        XCTAssertEqual(a.learningRate, b.learningRate, "learning rate", file: file, line: line)
    }

    /// ReduceLROnPlateau lowers the rate before the interruption and again after it: the
    /// state file keeps the rate and the callback's counters, so the resumed run cuts at
    /// the same epochs.
    func testResumeWithReduceLROnPlateauEqualsAnUninterruptedRun() throws {
        let options = FitOptions(batchSize: 16, epochs: 12, validationSplit: 0.25, shuffle: true)
        let reference = try uninterrupted(options, patience: nil, reducePatience: 1)
        let cuts = reference.messages.filter { $0.contains("ReduceLROnPlateau reducing learning rate") }
        XCTAssertGreaterThanOrEqual(cuts.count, 2, "this run should lower the rate at least twice: \(reference.messages)")
        XCTAssertLessThan(reference.learningRate, 0.02)
        let firstCut = try XCTUnwrap(cuts.first.flatMap { Int($0.dropFirst("Epoch ".count).prefix { $0.isNumber }) })
        XCTAssertLessThan(firstCut, 11)
        assertIdentical(try interruptedAndResumed(options, patience: nil, stopEpoch: firstCut + 1, reducePatience: 1), reference)
    }

    /// Closed-loop training (rollout 3) resumes bit for bit too, and a state saved with
    /// another rollout is refused.
    func testResumeWithRolloutEqualsAnUninterruptedRun() throws {
        let options = FitOptions(batchSize: 16, epochs: 4, validationSplit: 0.25, shuffle: true, rollout: 3)
        let reference = try uninterrupted(options, patience: nil)
        XCTAssertNotEqual(reference.weights, try uninterrupted(FitOptions(batchSize: 16, epochs: 4, validationSplit: 0.25,
                                                                          shuffle: true), patience: nil).weights)
        assertIdentical(try interruptedAndResumed(options, patience: nil, stopEpoch: 3), reference)
        let folder = try temporaryFolder()
        var messages: [String] = []
        _ = try process(folder: folder, options: options, patience: nil, resume: false, stopAfterBatches: 8, messages: &messages)
        var other = options
        other.rollout = 1
        XCTAssertThrowsError(try process(folder: folder, options: other, patience: nil, resume: true, messages: &messages)) { error in
            XCTAssertTrue("\(error)".contains("rollout 3"), "\(error)")
        }
    }

    func testResumeWithoutShuffleEqualsAnUninterruptedRun() throws {
        let options = FitOptions(batchSize: 16, epochs: 6, validationSplit: 0.25, shuffle: false)
        let reference = try uninterrupted(options, patience: nil)
        XCTAssertEqual(reference.history.count, 6)
        XCTAssertFalse(reference.files.isEmpty)
        assertIdentical(try interruptedAndResumed(options, patience: nil, stopEpoch: 4), reference)
    }

    /// With shuffle each epoch draws a numpy permutation; the generator state saved with
    /// the epoch makes the resumed epochs draw the same ones.
    func testResumeWithShuffleEqualsAnUninterruptedRun() throws {
        let options = FitOptions(batchSize: 16, epochs: 6, validationSplit: 0.25, shuffle: true)
        let reference = try uninterrupted(options, patience: nil)
        // 6 permutations of 90 drawn from the seed-0 stream.
        var expected = NumpyRandom(seed: 0)
        for _ in 0..<6 { _ = expected.permutation(90) }
        XCTAssertEqual(reference.random, expected.state)
        let unshuffled = try uninterrupted(FitOptions(batchSize: 16, epochs: 6, validationSplit: 0.25), patience: nil)
        XCTAssertNotEqual(reference.weights, unshuffled.weights, "shuffling changes the batches")
        assertIdentical(try interruptedAndResumed(options, patience: nil, stopEpoch: 3), reference)
    }

    /// Early stopping (patience 1) stops the resumed run at the same epoch as the
    /// uninterrupted one, with the same best checkpoint.
    func testResumeWithEarlyStoppingStopsAtTheSameEpoch() throws {
        let options = FitOptions(batchSize: 16, epochs: 30, validationSplit: 0.25, shuffle: true)
        let reference = try uninterrupted(options, patience: 1)
        let stopped = reference.history.count
        XCTAssertLessThan(stopped, 30, "early stopping should end this run before epoch 30")
        XCTAssertGreaterThan(stopped, 3, "the interruption must come before early stopping")
        XCTAssertEqual(reference.stopReason?.hasPrefix("early stopping: val_loss has not improved for 1 epochs"), true,
                       reference.stopReason ?? "nil")
        let resumed = try interruptedAndResumed(options, patience: 1, stopEpoch: stopped - 1)
        assertIdentical(resumed, reference)
    }

    /// A state saved at the epoch early stopping ended the run resumes to nothing.
    func testResumingARunThatStoppedEarlyDoesNothing() throws {
        let folder = try temporaryFolder()
        let options = FitOptions(batchSize: 16, epochs: 30, validationSplit: 0.25, shuffle: true)
        var messages: [String] = []
        let full = try process(folder: folder, options: options, patience: 1, resume: false, messages: &messages)
        let stoppedAt = full.history.count
        XCTAssertLessThan(stoppedAt, 30)
        let weights = lastTrainer?.model.parameters.map(\.value)
        let again = try process(folder: folder, options: options, patience: 1, resume: true, messages: &messages)
        XCTAssertEqual(again.history, full.history)
        XCTAssertEqual(again.stopReason, "early stopping ended this run at epoch \(stoppedAt)")
        XCTAssertEqual(lastTrainer?.model.parameters.map(\.value), weights)
    }

    /// Batches of 32 give each thread 16 rows and more (up to two threads), so the
    /// recurrent products run on packed U where the processor allows; the partial last
    /// batch (26 rows) runs through OpenBLAS. Resuming still ends bit for bit.
    func testResumeOnPackedRecurrentProductsEqualsAnUninterruptedRun() throws {
        let options = FitOptions(batchSize: 32, epochs: 5, validationSplit: 0.25, shuffle: true)
        if BLAS.threads <= 2 {
            XCTAssertEqual(RecurrentProduct.best.usesPanels(batch: 32, threads: BLAS.threads), RecurrentProduct.best != .blas)
        }
        let reference = try uninterrupted(options, patience: nil)
        assertIdentical(try uninterrupted(options, patience: nil), reference)
        assertIdentical(try interruptedAndResumed(options, patience: nil, stopEpoch: 3), reference)
    }

    /// The same for both GRU variants and a SimpleRNN stacked, packed and not: a run is
    /// repeatable and a resumed one ends bit for bit where an uninterrupted one does.
    func testResumeOfGRUsAndASimpleRNNEqualsAnUninterruptedRun() throws {
        architecture = Architecture(timesteps: 10, features: 1, layers: [
            .gru(GRULayerConfig(units: 8, returnSequences: true)),
            .gru(GRULayerConfig(units: 6, resetAfter: false, returnSequences: true)),
            .simpleRNN(SimpleRNNLayerConfig(units: 5)),
            .dense(DenseLayerConfig(units: 1)),
        ])
        let options = FitOptions(batchSize: 32, epochs: 4, validationSplit: 0.25, shuffle: true)
        let reference = try uninterrupted(options, patience: nil)
        assertIdentical(try uninterrupted(options, patience: nil), reference)
        assertIdentical(try interruptedAndResumed(options, patience: nil, stopEpoch: 3), reference)
    }

    func testSameSeedTwiceGivesBitIdenticalRuns() throws {
        let options = FitOptions(batchSize: 16, epochs: 3, validationSplit: 0.25, shuffle: true)
        assertIdentical(try uninterrupted(options, patience: nil), try uninterrupted(options, patience: nil))
    }

    /// A finished run resumes to nothing; another run's state is refused with the reason.
    func testFinishedAndForeignStates() throws {
        let folder = try temporaryFolder()
        let options = FitOptions(batchSize: 16, epochs: 2, validationSplit: 0.25)
        var messages: [String] = []
        let full = try process(folder: folder, options: options, patience: nil, resume: false, messages: &messages)
        let done = try process(folder: folder, options: options, patience: nil, resume: true, messages: &messages)
        XCTAssertEqual(done.history, full.history)
        XCTAssertEqual(lastTrainer?.model.parameters.map(\.value), try ModelFile.read(folder + "/last.safetensors").weights.map(\.values))

        XCTAssertThrowsError(try process(folder: folder, options: options, patience: nil, resume: true,
                                         fingerprint: "lesson 01, seed 1", messages: &messages)) { error in
            XCTAssertTrue("\(error)".contains("it was saved by a run with different settings ('lesson 01, seed 0' then, 'lesson 01, seed 1' now)"),
                          "\(error)")
            XCTAssertTrue("\(error)".hasSuffix("run without --resume to start over"), "\(error)")
        }
        var other = options
        other.batchSize = 8
        XCTAssertThrowsError(try process(folder: folder, options: other, patience: nil, resume: true, messages: &messages)) { error in
            XCTAssertTrue("\(error)".contains("it was saved with batch_size 16"), "\(error)")
        }
        // A checkpoint is not a state.
        let checkpoint = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasPrefix("model") })
        XCTAssertThrowsError(try TrainingState.read(folder + "/" + checkpoint)) { error in
            XCTAssertTrue("\(error)".contains("it is a checkpoint but not a training state"), "\(error)")
        }
    }
}
