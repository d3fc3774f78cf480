/// Loss functions a lesson can compile with (only Keras' "mean_squared_error" for now).
public enum Loss: String, Codable, Sendable {
    case meanSquaredError = "mean_squared_error"
}
