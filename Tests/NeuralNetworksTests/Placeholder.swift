// Tests for the NeuralNetworks module are added as it grows.
