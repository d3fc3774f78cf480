import Foundation
import XCTest
@testable import LSTMCore
import SafeFiles

/// ModelCheckpoint's decisions, messages and file names, fed epoch logs directly.
final class ModelCheckpointTests: XCTestCase {
    private func context(split: Double = 0.25) throws -> FitContext {
        var random = InitializerRandom(seed: 2)
        let model = try Sequential(Architecture(timesteps: 3, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 2)), .dense(DenseLayerConfig(units: 1)),
        ]), random: &random)
        return FitContext(model: model, optimizer: RMSprop(parameters: model.parameters),
                          options: FitOptions(batchSize: 4, epochs: 10, validationSplit: split))
    }

    /// save_best_only saves on a strictly lower val_loss only (the first epoch always):
    /// val_loss 0.0011, 0.0009, 0.00095, 0.0009 (equal: no), 0.0008 saves epochs 1, 2, 5.
    func testSaveBestOnlyKeepsStrictImprovementsWithKerasMessages() throws {
        let folder = try temporaryFolder() + "/result/x"
        var messages: [String] = []
        let checkpoint = ModelCheckpoint(
            template: try CheckpointTemplate("model{epoch:03d}-loss{loss:.3f}-vloss{val_loss:.5f}.safetensors"),
            folder: try Folder.open(folder, create: true), monitor: "val_loss", saveBestOnly: true,
            onMessage: { messages.append($0) })
        let context = try context()
        try checkpoint.onTrainBegin(context)
        let valLosses = [0.0011, 0.0009, 0.00095, 0.0009, 0.0008]
        for (index, valLoss) in valLosses.enumerated() {
            let log = EpochLog(epoch: index + 1, loss: 0.01 / Double(index + 1), valLoss: valLoss, seconds: 1)
            XCTAssertEqual(try checkpoint.onEpochEnd(log, context), .continue)
        }
        let names = ["model001-loss0.010-vloss0.00110.safetensors", "model002-loss0.005-vloss0.00090.safetensors",
                     "model005-loss0.002-vloss0.00080.safetensors"]
        XCTAssertEqual(messages, [
            "Epoch 1: val_loss improved from inf to 0.00110, saving model to \(folder)/\(names[0])",
            "Epoch 2: val_loss improved from 0.00110 to 0.00090, saving model to \(folder)/\(names[1])",
            "Epoch 3: val_loss did not improve from 0.00090",
            "Epoch 4: val_loss did not improve from 0.00090",
            "Epoch 5: val_loss improved from 0.00090 to 0.00080, saving model to \(folder)/\(names[2])",
        ])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), names)
        XCTAssertEqual(checkpoint.savedNames, names)
        // The state keeps the name in the folder, so a store that moves still finds it.
        XCTAssertEqual(checkpoint.state, ModelCheckpoint.State(best: 0.0008, bestEpoch: 5, bestPath: names[2]))

        // The saved file records its epoch and losses and holds the model's weights.
        let saved = try ModelFile.read("\(folder)/\(names[1])", expected: context.model.architecture)
        XCTAssertEqual(saved.epoch, 2)
        XCTAssertEqual(saved.valLoss, 0.0009)
        XCTAssertEqual(saved.loss, 0.005)
        XCTAssertEqual(saved.weights.map(\.values), context.model.parameters.map(\.value))
        XCTAssertTrue(saved.optimizerSlots.isEmpty, "weights only by default")

        // Resuming with the saved state makes the same decision as continuing.
        let resumed = ModelCheckpoint(template: checkpoint.template, folder: try Folder.open(folder), saveBestOnly: true,
                                      onMessage: { messages.append($0) })
        resumed.restore(checkpoint.state)
        _ = try resumed.onEpochEnd(EpochLog(epoch: 6, loss: 0.001, valLoss: 0.0008, seconds: 1), context)
        XCTAssertEqual(messages.last, "Epoch 6: val_loss did not improve from 0.00080")

        // A state written before names were kept relative held the folder's path in front:
        // restoring keeps the template's last components only.
        var old = checkpoint.state
        old.bestPath = "A/fits/as-written-1a2b3c4d/" + names[2]
        resumed.restore(old)
        XCTAssertEqual(resumed.bestName, names[2])
        XCTAssertEqual(resumed.bestPath, "\(folder)/\(names[2])")
    }

    /// Without save_best_only every epoch is saved, and the best one is still recorded.
    func testSavingEveryEpoch() throws {
        let folder = try temporaryFolder()
        var messages: [String] = []
        let checkpoint = ModelCheckpoint(template: try CheckpointTemplate("e{epoch}.safetensors"), folder: try Folder.open(folder),
                                         monitor: "loss", includeOptimizer: true, onMessage: { messages.append($0) })
        let context = try context(split: 0)
        try checkpoint.onTrainBegin(context)
        for (index, loss) in [0.3, 0.1, 0.2].enumerated() {
            _ = try checkpoint.onEpochEnd(EpochLog(epoch: index + 1, loss: loss, valLoss: nil, seconds: 1), context)
        }
        XCTAssertEqual(messages, (1...3).map { "Epoch \($0): saving model to \(folder)/e\($0).safetensors" })
        XCTAssertEqual(checkpoint.bestEpoch, 2)
        XCTAssertEqual(checkpoint.bestPath, "\(folder)/e2.safetensors")
        XCTAssertEqual(try ModelFile.read("\(folder)/e3.safetensors").optimizerSlots.count, context.model.parameters.count)
    }

    /// val_loss without validation data fails before the first epoch, saying what to change.
    func testValidationLossWithoutValidationDataFailsAtTheStart() throws {
        let checkpoint = ModelCheckpoint(template: try CheckpointTemplate("m{epoch}.safetensors"),
                                         folder: try Folder.open(try temporaryFolder()), saveBestOnly: true)
        XCTAssertThrowsError(try checkpoint.onTrainBegin(try context(split: 0))) { error in
            XCTAssertTrue("\(error)".contains("model_checkpoint uses val_loss, which needs validation data"), "\(error)")
        }
        let byName = ModelCheckpoint(template: try CheckpointTemplate("m{val_loss}.safetensors"),
                                     folder: try Folder.open(try temporaryFolder()), monitor: "loss")
        XCTAssertThrowsError(try byName.onTrainBegin(try context(split: 0)))
        let unknown = ModelCheckpoint(template: try CheckpointTemplate("m.safetensors"), folder: try Folder.open("."),
                                      monitor: "accuracy")
        XCTAssertThrowsError(try unknown.onTrainBegin(try context())) { error in
            XCTAssertTrue("\(error)".contains("monitors 'accuracy'"), "\(error)")
        }
    }
}
