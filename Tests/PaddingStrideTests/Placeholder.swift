// Tests for the PaddingStride module are added as it grows.
