#!/usr/bin/env python3
"""Times cnn-bench's workloads with PyTorch on the CPU, for a same-machine comparison.

Run by hand, never by CI (needs `pip install torch numpy`):

    python3 Tests/PyTorch/bench_torch.py [--filter SUBSTRING[,…]] [--json FILE]
                                         [--threads 1,2] [--quick] [--compare OURS.json]

Same workload names, shapes and rate definitions as `swift run -c release cnn-bench`:
SGEMM (torch.mm), conv2d forward and forward+backward (dx, dw, db) for LeNet c1-c2, the Keras
model's c1-c4 and AlexNet c1-c5, and max pool 2/2, 3/2 and avg pool 2/2 (floor rounding)
forward and backward on the outputs of some of those layers, and two training workloads
(`train lenet epoch`: modern LeNet, one epoch on the 60,000 MNIST training images;
`train keras 2048`: the notes' Keras model on the first 2,048; batch 128, Adam 1e-3; rate in
images/s; they need MNIST via --data DIR or CNN_DATA). Each line is the median of
several runs after a warm-up, at each thread count (torch.set_num_threads); convolutions
report the better of NCHW and channels_last, pooling too (channels_last is often ~10x faster
for PyTorch's pooling), and max pooling forward also the better of with and without
return_indices. `--compare` reads cnn-bench's --json file and
prints ours beside PyTorch's.
"""
import argparse
import json
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from keras_recipe_torch import KerasCNN, find, read_idx

# name, N, C, K, H=W, kernel, stride, padding  (cnn-bench's ConvWorkloads.swift)
LAYERS = [
    ("lenet-c1", 256, 1, 6, 28, 5, 1, 2),
    ("lenet-c2", 256, 6, 16, 14, 5, 1, 0),
    ("keras-c1", 128, 1, 64, 28, 3, 1, 0),
    ("keras-c2", 128, 64, 64, 26, 3, 1, 0),
    ("keras-c3", 128, 64, 128, 12, 3, 1, 0),
    ("keras-c4", 128, 128, 128, 10, 3, 1, 0),
    ("alexnet-c1", 8, 3, 96, 224, 11, 4, 1),
    ("alexnet-c2", 8, 96, 256, 26, 5, 1, 2),
    ("alexnet-c3", 8, 256, 384, 12, 3, 1, 1),
    ("alexnet-c4", 8, 384, 384, 12, 3, 1, 1),
    ("alexnet-c5", 8, 384, 256, 12, 3, 1, 1),
]
POOLED = ["lenet-c1", "lenet-c2", "keras-c2", "keras-c4", "alexnet-c1", "alexnet-c2",
          "alexnet-c5"]
POOLS = [("maxpool2/2", 2, True), ("maxpool3/2", 3, True), ("avgpool2/2", 2, False)]


def out_size(size, kernel, stride, padding):
    return (size + 2 * padding - kernel) // stride + 1  # floor rounding, as PyTorch


def median_seconds(body, budget, min_runs, max_runs):
    """Median wall and CPU (all threads) times of runs after a warm-up (two when a run is
    under 10 ms); the cores are shared, so the CPU time is the steadier figure."""
    start = time.perf_counter()
    body()
    if time.perf_counter() - start < 0.01:
        body()
    times, cpu_times = [], []
    while len(times) < max_runs and (len(times) < min_runs or sum(times) < budget):
        cpu = time.process_time()
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu)
    return statistics.median(times), len(times), statistics.median(cpu_times)


def gemm_workloads():
    for n in (256, 512, 1024, 2048):
        def prepare(n=n):
            a, b = torch.rand(n, n) * 2 - 1, torch.rand(n, n) * 2 - 1
            return [lambda: torch.mm(a, b)]
        yield f"sgemm n={n}", f"{n}×{n} · {n}×{n}", 2.0 * n ** 3, "GFLOP/s", prepare


