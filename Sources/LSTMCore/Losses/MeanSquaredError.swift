/// Keras' mean squared error: outputs against targets elementwise (never broadcast to
/// `[B, B]`). For `[B, O]` outputs the caller passes `batch: B·O`, the mean over all
/// values, as Keras' mean over the last axis and then over the batch.
enum MeanSquaredError {
    /// `L = (1/B) Σ_b (ŷ_b - y_b)²`, summed in Double.
    static func forward(predictions: UnsafePointer<Float>, targets: UnsafePointer<Float>, batch: Int) -> Double {
        var sum = 0.0
        for b in 0..<batch {
            let error = Double(predictions[b]) - Double(targets[b])
            sum += error * error
        }
        return batch > 0 ? sum / Double(batch) : 0
    }

    /// `dL/dŷ_b = 2(ŷ_b - y_b) / B` into `dPredictions [B]`.
    static func backward(dPredictions: UnsafeMutablePointer<Float>, predictions: UnsafePointer<Float>,
                         targets: UnsafePointer<Float>, batch: Int) {
        let scale = 2 / Float(batch)
        for b in 0..<batch { dPredictions[b] = scale * (predictions[b] - targets[b]) }
    }
}
