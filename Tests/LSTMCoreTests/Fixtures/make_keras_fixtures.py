#!/usr/bin/env python3
"""Keras 3 reference fixtures for LSTMCore's parity tests.

Run by hand (not in CI) from the repository root, with a Python that has numpy,
tensorflow-cpu, keras 3 and safetensors:

    python3 -m venv /tmp/rnn-venv && /tmp/rnn-venv/bin/pip install tensorflow-cpu safetensors numpy
    /tmp/rnn-venv/bin/python Tests/LSTMCoreTests/Fixtures/make_keras_fixtures.py

The committed files were made with keras 3.15.1, tensorflow-cpu 2.21.0, numpy 2.4.6 and
safetensors 0.8.0 (each file's metadata records the first three).

It rewrites the *.safetensors files next to this script (a few KB each) and prints
what it checked. Run it again after changing a case; commit the script and the files.
Reruns give the same tensors bit for bit (TF_ENABLE_ONEDNN_OPTS=0, one thread's worth of
tiny ops), but Python's safetensors writes __metadata__ keys in hash order, so the header
bytes of an unchanged case may differ: `git checkout` those files if only that changed.

Every case builds a small Keras Sequential model, sets its weights explicitly from a
numpy RandomState (never Keras' initialisers, whose TensorFlow draws we do not copy),
and records, under the names LSTMCore's checkpoints use (lstm/kernel, lstm_1/bias,
gru/recurrent_kernel, simple_rnn/bias, dense/kernel, ...):

    x [N, T, F], y [N]                 inputs and targets
    <weight name>                      the initial weights
    output [N, 1]                      model(x)
    loss []                            MSE over all N samples
    grad/<weight name>, grad/x         d loss / d weight and d loss / d x (tf.GradientTape)
    after3/<weight name>               weights after model.fit(x, y, epochs=3, shuffle=False,
                                       batch_size, validation_split) with RMSprop
    after3/optimizer/<weight name>/velocity   RMSprop's velocity slots at that point
    history/loss [3], history/val_loss [3]    History of that fit
    trace/batch_loss [3 * batches]     each training batch's loss, before its update
                                       (from the replay below, not from Keras)

and puts the configuration in __metadata__ (strings). The script also replays the fit
by hand (train/validation split at floor(N * (1 - split)), batches in order, RMSprop
v = rho v + (1 - rho) g^2, w -= lr g / sqrt(v + eps) done in numpy, epoch loss the
batch-size-weighted mean of batch losses before each update, val_loss the mean over the
validation samples with the end-of-epoch weights) and asserts it matches Keras, so the
fixtures also document that these are Keras 3's rules.

keras_export_no_metadata.safetensors holds case "stacked"'s initial weights under Keras 3's
own variable paths (sequential/lstm/lstm_cell/kernel, ...) and no metadata: what a user
gets from `{v.path: v.numpy() for v in model.weights}` and safetensors.numpy.save_file.
keras_export_lstm_gru_no_metadata.safetensors does the same for case "lstm_gru_stacked"
(sequential/gru/gru_cell/bias [2, 3H], ...).
"""
import json
import math
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # plain float32 kernels, no reordering

import numpy as np
import tensorflow as tf
import keras
from safetensors.numpy import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
EPOCHS = 3

