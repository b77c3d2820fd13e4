// Tests for the Fixture module are added as it grows.
