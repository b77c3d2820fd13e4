// Tests for the Datasets module are added as it grows.