# name: (seed, N, T, F, batch_size, validation_split, learning_rate, layers, weight scale, x scale)
# layers: ("lstm", units, recurrent_activation, return_sequences),
#         ("gru", units, recurrent_activation, return_sequences, reset_after),
#         ("simple_rnn", units, activation, return_sequences) or ("dense", units, activation)
CASES = {
    # N 16, split 0.25: 12 training windows in batches 5, 5, 2; 4 for validation.
    "lstm_sigmoid": (1, 16, 4, 1, 5, 0.25, 0.01,
                     [("lstm", 3, "sigmoid", False), ("dense", 1, "linear")], 0.5, 1.0),
    # N 17, split 0.3: 17 * 0.7 = 11.9 -> 11 training windows (5, 5, 1), 6 for validation.
    "lstm_stacked": (2, 17, 4, 1, 5, 0.3, 0.01,
                     [("lstm", 3, "sigmoid", True), ("lstm", 2, "sigmoid", False),
                      ("dense", 1, "linear")], 0.5, 1.0),
    # Larger weights and inputs so gate pre-activations reach hard_sigmoid's clipped
    # region (|z| > 3) as well as its linear part.
    "lstm_hard_sigmoid": (3, 16, 4, 1, 5, 0.25, 0.01,
                          [("lstm", 3, "hard_sigmoid", False), ("dense", 1, "linear")], 3.0, 2.0),
    "dense_tanh_between": (4, 16, 4, 1, 5, 0.25, 0.01,
                           [("lstm", 3, "sigmoid", False), ("dense", 4, "tanh"),
                            ("dense", 1, "linear")], 0.5, 1.0),
    # relu between, two input features, so the LSTM kernel has more than one row.
    "dense_relu_between_2_features": (5, 16, 4, 2, 5, 0.25, 0.01,
                                      [("lstm", 3, "sigmoid", False), ("dense", 4, "relu"),
                                       ("dense", 1, "linear")], 0.5, 1.0),
    # GRU with Keras 3's default reset_after (bias [2, 3H]), one feature (folded into the
    # gate pass), and without it (bias [3H], the reset before the product).
    "gru_reset_after": (6, 16, 4, 1, 5, 0.25, 0.01,
                        [("gru", 3, "sigmoid", False, True), ("dense", 1, "linear")], 0.5, 1.0),
    "gru_reset_before": (7, 16, 4, 1, 5, 0.25, 0.01,
                         [("gru", 3, "sigmoid", False, False), ("dense", 1, "linear")], 0.5, 1.0),
    # Five features: the input projection is a matrix product, not folded in.
    "simple_rnn": (8, 16, 4, 5, 5, 0.25, 0.01,
                   [("simple_rnn", 3, "tanh", False), ("dense", 1, "linear")], 0.5, 1.0),
    # LSTM then GRU: the GRU reads 5 features a step (a matrix product) and passes its
    # input gradient down to the LSTM.
    "lstm_gru_stacked": (9, 17, 4, 1, 5, 0.3, 0.01,
                         [("lstm", 5, "sigmoid", True), ("gru", 3, "sigmoid", False, True),
                          ("dense", 1, "linear")], 0.5, 1.0),
    # Six features into a GRU without reset_after returning every step, into a SimpleRNN.
    "gru_simple_rnn_stacked": (10, 17, 4, 6, 5, 0.3, 0.01,
                               [("gru", 4, "sigmoid", True, False), ("simple_rnn", 3, "tanh", False),
                                ("dense", 1, "linear")], 0.5, 1.0),
}
RHO = 0.9
EPSILON = 1e-7


def layer_names(layers):
    """Keras' automatic names in a fresh session: lstm, lstm_1, dense, dense_1, ..."""
    seen = {}
    names = []
    for layer in layers:
        kind = layer[0]
        index = seen.get(kind, 0)
        seen[kind] = index + 1
        names.append(kind if index == 0 else f"{kind}_{index}")
    return names


def build(layers, T, F):
    names = layer_names(layers)
    model = keras.Sequential(name="sequential")
    model.add(keras.Input((T, F)))
    for layer, name in zip(layers, names):
        if layer[0] == "lstm":
            _, units, recurrent_activation, return_sequences = layer
            model.add(keras.layers.LSTM(units, recurrent_activation=recurrent_activation,
                                        return_sequences=return_sequences, name=name))
        elif layer[0] == "gru":
            _, units, recurrent_activation, return_sequences, reset_after = layer
            model.add(keras.layers.GRU(units, recurrent_activation=recurrent_activation,
                                       return_sequences=return_sequences, reset_after=reset_after, name=name))
        elif layer[0] == "simple_rnn":
            _, units, activation, return_sequences = layer
            model.add(keras.layers.SimpleRNN(units, activation=activation, return_sequences=return_sequences,
                                             name=name))
        else:
            _, units, activation = layer
            model.add(keras.layers.Dense(units, activation=activation, name=name))
    return model, names


def our_name(layer_name, variable_path):
    """sequential/lstm/lstm_cell/kernel -> lstm/kernel; sequential/gru/gru_cell/bias -> gru/bias;
    sequential/dense/bias -> dense/bias."""
    return f"{layer_name}/{variable_path.split('/')[-1]}"


def weight_names(model, names):
    result = []
    for layer, name in zip(model.layers, names):
        result += [our_name(name, v.path) for v in layer.weights]
    return result


