// Tests for the Pooling module are added as it grows.