def conv_workloads():
    for name, n, c, k, hw, kernel, stride, pad in LAYERS:
        p = out_size(hw, kernel, stride, pad)
        macs = n * k * p * p * c * kernel * kernel
        shape = f"N={n} {c}→{k} {hw}×{hw} k{kernel} s{stride} p{pad}"

        def tensors(fmt, n=n, c=c, k=k, hw=hw, kernel=kernel, p=p):
            x = torch.rand(n, c, hw, hw) * 2 - 1
            w = torch.rand(k, c, kernel, kernel) * 2 - 1
            b = torch.rand(k) * 2 - 1
            dy = torch.rand(n, k, p, p) * 2 - 1
            if fmt == "channels_last":
                x, w, dy = (t.contiguous(memory_format=torch.channels_last) for t in (x, w, dy))
            return x, w, b, dy

        def forward(stride=stride, pad=pad, tensors=tensors):
            def prepare():
                bodies = []
                for fmt in ("nchw", "channels_last"):
                    x, w, b, _ = tensors(fmt)
                    def body(x=x, w=w, b=b):
                        with torch.no_grad():
                            F.conv2d(x, w, b, stride=stride, padding=pad)
                    bodies.append(body)
                return bodies
            return prepare

        def training(stride=stride, pad=pad, tensors=tensors):
            def prepare():
                bodies = []
                for fmt in ("nchw", "channels_last"):
                    x, w, b, dy = tensors(fmt)
                    for t in (x, w, b):
                        t.requires_grad_(True)
                    def body(x=x, w=w, b=b, dy=dy):
                        x.grad = w.grad = b.grad = None
                        y = F.conv2d(x, w, b, stride=stride, padding=pad)
                        y.backward(dy)  # dx, dw and db, as conv2dBackward
                    bodies.append(body)
                return bodies
            return prepare

        yield f"conv {name} fwd", shape, 2.0 * macs, "GFLOP/s", forward()
        yield f"conv {name} fwd+bwd", shape, 6.0 * macs, "GFLOP/s", training()


def pool_workloads():
    layers = {layer[0]: layer for layer in LAYERS}
    for layer_name in POOLED:
        _, n, _, k, hw, kernel, stride, pad = layers[layer_name]
        h = out_size(hw, kernel, stride, pad)
        for kind, window, is_max in POOLS:
            p = out_size(h, window, 2, 0)
            shape = f"{n}×{k}×{h}×{h} → {p}×{p}"
            elements_in, elements_out = n * k * h * h, n * k * p * p
            nbytes = 4.0 * (elements_in + elements_out * (2 if is_max else 1))

            def forward(n=n, k=k, h=h, window=window, is_max=is_max):
                def prepare():
                    x = torch.rand(n, k, h, h) * 2 - 1
                    bodies = []
                    # PyTorch's pooling is far faster on channels_last than on NCHW, so we
                    # time both layouts and keep the best, as for convolutions.
                    for xx in (x, x.contiguous(memory_format=torch.channels_last)):
                        if is_max:
                            # With indices (as maxPool2D, which returns its argmax for the
                            # backward pass) and without.
                            bodies += [lambda xx=xx: F.max_pool2d(xx, window, 2, return_indices=True),
                                       lambda xx=xx: F.max_pool2d(xx, window, 2)]
                        else:
                            bodies.append(lambda xx=xx: F.avg_pool2d(xx, window, 2))
                    return bodies
                return prepare

            def backward(n=n, k=k, h=h, p=p, window=window, is_max=is_max):
                def prepare():
                    bodies = []
                    for layout in (torch.contiguous_format, torch.channels_last):
                        x = (torch.rand(n, k, h, h) * 2 - 1).contiguous(memory_format=layout)
                        dy = (torch.rand(n, k, p, p) * 2 - 1).contiguous(memory_format=layout)
                        if is_max:
                            _, idx = F.max_pool2d(x, window, 2, return_indices=True)
                            bodies.append(
                                lambda x=x, dy=dy, idx=idx:
                                torch.ops.aten.max_pool2d_with_indices_backward(
                                    dy, x, [window, window], [2, 2], [0, 0], [1, 1], False, idx))
                        else:
                            bodies.append(lambda x=x, dy=dy: torch.ops.aten.avg_pool2d_backward(
                                dy, x, [window, window], [2, 2], [0, 0], False, True, None))
                    return bodies
                return prepare

            yield f"{kind} {layer_name} fwd", shape, nbytes, "GB/s", forward()
            yield f"{kind} {layer_name} bwd", shape, nbytes, "GB/s", backward()


class ModernLeNet(nn.Module):
    """LeNet.modern: conv 6@5×5 p2 → ReLU → max 2 → conv 16@5×5 → ReLU → max 2 → 120 → 84 → 10."""

    def __init__(self):
        super().__init__()
        self.c1, self.c3 = nn.Conv2d(1, 6, 5, padding=2), nn.Conv2d(6, 16, 5)
        self.f5, self.f6, self.f7 = nn.Linear(400, 120), nn.Linear(120, 84), nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c3(x)), 2).flatten(1)
        return self.f7(F.relu(self.f6(F.relu(self.f5(x)))))


