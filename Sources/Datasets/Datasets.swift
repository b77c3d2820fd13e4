/// Gzip/IDX reading and MNIST.
