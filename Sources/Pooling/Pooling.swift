/// Chapter 4 — pooling: scalar references written like the formulas.