def training_workloads(data, quick):
    """One epoch (LeNet, 60,000 images) or 16 steps (the Keras model, 2,048 images) of
    training from a fresh model, as cnn-bench's TrainingWorkloads.swift."""
    if not data:
        return
    try:
        images = read_idx(find(data, "train-images-idx3-ubyte"))
        labels = read_idx(find(data, "train-labels-idx1-ubyte"))
    except SystemExit as error:
        print(f"training workloads skipped: {error}")
        return
    for name, make, count in (("train lenet epoch", ModernLeNet, 6_400 if quick else 60_000),
                              ("train keras 2048", KerasCNN, 256 if quick else 2_048)):
        def prepare(make=make, count=count):
            x = torch.from_numpy(images[:count, None].astype("float32") / 255)
            y = torch.from_numpy(labels[:count].astype("int64"))

            def body():
                torch.manual_seed(0)
                model = make()
                opt = torch.optim.Adam(model.parameters(), lr=1e-3)
                order = torch.randperm(count)
                for i in range(0, count, 128):
                    idx = order[i:i + 128]
                    loss = F.cross_entropy(model(x[idx]), y[idx])
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
            return [body]
        yield name, f"{count} images, batch 128, Adam", float(count), "img/s", prepare


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filter", default="")
    parser.add_argument("--json")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--compare", help="cnn-bench --json file to print beside ours")
    parser.add_argument("--data", default=os.environ.get("CNN_DATA"),
                        help="MNIST directory for the training workloads (default: CNN_DATA)")
    args = parser.parse_args()
    filters = [f for f in args.filter.split(",") if f]
    threads = [int(t) for t in args.threads.split(",")]
    budget, min_runs, max_runs = (0.15, 3, 15) if args.quick else (0.8, 5, 60)
    load = " ".join(open("/proc/loadavg").read().split()[:3]) if os.path.exists(
        "/proc/loadavg") else "?"
    print(f"bench_torch  torch {torch.__version__}  load average {load}  threads {threads}")
    header = (f"{'workload':26}{'shape':30}{'thr':>4}{'ms':>10}{'cpu ms':>10}{'rate':>16}"
              "  layout")
    print(header)
    print("─" * (len(header) + 8))
    results = []
    workloads = list(gemm_workloads()) + list(conv_workloads()) + list(pool_workloads())
    if not filters or any("train" in f for f in filters):
        workloads += list(training_workloads(args.data, args.quick))
    for name, shape, work, unit, prepare in workloads:
        if filters and not any(f in name for f in filters):
            continue
        bodies = prepare()
        timings = []
        for t in threads:
            torch.set_num_threads(t)
            best = None
            if name.startswith("conv"):
                layouts = ("nchw", "channels_last")
            elif name.startswith("maxpool") and name.endswith("fwd"):
                layouts = ("nchw indices", "nchw", "channels_last indices", "channels_last")
            else:
                layouts = ("nchw", "channels_last")
            for layout, body in zip(layouts, bodies):
                if name.startswith("train"):  # an epoch takes seconds: 3 runs, as cnn-bench
                    seconds, runs, cpu = median_seconds(body, 0, 1 if args.quick else 3,
                                                        1 if args.quick else 3)
                else:
                    seconds, runs, cpu = median_seconds(body, budget, min_runs, max_runs)
                if best is None or seconds < best[0]:
                    best = (seconds, runs, cpu, layout if len(bodies) > 1 else "")
            seconds, runs, cpu, layout = best
            rate = work / seconds / (1 if unit == "img/s" else 1e9)
            timings.append({"threads": t, "runs": runs, "milliseconds": seconds * 1e3,
                            "cpuMilliseconds": cpu * 1e3, "rate": rate, "layout": layout})
            print(f"{name:26}{shape:30}{t:>4}{seconds * 1e3:>10.3f}{cpu * 1e3:>10.3f}"
                  f"{rate:>11.1f} {unit:<5}  {layout}", flush=True)
        results.append({"name": name, "shape": shape, "unit": unit, "timings": timings})
    load = " ".join(open("/proc/loadavg").read().split()[:3]) if os.path.exists(
        "/proc/loadavg") else "?"
    print(f"load average at the end: {load}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"torch": torch.__version__, "loadAverage": load, "results": results}, f,
                      indent=1)
        print(f"wrote {args.json}")
    if args.compare:
        compare(args.compare, results, threads)


def compare(path, torch_results, threads):
    """Prints ours (cnn-bench JSON) beside PyTorch's, per workload and thread count."""
    ours = {r["name"]: r for r in json.load(open(path))["results"]}
    print(f"\n| workload | threads | ours ms (cpu) | PyTorch ms (cpu) | speed-up over PyTorch |")
    print("|---|---|---|---|---|")
    for r in torch_results:
        mine = ours.get(r["name"])
        if not mine:
            continue
        for t in r["timings"]:
            ot = next((x for x in mine["timings"] if x["threads"] == t["threads"]), None)
            if not ot:
                continue
            ratio = t["milliseconds"] / ot["milliseconds"]
            print(f"| {r['name']} | {t['threads']} | {ot['milliseconds']:.3f} "
                  f"({ot.get('cpuMilliseconds', float('nan')):.3f}) | {t['milliseconds']:.3f} "
                  f"({t['cpuMilliseconds']:.3f}) | {ratio:.2f}× |")


if __name__ == "__main__":
    main()
