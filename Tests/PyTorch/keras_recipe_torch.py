#!/usr/bin/env python3
"""The study notes' Keras MNIST recipe, replayed in PyTorch, as an outside reference for
chapter 5's `--model keras` run. Run by hand, never by CI:

    pip install torch numpy
    python3 Tests/PyTorch/keras_recipe_torch.py --data ../shared/data/mnist --seed 0 --threads 2

What it copies from the Keras program (and Keras 3's defaults):
  * x / 255, shape N×1×28×28 (PyTorch's layout; the arithmetic is the same as Keras' NHWC).
  * Conv64-Conv64-MaxPool2-Conv128-Conv128-GlobalAvgPool-Dropout(0.5)-Dense(10), 3×3 "valid"
    convolutions, ReLU; Glorot-uniform weights and zero biases (Keras' initialisers, not PyTorch's).
  * Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-7) (Keras' epsilon), batch 128, softmax cross-entropy.
  * validation_split=0.15: the *last* 15% of the training arrays, taken before any shuffling;
    the remaining 51,000 images are reshuffled every epoch.
  * EarlyStopping(monitor="val_loss", patience=2): stop once val_loss has not improved for two
    epochs in a row; the final weights (not the best ones) are evaluated, as Keras does by default.

It prints one line per epoch and the test accuracy, in the same form as chapter 5, so the two
curves can be laid side by side. Results on this project's machine are quoted in the chapter text.
"""
import argparse
import gzip
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4 : 4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(directory, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            return path
    raise SystemExit(f"{stem}(.gz) not found in {directory}")


def glorot_(weight):
    # Keras: fan_in = in_channels·kh·kw, fan_out = out_channels·kh·kw; PyTorch's xavier_uniform_
    # computes the same fans for a conv weight [out, in, kh, kw] and for a linear weight [out, in].
    nn.init.xavier_uniform_(weight)


class KerasCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 64, 3)
        self.c2 = nn.Conv2d(64, 64, 3)
        self.c3 = nn.Conv2d(64, 128, 3)
        self.c4 = nn.Conv2d(128, 128, 3)
        self.drop = nn.Dropout(0.5)
        self.fc = nn.Linear(128, 10)
        for m in (self.c1, self.c2, self.c3, self.c4, self.fc):
            glorot_(m.weight)
            nn.init.zeros_(m.bias)

    def forward(self, x):
        x = F.relu(self.c1(x))
        x = F.relu(self.c2(x))
        x = F.max_pool2d(x, 2)
        x = F.relu(self.c3(x))
        x = F.relu(self.c4(x))
        x = x.mean(dim=(2, 3))
        return self.fc(self.drop(x))


def evaluate(model, x, y, batch=1000):
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            logits = model(x[i : i + batch])
            loss += F.cross_entropy(logits, y[i : i + batch], reduction="sum").item()
            correct += (logits.argmax(1) == y[i : i + batch]).sum().item()
    return loss / len(x), correct / len(x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default=os.environ.get("CNN_DATA", "../shared/data/mnist"))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--patience", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)

    xtr = read_idx(find(a.data, "train-images-idx3-ubyte")).astype(np.float32) / 255
    ytr = read_idx(find(a.data, "train-labels-idx1-ubyte")).astype(np.int64)
    xte = read_idx(find(a.data, "t10k-images-idx3-ubyte")).astype(np.float32) / 255
    yte = read_idx(find(a.data, "t10k-labels-idx1-ubyte")).astype(np.int64)
    split = int(len(xtr) * (1 - 0.15))  # Keras: the last 15% (9,000 images) validate
    to = lambda arr: torch.from_numpy(np.ascontiguousarray(arr))
    xt, yt = to(xtr[:split, None]), to(ytr[:split])
    xv, yv = to(xtr[split:, None]), to(ytr[split:])
    xs, ys = to(xte[:, None]), to(yte)

    model = KerasCNN()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    print(f"torch {torch.__version__}, {a.threads} thread(s), seed {a.seed}", flush=True)
    best, wait = float("inf"), 0
    for epoch in range(1, a.epochs + 1):
        model.train()
        start = time.time()
        order = torch.from_numpy(rng.permutation(split))
        seen, loss_sum, correct = 0, 0.0, 0
        for i in range(0, split, 128):
            idx = order[i : i + 128]
            logits = model(xt[idx])
            loss = F.cross_entropy(logits, yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            n = len(idx)
            seen += n
            loss_sum += loss.item() * n
            correct += (logits.argmax(1) == yt[idx]).sum().item()
        vl, va = evaluate(model, xv, yv)
        secs = time.time() - start
        print(
            f"epoch {epoch}/{a.epochs}  loss {loss_sum / seen:.4f}  acc {correct / seen:.4f}  "
            f"val_loss {vl:.4f}  val_acc {va:.4f}  {secs:.1f} s",
            flush=True,
        )
        if vl < best:
            best, wait = vl, 0
        else:
            wait += 1
            if wait >= a.patience:
                print(f"early stop after epoch {epoch} (best val_loss {best:.4f})", flush=True)
                break
    tl, ta = evaluate(model, xs, ys)
    print(f"test loss {tl:.4f}  test accuracy {ta * 100:.2f}%", flush=True)


if __name__ == "__main__":
    main()
