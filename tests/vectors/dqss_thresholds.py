#!/usr/bin/env python3
"""Spec §9's DQSS threshold finders, written independently of the C# golden model (pure Python, float32 via
struct), on the long-tailed data set that tests/Edqa.Core.Tests/ThresholdFinderTests.cs uses. Prints the
thresholds that test asserts bit for bit: python3 tests/vectors/dqss_thresholds.py"""
import math
import struct


def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


def data():
    """A dense, geometrically decaying magnitude distribution with two outliers, signs alternating; every value is
    a multiple of 1/64, so the C# test builds exactly the same float32 list."""
    counts = {v: int(200 * 0.97 ** v) for v in range(200)}
    counts.update({600: 1, 800: 1})
    values, sign = [], 1
    for value, count in counts.items():
        for _ in range(count):
            values.append(f32(sign * value / 64))
            sign = -sign
    return values


def rne_clamp(v, lo, hi):
    r = round(v)  # Python rounds half to even
    return max(lo, min(hi, r))


def quantize(x, t, b):
    q = 2 ** (b - 1) - 1
    if t == 0:
        return 0.0
    step = f32(t / q)
    return f32(rne_clamp(f32(x / step), -q - 1, q) * step)


def max_abs(x):
    return max(abs(v) for v in x)


def kl(x, b):
    a = max_abs(x)
    if a == 0:
        return 0.0
    h = [0.0] * 2048
    for v in x:
        h[min(int(abs(v) / a * 2048), 2047)] += 1
    h[0] = h[1]
    g = 2 ** (b - 1)
    best, best_i = math.inf, 2048
    for i in range(max(g, 128), 2049):  # TensorRT's start bin, whatever b (spec §9)
        p = h[:i]
        p[i - 1] += sum(h[i:])
        mass, occupied = [0.0] * g, [0] * g
        for j in range(i):
            mass[j * g // i] += h[j]
            occupied[j * g // i] += h[j] > 0
        qd = [mass[j * g // i] / occupied[j * g // i] if h[j] > 0 else 0.0 for j in range(i)]
        ps, qs = sum(p), sum(qd)
        d = 0.0
        for pk, qk in zip(p, qd):
            if pk > 0:
                d = math.inf if qk == 0 else d + pk / ps * math.log((pk / ps) / (qk / qs))
                if d == math.inf:
                    break
        if d <= best:
            best, best_i = d, i
    return f32(best_i / 2048 * a)


def easyquant(x, b):
    s = kl(x, b) or max_abs(x)
    best, best_cos = s, -math.inf
    for k in range(100):
        t = f32(s * (0.5 + 1.5 * k / 99))
        y = [quantize(v, t, b) for v in x]
        dot = sum(v * w for v, w in zip(x, y))
        nx, ny = sum(v * v for v in x), sum(w * w for w in y)
        c = 0.0 if ny == 0 else dot / math.sqrt(nx * ny)
        if c > best_cos:
            best_cos, best = c, t
    return best


def admm(x, b):
    a = max_abs(x)
    if a == 0:
        return 0.0
    q = 2 ** (b - 1) - 1
    alpha = f32(a / q)
    codes = None
    for _ in range(20):
        new = [rne_clamp(f32(v / alpha), -q - 1, q) for v in x]
        if new == codes or all(c == 0 for c in new):
            break
        codes = new
        alpha = f32(sum(v * c for v, c in zip(x, codes)) / sum(c * c for c in codes))
        if not alpha > 0:
            return a
    return f32(alpha * q)


if __name__ == "__main__":
    x = data()
    for b in (3, 4):
        print(f"bits {b}: max_abs {max_abs(x)!r} kl {kl(x, b)!r} eq {easyquant(x, b)!r} admm {admm(x, b)!r}")
