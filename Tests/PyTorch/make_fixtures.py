#!/usr/bin/env python3
"""Write the PyTorch/NumPy reference fixtures that Tests/FixtureTests compares against.

Run by hand from the package root (never by CI; the JSON files it writes are committed):

    pip install torch numpy
    python3 Tests/PyTorch/make_fixtures.py

Produced with torch 2.15.0+cu132 (the default PyPI wheel, run on the CPU with one thread),
numpy 2.4.6, Python 3.11.7. Every file also records the versions that wrote it in its
top-level "generator" object, so a regenerated fixture says what changed.

Files written to Tests/FixtureTests/Fixtures/:

    conv2d.json      torch.nn.functional.conv2d forward and backward, float32
    convolve1d.json  numpy.convolve in modes full/same/valid, float64
    fft.json         numpy.fft.fft / ifft of real and complex signals, float64
    pad.json         torch.nn.functional.pad, modes constant/reflect/replicate/circular
    pool.json        max_pool2d, avg_pool2d, adaptive_avg_pool2d forward and backward

Conventions shared by every file:
  * Tensors are flattened row-major (NCHW for images); their shapes are separate arrays.
  * A float32 value is written as the shortest decimal that reads back as the same float32
    (numpy's str(np.float32(v)), e.g. 0.1 for 0x3DCCCCCD): parse it as Double, then convert
    to Float, and you hold exactly the float32 that PyTorch used (the script asserts this for
    every value). For a Double computation, widen that Float: Double(Float(text)).
    float64 values are written with Python's repr, which round-trips exactly.
  * Gradients are those of the scalar L = sum(y * g) for the recorded random g ("gradOutput"),
    so dL/dy = g.
  * The output is deterministic: fixed seeds, one thread, deterministic algorithms; running
    the script twice gives byte-identical files.
"""

import json
import os
import platform
import sys

import numpy as np
import torch
import torch.nn.functional as F

SEED = 20240601
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "FixtureTests", "Fixtures")
COMMAND = "python3 Tests/PyTorch/make_fixtures.py"

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def generator_info(seed):
  return {
    "script": "Tests/PyTorch/make_fixtures.py",
    "command": COMMAND,
    "python": platform.python_version(),
    "torch": torch.__version__,
    "numpy": np.__version__,
    "seed": seed,
  }


# ---------------------------------------------------------------------------------------------
# Number formatting

class Float32Array:
  """Float32 values, written as the shortest decimals that read back as the same float32."""

  def __init__(self, values):
    self.values = np.asarray(values, dtype=np.float32).reshape(-1)
    self.texts = []
    for v in self.values:
      assert np.isfinite(v), v
      text = str(v)  # numpy's shortest round-trip representation of a float32
      # The reader's path: decimal → nearest Double → nearest Float must give v back.
      assert np.float32(float(text)) == v and text[0] in "-0123456789", (text, v)
      self.texts.append(text)

  def json(self):
    return "[" + ", ".join(self.texts) + "]"


def f32(values):
  return Float32Array(values)


def f64(values):
  return [float(v) for v in np.asarray(values, dtype=np.float64).reshape(-1)]


def shape(t):
  return list(t.shape)


