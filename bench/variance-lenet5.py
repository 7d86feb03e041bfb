#!/usr/bin/python3
"""A PyTorch re-implementation of the Variance Networks recipe for LeNet-5 on MNIST, to hold vdsweep's variance net to.

Written from Neklyudov et al. 2019 (Variance Networks) and the recipe of the authors' PyTorch scripts
(da-molchanov/variance-networks, scripts/lenet5-vn.py), not from their code: conv 5x5x20 -> BN -> ReLU -> pool,
conv 5x5x50 -> BN -> ReLU -> pool, dense 500 -> BN -> ReLU, logits. The three hidden weight layers are variance
layers, q(w) = N(0, sigma^2) with sigma learned and initialised uniform in +-1/sqrt(fan-in), no biases, no KL term
(it is a constant for these layers); the logits layer is a plain dense layer (vdsweep's choice: the argmax of
zero-mean logits is chance). Adam, lr 1e-3 linear to 0 over the epochs, batch 200, pixels in [0, 1] unless
`mean-image` asks for vdsweep's MNIST default (pixels / 256 minus the training set's mean image).

Prints one JSON line per epoch: training NLL, and test accuracy of one sample and of an ensemble of 10, with batch
norm in training mode (each 200-image test batch normalised by its own statistics, as the authors evaluate) and with
its running statistics (as vdsweep evaluates).

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 bench/variance-lenet5.py MNIST_DIR EPOCHS [scale|mean-image] [seed]
Needs PyTorch (apt-get install -y python3-torch); MNIST_DIR holds the four IDX files (bin/vdsweep fetch-data mnist).
"""
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def idx(path):
    raw = open(path, 'rb').read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class Variance(nn.Module):
    """Local reparameterization of q(w) = N(0, sigma^2): the output is N(0, x^2 . sigma^2) per unit."""

    def __init__(self, shape):
        super().__init__()
        bound = 1 / math.sqrt(int(np.prod(shape[1:])))
        self.sigma = nn.Parameter(torch.empty(shape).uniform_(-bound, bound))

    def forward(self, x):
        s2 = self.sigma * self.sigma
        std = torch.sqrt(1e-16 + (F.conv2d(x * x, s2) if s2.dim() == 4 else F.linear(x * x, s2)))
        return std * torch.randn_like(std)


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.bn1 = Variance((20, 1, 5, 5)), nn.BatchNorm2d(20)
        self.conv2, self.bn2 = Variance((50, 20, 5, 5)), nn.BatchNorm2d(50)
        self.dense, self.bn3 = Variance((500, 800)), nn.BatchNorm1d(500)
        self.logits = nn.Linear(500, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        return self.logits(F.relu(self.bn3(self.dense(x.flatten(1)))))


def main():
    mnist, epochs = sys.argv[1], int(sys.argv[2])
    normalization = sys.argv[3] if len(sys.argv) > 3 else 'scale'
    torch.manual_seed(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    torch.set_num_threads(1)
    images = {s: torch.tensor(idx(f'{mnist}/{s}-images-idx3-ubyte').reshape(-1, 1, 28, 28), dtype=torch.float32)
              for s in ('train', 't10k')}
    x_train, x_test = images['train'] / 255, images['t10k'] / 255
    if normalization == 'mean-image':
        x_train, x_test = images['train'] / 256, images['t10k'] / 256
        mean = x_train.mean(0, keepdim=True)
        x_train, x_test = x_train - mean, x_test - mean
    y_train = torch.tensor(idx(f'{mnist}/train-labels-idx1-ubyte').astype(np.int64))
    y_test = torch.tensor(idx(f'{mnist}/t10k-labels-idx1-ubyte').astype(np.int64))
    n, batch = len(x_train), 200
    net = LeNet5()
    adam = torch.optim.Adam(net.parameters(), lr=1e-3)
    norms = [net.bn1, net.bn2, net.bn3]

    def test_accuracy(running_statistics, ensemble=10):
        net.train()
        for bn in norms:
            bn.train(not running_statistics)
        one = many = 0
        with torch.no_grad():
            for i in range(0, len(x_test), batch):
                x, y = x_test[i:i + batch], y_test[i:i + batch]
                log_p = torch.stack([F.log_softmax(net(x), 1) for _ in range(ensemble)])
                one += (log_p[0].argmax(1) == y).sum().item()
                many += (torch.logsumexp(log_p, 0).argmax(1) == y).sum().item()
        net.train()
        return round(100 * one / len(x_test), 2), round(100 * many / len(x_test), 2)

    for epoch in range(epochs):
        start = time.time()
        for group in adam.param_groups:
            group['lr'] = 1e-3 * (epochs - epoch) / epochs
        net.train()
        nll = 0.0
        for b in torch.randperm(n).split(batch):
            loss = F.cross_entropy(net(x_train[b]), y_train[b])
            adam.zero_grad()
            loss.backward()
            adam.step()
            nll += loss.item() * len(b) / n
        stochastic, ensemble = test_accuracy(False)
        running_stochastic, running_ensemble = test_accuracy(True)
        print(json.dumps({'epoch': epoch, 'seconds': round(time.time() - start, 1), 'train_nll': round(nll, 4),
                          'test_acc_stochastic': stochastic, 'test_acc_ensemble10': ensemble,
                          'running_stats_stochastic': running_stochastic,
                          'running_stats_ensemble10': running_ensemble}), flush=True)


if __name__ == '__main__':
    main()
