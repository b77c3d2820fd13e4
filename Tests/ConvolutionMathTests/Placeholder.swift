// Tests for the ConvolutionMath module are added as it grows.