def set_initial_weights(model, rng, scale):
    for variable in model.weights:
        values = rng.uniform(-scale, scale, size=variable.shape)
        if variable.path.endswith("lstm_cell/bias"):
            values = values * 0.2
            units = variable.shape[0] // 4
            values[units:2 * units] += 1.0  # forget gate near unit_forget_bias' 1.0
        variable.assign(values.astype(np.float32))


def mse(model, x, y):
    out = model(x, training=False)
    return tf.reduce_mean(tf.square(out[:, 0] - y))


def replay_fit(model, x, y, batch_size, split, lr):
    """The fit done by hand; returns per-batch losses, epoch losses, val losses, velocities."""
    n = x.shape[0]
    split_at = int(math.floor(n * (1.0 - split)))
    x_train, y_train, x_val, y_val = x[:split_at], y[:split_at], x[split_at:], y[split_at:]
    variables = model.trainable_variables
    velocity = [np.zeros(v.shape, np.float32) for v in variables]
    batch_losses, epoch_losses, val_losses = [], [], []
    for _ in range(EPOCHS):
        total = 0.0
        for start in range(0, split_at, batch_size):
            xb = tf.constant(x_train[start:start + batch_size])
            yb = tf.constant(y_train[start:start + batch_size])
            with tf.GradientTape() as tape:
                loss = mse(model, xb, yb)
            grads = tape.gradient(loss, variables)
            batch_losses.append(float(loss))
            total += float(loss) * xb.shape[0]
            for variable, g, v in zip(variables, grads, velocity):
                g = g.numpy()
                v *= np.float32(RHO)
                v += np.float32(1 - RHO) * g * g
                variable.assign(variable.numpy() - np.float32(lr) * g / np.sqrt(v + np.float32(EPSILON)))
        epoch_losses.append(total / split_at)
        val_losses.append(float(mse(model, tf.constant(x_val), tf.constant(y_val))))
    return split_at, batch_losses, epoch_losses, val_losses, velocity


