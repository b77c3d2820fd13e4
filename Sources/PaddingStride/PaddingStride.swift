/// Chapter 3 — padding and stride: scalar references written like the formulas.