def dumps(value, indent=""):
  """JSON with one key per line and every array of numbers on a single line (small diffs)."""
  inner = indent + "  "
  if isinstance(value, dict) and all(isinstance(v, int) for v in value.values()):
    return json.dumps(value, separators=(", ", ": "))
  if isinstance(value, dict):
    items = [f"{inner}{json.dumps(k)}: {dumps(v, inner)}" for k, v in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + indent + "}"
  if isinstance(value, list) and any(isinstance(v, (dict, list, Float32Array)) for v in value):
    return "[\n" + ",\n".join(inner + dumps(v, inner) for v in value) + "\n" + indent + "]"
  if isinstance(value, Float32Array):
    return value.json()
  return json.dumps(value, allow_nan=False, ensure_ascii=False, separators=(", ", ": "))


def write(name, payload):
  path = os.path.normpath(os.path.join(OUT_DIR, name))
  text = dumps(payload)
  json.loads(text)  # valid JSON
  with open(path, "w", encoding="utf-8") as handle:
    handle.write(text + "\n")
  print(f"wrote {path}: {len(text) + 1} bytes")


# ---------------------------------------------------------------------------------------------
# conv2d.json

# name, note, N, C, H, W, K, (R, S), stride, padding (top, bottom, left, right), dilation,
# groups, bias
CONV_CASES = [
  ("basic_3x3", "one channel, 3×3 kernel, no padding: the d2l corr2d setting",
   1, 1, 5, 5, 1, (3, 3), (1, 1), (0, 0, 0, 0), (1, 1), 1, True),
  ("multichannel_pad1", "3 → 2 channels, 'same' padding for a 3×3 kernel",
   1, 3, 6, 6, 2, (3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 1, True),
  ("cs231n_demo", "the classic conv-layer demo: 5×5×3 input, K=2, F=3, S=2, P=1",
   1, 3, 5, 5, 2, (3, 3), (2, 2), (1, 1, 1, 1), (1, 1), 1, True),
  ("stride2_batch2", "stride 2 with padding 1 on a 7×7 batch of two",
   2, 2, 7, 7, 3, (3, 3), (2, 2), (1, 1, 1, 1), (1, 1), 1, True),
  ("stride3", "stride 3, windows tile the 9×9 input exactly: (9 − 3)/3 + 1 = 3",
   1, 2, 9, 9, 2, (3, 3), (3, 3), (0, 0, 0, 0), (1, 1), 1, True),
  ("stride2_floor", "8×8, F=3, S=2: (8 − 3)/2 = 2.5 rounds down, the last row/column is unused",
   1, 2, 8, 8, 2, (3, 3), (2, 2), (0, 0, 0, 0), (1, 1), 1, True),
  ("stride_nonsquare", "stride (1, 2) with a 2×3 kernel on a 6×9 input",
   1, 2, 6, 9, 2, (2, 3), (1, 2), (0, 0, 0, 0), (1, 1), 1, True),
  ("stride_3x1_pad_hw", "stride (3, 1), per-dimension padding (2, 1) as conv2d(padding=(2, 1))",
   1, 2, 8, 6, 2, (3, 3), (3, 1), (2, 2, 1, 1), (1, 1), 1, True),
  ("pad_asymmetric", "asymmetric padding applied with F.pad before conv2d",
   1, 2, 6, 7, 2, (3, 3), (1, 1), (1, 2, 0, 1), (1, 1), 1, True),
  ("pad_same_even_kernel", "'same' output for an even 4×4 kernel needs pads 1 before, 2 after",
   1, 1, 6, 6, 2, (4, 4), (1, 1), (1, 2, 1, 2), (1, 1), 1, True),
  ("dilation2", "dilation 2 with padding 2 keeps 9×9: the 3×3 kernel spans 5×5",
   1, 2, 9, 9, 2, (3, 3), (1, 1), (2, 2, 2, 2), (2, 2), 1, True),
  ("dilation_nonsquare", "dilation (1, 2), stride (2, 1), 3×2 kernel",
   1, 2, 7, 8, 3, (3, 2), (2, 1), (1, 1, 0, 0), (1, 2), 1, True),
  ("groups2", "4 → 6 channels in 2 groups: each filter sees 2 channels",
   1, 4, 6, 6, 6, (3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 2, True),
  ("depthwise", "depthwise: groups = C = K = 3, one 3×3 filter per channel",
   2, 3, 6, 6, 3, (3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 3, True),
  ("depthwise_multiplier2", "groups = C = 3, K = 6: two filters per input channel",
   1, 3, 5, 5, 6, (3, 3), (2, 2), (1, 1, 1, 1), (1, 1), 3, True),
  ("pointwise_1x1", "a 1×1 convolution mixes 6 channels into 4 at every pixel",
   2, 6, 4, 4, 4, (1, 1), (1, 1), (0, 0, 0, 0), (1, 1), 1, True),
  ("no_bias", "no bias: conv2d(bias=None); gradBias is null",
   1, 2, 5, 6, 2, (3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 1, False),
  ("kernel5x5_stride2", "5×5 kernel, stride 2, padding 2 on a 9×9 input",
   1, 2, 9, 9, 2, (5, 5), (2, 2), (2, 2, 2, 2), (1, 1), 1, True),
  ("kernel5x3_nonsquare", "non-square 5×3 kernel on a non-square 7×9 input, padding (2, 1)",
   1, 2, 7, 9, 2, (5, 3), (1, 1), (2, 2, 1, 1), (1, 1), 1, True),
  ("kernel_covers_input", "the kernel is as large as the input: one output pixel (FC as conv)",
   1, 3, 4, 4, 3, (4, 4), (1, 1), (0, 0, 0, 0), (1, 1), 1, True),
  ("everything", "batch 2, groups 2, stride (2, 1), dilation (1, 2), asymmetric F.pad",
   2, 4, 7, 8, 4, (3, 2), (2, 1), (0, 1, 2, 1), (1, 2), 2, True),
]


def conv_case(gen, spec):
  (name, note, n, c, h, w, k, (r, s), stride, pad, dilation, groups, has_bias) = spec
  top, bottom, left, right = pad
  x = torch.randn((n, c, h, w), generator=gen, dtype=torch.float32)
  weight = (torch.randn((k, c // groups, r, s), generator=gen, dtype=torch.float32)
            / float(np.sqrt(c // groups * r * s)))
  bias = torch.randn((k,), generator=gen, dtype=torch.float32) if has_bias else None
  x.requires_grad_(True)
  weight.requires_grad_(True)
  if bias is not None:
    bias.requires_grad_(True)
  symmetric = top == bottom and left == right
  if symmetric:
    y = F.conv2d(x, weight, bias, stride=stride, padding=(top, left), dilation=dilation,
                 groups=groups)
    how = f"F.conv2d(x, w, b, stride={stride}, padding={(top, left)}, dilation={dilation}, " \
          f"groups={groups})"
  else:
    xp = F.pad(x, (left, right, top, bottom))
    y = F.conv2d(xp, weight, bias, stride=stride, padding=0, dilation=dilation, groups=groups)
    how = f"F.conv2d(F.pad(x, {(left, right, top, bottom)}), w, b, stride={stride}, " \
          f"padding=0, dilation={dilation}, groups={groups})"
  g = torch.randn(y.shape, generator=gen, dtype=torch.float32)
  (y * g).sum().backward()
  return {
    "name": name,
    "note": note,
    "torchCall": how.replace("b,", "None,") if bias is None else how,
    "inputShape": shape(x),
    "weightShape": shape(weight),
    "outputShape": shape(y),
    "stride": list(stride),
    "padding": {"top": top, "bottom": bottom, "left": left, "right": right},
    "dilation": list(dilation),
    "groups": groups,
    "input": f32(x.detach()),
    "weight": f32(weight.detach()),
    "bias": None if bias is None else f32(bias.detach()),
    "output": f32(y.detach()),
    "gradOutput": f32(g),
    "gradInput": f32(x.grad),
    "gradWeight": f32(weight.grad),
    "gradBias": None if bias is None else f32(bias.grad),
  }


def make_conv2d():
  gen = torch.Generator().manual_seed(SEED)
  cases = [conv_case(gen, spec) for spec in CONV_CASES]
  names = [case["name"] for case in cases]
  assert len(set(names)) == len(names)
  # Values over a wide range of exponents with their IEEE-754 bit patterns, so the Swift side
  # can verify that its JSON reading yields exactly these float32 values.
  rng = np.random.default_rng(SEED)
  probe = (rng.standard_normal(40) * 10.0 ** rng.integers(-12, 12, 40)).astype(np.float32)
  probe = np.concatenate([np.float32([0.1, 1 / 3, -2.5, 16777217.0, 1e-30, 3e38]), probe])
  return {
    "generator": generator_info(SEED),
    "float32Check": {
      "values": f32(probe),
      "bits": [int(b) for b in probe.view(np.uint32)],
    },
    "description": (
      "torch.nn.functional.conv2d (a cross-correlation) in float32 on CPU, and the gradients "
      "of L = sum(output * gradOutput) with respect to input, weight and bias. Shapes are "
      "NCHW input (N, C, H, W), weight (K, C/groups, R, S), output (N, K, P, Q); data are "
      "flattened row-major. 'padding' gives the zeros added on each side: symmetric cases "
      "pass it to conv2d(padding=(top, left)), asymmetric ones apply F.pad(x, (left, right, "
      "top, bottom)) first (see torchCall); gradInput is always with respect to the unpadded "
      "input. Output sizes use floor rounding: P = floor((H + top + bottom − dilation·(R − 1) "
      "− 1) / stride) + 1."),
    "cases": cases,
  }


# ---------------------------------------------------------------------------------------------
# convolve1d.json

def make_convolve1d():
  rng = np.random.default_rng(SEED + 1)
  pairs = [
    ("length1_both", [2.0], [-3.0]),
    ("length1_kernel", [1.0, 2.0, 3.0, 4.0], [0.5]),
    ("length1_signal", [0.5], [1.0, -2.0, 3.0]),
    ("polynomial_product", [1.0, 2.0, 3.0], [0.0, 1.0, 0.5]),
    ("dice_two_sums", [1.0 / 6] * 6, [1.0 / 6] * 6),
    ("moving_sum_odd", [1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 1.0, 1.0]),
    ("even_kernel", [1.0, 2.0, 3.0, 4.0], [1.0, 1.0]),
    ("equal_lengths_4", None, 4, 4),
    ("equal_lengths_7", None, 7, 7),
    ("kernel_longer", None, 3, 5),
    ("kernel_much_longer", None, 2, 7),
    ("random_8_3", None, 8, 3),
    ("random_10_4", None, 10, 4),
    ("random_9_6", None, 9, 6),
    ("random_16_5", None, 16, 5),
  ]
  cases = []
  for entry in pairs:
    if entry[1] is None:
      name, _, m, n = entry
      a = rng.standard_normal(m)
      v = rng.standard_normal(n)
    else:
      name, a, v = entry
      a = np.asarray(a, dtype=np.float64)
      v = np.asarray(v, dtype=np.float64)
    full = np.convolve(a, v, mode="full")
    same = np.convolve(a, v, mode="same")
    valid = np.convolve(a, v, mode="valid")
    offset = (min(len(a), len(v)) - 1) // 2
    assert np.array_equal(same, full[offset:offset + max(len(a), len(v))]), name
    cases.append({
      "name": name,
      "signal": f64(a),
      "kernel": f64(v),
      "full": f64(full),
      "same": f64(same),
      "sameOffset": offset,
      "valid": f64(valid),
    })
  return {
    "generator": generator_info(SEED + 1),
    "description": (
      "numpy.convolve(signal, kernel, mode) in float64. full has length M + N − 1 with "
      "full[i] = sum_j signal[j]·kernel[i − j]; same has length max(M, N) and equals "
      "full[sameOffset ..< sameOffset + max(M, N)] with sameOffset = (min(M, N) − 1) // 2; "
      "valid has length max(M, N) − min(M, N) + 1 (numpy swaps the operands when the kernel "
      "is longer, so valid is never empty)."),
    "cases": cases,
  }


# ---------------------------------------------------------------------------------------------
# fft.json

def make_fft():
  rng = np.random.default_rng(SEED + 2)
  cases = []

  def add(name, x, note):
    x = np.asarray(x, dtype=np.complex128)
    spectrum = np.fft.fft(x)
    n = len(x)
    cases.append({
      "name": name,
      "note": note,
      "length": n,
      "powerOfTwo": n & (n - 1) == 0,
      "real": bool(np.all(x.imag == 0)),
      "inputRe": f64(x.real),
      "inputIm": f64(x.imag),
      "fftRe": f64(spectrum.real),
      "fftIm": f64(spectrum.imag),
      "ifftRe": f64(np.fft.ifft(x).real),
      "ifftIm": f64(np.fft.ifft(x).imag),
      "roundTripRe": f64(np.fft.ifft(spectrum).real),
      "roundTripIm": f64(np.fft.ifft(spectrum).imag),
    })

  add("impulse_1", [3.0], "length 1: the FFT is the identity")
  add("pair_2", [1.0, -2.0], "X = [x0 + x1, x0 − x1]")
  add("impulse_8", [1.0] + [0.0] * 7, "a unit impulse has a flat spectrum of ones")
  add("constant_8", [1.0] * 8, "a constant has all its energy at frequency 0: X[0] = 8")
  add("cosine_16", np.cos(2 * np.pi * 3 * np.arange(16) / 16),
      "cos(2π·3n/16): X[3] = X[13] = 8, the rest ≈ 0")
  for n in (4, 32, 64):
    add(f"real_random_{n}", rng.standard_normal(n), "real Gaussian signal")
  for n in (2, 8, 16, 64):
    add(f"complex_random_{n}", rng.standard_normal(n) + 1j * rng.standard_normal(n),
        "complex Gaussian signal")
  add("real_random_3", rng.standard_normal(3), "not a power of two")
  add("real_random_6", rng.standard_normal(6), "not a power of two")
  add("complex_random_12", rng.standard_normal(12) + 1j * rng.standard_normal(12),
      "not a power of two")
  return {
    "generator": generator_info(SEED + 2),
    "description": (
      "numpy.fft.fft (X[k] = sum_n x[n]·exp(−2πi·kn/N), no scaling) and numpy.fft.ifft "
      "(x[n] = (1/N)·sum_k X[k]·exp(+2πi·kn/N)) in float64. ifft* is ifft of the input "
      "itself; roundTrip* is ifft(fft(input)), equal to the input up to rounding. "
      "powerOfTwo marks the lengths a radix-2 FFT handles; the others need a fallback."),
    "cases": cases,
  }


# ---------------------------------------------------------------------------------------------
# pad.json

def make_pad():
  gen = torch.Generator().manual_seed(SEED + 3)
  x = torch.arange(40, dtype=torch.float32).reshape(1, 2, 4, 5)
  specs = [
    ("constant0_symmetric", "constant", 0.0, (1, 1, 1, 1)),
    ("constant0_asymmetric", "constant", 0.0, (2, 0, 1, 3)),
    ("constant2.5_symmetric", "constant", 2.5, (2, 2, 2, 2)),
    ("constant2.5_asymmetric", "constant", 2.5, (0, 3, 2, 1)),
    ("reflect_symmetric", "reflect", None, (1, 1, 1, 1)),
    ("reflect_asymmetric", "reflect", None, (2, 0, 1, 3)),
    ("reflect_maximum", "reflect", None, (4, 4, 3, 3)),
    ("reflect_maximum_one_side", "reflect", None, (0, 4, 3, 0)),
    ("replicate_symmetric", "replicate", None, (1, 1, 1, 1)),
    ("replicate_asymmetric", "replicate", None, (2, 0, 1, 3)),
    ("replicate_wider_than_input", "replicate", None, (6, 2, 5, 0)),
    ("circular_symmetric", "circular", None, (1, 1, 1, 1)),
    ("circular_asymmetric", "circular", None, (2, 0, 1, 3)),
  ]
  cases = []
  for name, mode, value, pads in specs:
    xi = x.clone().requires_grad_(True)
    if mode == "constant":
      y = F.pad(xi, pads, mode="constant", value=value)
      call = f"F.pad(x, {pads}, mode='constant', value={value})"
    else:
      y = F.pad(xi, pads, mode=mode)
      call = f"F.pad(x, {pads}, mode='{mode}')"
    g = torch.randint(-3, 4, y.shape, generator=gen).to(torch.float32)
    (y * g).sum().backward()
    left, right, top, bottom = pads
    cases.append({
      "name": name,
      "torchCall": call,
      "mode": mode,
      "value": value,
      "padding": {"top": top, "bottom": bottom, "left": left, "right": right},
      "outputShape": shape(y),
      "output": f32(y.detach()),
      "gradOutput": f32(g),
      "gradInput": f32(xi.grad),
    })
  return {
    "generator": generator_info(SEED + 3),
    "description": (
      "torch.nn.functional.pad on one 1×2×4×5 float32 input (0, 1, …, 39 row-major). F.pad "
      "takes its pads as (left, right, top, bottom); here they are named. value is the fill "
      "of mode 'constant' (null otherwise). reflect mirrors without repeating the edge and "
      "needs pad < size (maximum 3 rows, 4 columns here); replicate repeats the edge and "
      "allows any pad; circular wraps around. gradInput is dL/dinput for L = sum(output · "
      "gradOutput): each input element collects the gradOutput of every output copy of it."),
    "input": f32(x),
    "inputShape": shape(x),
    "cases": cases,
  }


# ---------------------------------------------------------------------------------------------
# pool.json

def make_pool():
  gen = torch.Generator().manual_seed(SEED + 4)
  # 84 distinct values −5.25, −5.125, …, 5.125 in random order: exact, and no accidental ties.
  x = (torch.randperm(84, generator=gen).to(torch.float32) * 0.125 - 5.25).reshape(1, 2, 6, 7)
  ties = torch.tensor([[1, 1, 2, 2, 0],
                       [1, 1, 2, 3, 3],
                       [0, 4, 4, 3, 3],
                       [4, 4, 1, 1, 1],
                       [2, 2, 2, 2, 2]], dtype=torch.float32).reshape(1, 1, 5, 5)
  cases = []

  def add(name, op, source, kernel, stride, padding, ceil_mode, count_include_pad, note):
    xi = source.clone().requires_grad_(True)
    if op == "max":
      y = F.max_pool2d(xi, kernel, stride, padding, ceil_mode=ceil_mode)
      call = f"F.max_pool2d(x, {kernel}, {stride}, {padding}, ceil_mode={ceil_mode})"
    elif op == "avg":
      y = F.avg_pool2d(xi, kernel, stride, padding, ceil_mode=ceil_mode,
                       count_include_pad=count_include_pad)
      call = (f"F.avg_pool2d(x, {kernel}, {stride}, {padding}, ceil_mode={ceil_mode}, "
              f"count_include_pad={count_include_pad})")
    else:
      y = F.adaptive_avg_pool2d(xi, 1)
      call = "F.adaptive_avg_pool2d(x, 1)"
    g = torch.randint(-3, 4, y.shape, generator=gen).to(torch.float32)
    (y * g).sum().backward()
    cases.append({
      "name": name,
      "note": note,
      "torchCall": call,
      "op": op,
      "kernel": kernel,
      "stride": stride,
      "padding": padding,
      "ceilMode": ceil_mode,
      "countIncludePad": count_include_pad,
      "inputShape": shape(xi),
      "outputShape": shape(y),
      "input": f32(xi.detach()),
      "output": f32(y.detach()),
      "gradOutput": f32(g),
      "gradInput": f32(xi.grad),
    })

  for kernel, stride in ((2, 2), (3, 2)):
    for padding in (0, 1):
      for ceil_mode in (False, True):
        tag = f"k{kernel}s{stride}p{padding}_{'ceil' if ceil_mode else 'floor'}"
        add(f"max_{tag}", "max", x, kernel, stride, padding, ceil_mode, None,
            "padding counts as −∞")
        for include in (True, False):
          add(f"avg_{tag}_{'include' if include else 'exclude'}pad", "avg", x, kernel, stride,
              padding, ceil_mode, include,
              "divisor counts padding" if include else "divisor counts input elements only")
  add("max_ties_k2s2", "max", ties, 2, 2, 0, False, None,
      "ties: the gradient goes to the first maximum in row-major window order")
  add("max_ties_k3s2_overlap", "max", ties, 3, 2, 0, False, None,
      "overlapping windows with ties: one element can win several windows and sums their "
      "gradients")
  add("max_ties_k2s1", "max", ties, 2, 1, 0, False, None, "stride 1, every window overlaps")
  add("adaptive_avg_1x1", "adaptive_avg", x, None, None, None, None, None,
      "global average pooling: one value per channel, each input gets g/(H·W)")
  return {
    "generator": generator_info(SEED + 4),
    "description": (
      "torch.nn.functional pooling in float32 with input gradients of L = sum(output · "
      "gradOutput). Square kernel, stride and padding (ints). Output size: floor or ceil "
      "((H + 2·padding − kernel)/stride) + 1, and with ceil_mode the last window is dropped "
      "if it would start inside the right/bottom padding. max: padding acts as −∞; ties go "
      "to the first maximum in row-major order within the window. avg with "
      "count_include_pad=True divides by the window clipped to the padded input (so a "
      "ceil-mode window hanging past the padding divides by less than kernel²); with False "
      "by the number of real input elements in it. op adaptive_avg is "
      "adaptive_avg_pool2d(x, 1); its kernel/stride/padding/ceilMode/countIncludePad are "
      "null, as are countIncludePad for max."),
    "cases": cases,
  }


def main():
  os.makedirs(OUT_DIR, exist_ok=True)
  write("conv2d.json", make_conv2d())
  write("convolve1d.json", make_convolve1d())
  write("fft.json", make_fft())
  write("pad.json", make_pad())
  write("pool.json", make_pool())


if __name__ == "__main__":
  sys.exit(main())