def make_case(case, spec):
    seed, N, T, F, batch_size, split, lr, layers, scale, x_scale = spec
    keras.backend.clear_session()
    rng = np.random.RandomState(seed)
    x = rng.uniform(-x_scale, x_scale, size=(N, T, F)).astype(np.float32)
    y = rng.uniform(-1, 1, size=(N,)).astype(np.float32)
    model, names = build(layers, T, F)
    set_initial_weights(model, rng, scale)
    wnames = weight_names(model, names)
    initial = [v.numpy().copy() for v in model.weights]

    tensors = {"x": x, "y": y}
    for name, value in zip(wnames, initial):
        tensors[name] = value

    # Forward, loss and gradients over all N samples.
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        out = model(xt, training=False)
        loss = tf.reduce_mean(tf.square(out[:, 0] - y))
    grads = tape.gradient(loss, model.weights + [xt])
    keras_loss = float(keras.losses.MeanSquaredError()(y, out))
    assert abs(keras_loss - float(loss)) <= 1e-7 * max(1.0, abs(keras_loss)), \
        f"{case}: Keras MSE {keras_loss} differs from mean((out - y)^2) {float(loss)} (broadcast?)"
    tensors["output"] = out.numpy()
    tensors["loss"] = np.array(loss.numpy(), dtype=np.float32)
    for name, g in zip(wnames, grads[:-1]):
        tensors[f"grad/{name}"] = g.numpy()
    tensors["grad/x"] = grads[-1].numpy()

    # Keras' own fit.
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=lr, rho=RHO, epsilon=EPSILON),
                  loss="mean_squared_error")
    history = model.fit(x, y, batch_size=batch_size, epochs=EPOCHS, shuffle=False,
                        validation_split=split, verbose=0)
    for name, v in zip(wnames, model.weights):
        tensors[f"after3/{name}"] = v.numpy()
    velocities = model.optimizer._velocities
    for name, v in zip(wnames, velocities):
        tensors[f"after3/optimizer/{name}/velocity"] = v.numpy()
    tensors["history/loss"] = np.array(history.history["loss"], dtype=np.float32)
    tensors["history/val_loss"] = np.array(history.history["val_loss"], dtype=np.float32)

    # The same fit by hand, from the same initial weights.
    replay, _ = build(layers, T, F)
    for variable, value in zip(replay.weights, initial):
        variable.assign(value)
    split_at, batch_losses, epoch_losses, val_losses, velocity = replay_fit(replay, x, y, batch_size, split, lr)
    tensors["trace/batch_loss"] = np.array(batch_losses, dtype=np.float32)
    np.testing.assert_allclose(epoch_losses, history.history["loss"], rtol=2e-5, atol=1e-7,
                               err_msg=f"{case}: epoch loss is not the batch-size-weighted mean")
    np.testing.assert_allclose(val_losses, history.history["val_loss"], rtol=2e-5, atol=1e-7,
                               err_msg=f"{case}: val_loss is not the mean over the tail split")
    worst = 0.0
    for name, a, b in zip(wnames, replay.weights, model.weights):
        worst = max(worst, float(np.max(np.abs(a.numpy() - b.numpy()))))
    assert worst < 1e-5, f"{case}: hand-made RMSprop fit differs from Keras by {worst}"
    worst_v = max(float(np.max(np.abs(a - b.numpy()))) for a, b in zip(velocity, velocities))
    assert worst_v < 1e-6, f"{case}: velocities differ by {worst_v}"

    layer_configs = []
    for layer in layers:
        if layer[0] == "lstm":
            layer_configs.append({"kind": "lstm", "units": layer[1], "activation": "tanh",
                                  "recurrent_activation": layer[2], "return_sequences": layer[3]})
        elif layer[0] == "gru":
            layer_configs.append({"kind": "gru", "units": layer[1], "activation": "tanh",
                                  "recurrent_activation": layer[2], "return_sequences": layer[3],
                                  "reset_after": layer[4]})
        elif layer[0] == "simple_rnn":
            layer_configs.append({"kind": "simple_rnn", "units": layer[1], "activation": layer[2],
                                  "return_sequences": layer[3]})
        else:
            layer_configs.append({"kind": "dense", "units": layer[1], "activation": layer[2]})
    batches = -(-split_at // batch_size)
    metadata = {
        "case": case,
        "timesteps": str(T), "features": str(F), "count": str(N),
        "layers": json.dumps(layer_configs),
        "weight_names": json.dumps(wnames),
        "batch_size": str(batch_size), "epochs": str(EPOCHS),
        "validation_split": repr(split), "split_index": str(split_at),
        "train_count": str(split_at), "validation_count": str(N - split_at),
        "batches_per_epoch": str(batches), "shuffle": "false",
        "optimizer": "rmsprop", "learning_rate": repr(lr), "rho": repr(RHO), "epsilon": repr(EPSILON),
        "loss": "mean_squared_error",
        "numpy_seed": str(seed),
        "keras_version": keras.__version__, "tensorflow_version": tf.__version__,
        "numpy_version": np.__version__,
    }
    path = os.path.join(HERE, f"keras_{case}.safetensors")
    save_file({k: np.asarray(v, dtype=np.float32, order="C") for k, v in tensors.items()}, path,
              metadata=metadata)
    print(f"{case}: split {split_at}/{N - split_at}, {batches} batches/epoch, "
          f"loss {float(loss):.6f}, history loss {history.history['loss']}, "
          f"val_loss {history.history['val_loss']}, replay max weight diff {worst:.2e} -> {path}")
    return model, initial


def make_export(case, initial, file_name):
    """A case's initial weights under Keras' own variable paths (default layer names, as a
    user would get them), no metadata."""
    _, _, T, F, _, _, _, layers, _, _ = CASES[case]
    keras.backend.clear_session()
    model, _ = build(layers, T, F)
    default = keras.Sequential(name="sequential")
    default.add(keras.Input((T, F)))
    for layer in model.layers:
        config = layer.get_config()
        config.pop("name")
        default.add(type(layer).from_config(config))
    for variable, value in zip(default.weights, initial):
        variable.assign(value)
    weights = {v.path: v.numpy() for v in default.weights}
    path = os.path.join(HERE, file_name)
    save_file(weights, path)
    print("export paths:", list(weights), "->", path)


def main():
    print(f"keras {keras.__version__}, tensorflow {tf.__version__}, numpy {np.__version__}")
    initial = {}
    for case, spec in CASES.items():
        _, initial[case] = make_case(case, spec)
    make_export("lstm_stacked", initial["lstm_stacked"], "keras_export_no_metadata.safetensors")
    make_export("lstm_gru_stacked", initial["lstm_gru_stacked"], "keras_export_lstm_gru_no_metadata.safetensors")


if __name__ == "__main__":
    main()
