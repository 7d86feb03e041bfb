"""PyTorch's convolutions alone for the VGG-like layer shapes (3x3, padding 1), as ref_vgg.py runs them: forward,
then backward to the input (not for the first layer) and the filters, batch N, the best of 5, one thread.

Usage: OMP_NUM_THREADS=1 python3 torch_convs.py BATCH K
"""
import sys
import time

import torch

VGG = [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]


def main():
    torch.set_num_threads(1)
    n, k = int(sys.argv[1]), float(sys.argv[2])
    c, h, total = 3, 32, 0.0
    for layer, width in enumerate(VGG):
        if width == 0:
            h //= 2
            continue
        o = int(width * k)
        conv = torch.nn.Conv2d(c, o, 3, padding=1)
        x = torch.randn(n, c, h, h, requires_grad=layer > 0)
        grad = torch.randn(n, o, h, h)
        forward = backward = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            y = conv(x)
            t1 = time.perf_counter()
            y.backward(grad)
            t2 = time.perf_counter()
            forward, backward = min(forward, t1 - t0), min(backward, t2 - t1)
        print(f"layer {layer:2d}  {c:3d}->{o:3d} channels {h:2d}x{h:<2d}  forward {forward * 1e3:6.2f} ms  "
              f"backward {backward * 1e3:6.2f} ms")
        total += forward + backward
        c = o
    print(f"torch k={k:g} batch {n}: {total * 1e3:.1f} ms per step in convolutions")


if __name__ == "__main__":
    main()
