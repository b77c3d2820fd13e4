// Tests for the LeNet module are added as it grows.
