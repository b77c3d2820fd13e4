/// Chapter 1 — convolution math: scalar references written like the formulas.
