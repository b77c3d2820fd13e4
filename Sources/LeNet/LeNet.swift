/// Chapter 5 — LeNet-5 (classic and modern) on MNIST.
