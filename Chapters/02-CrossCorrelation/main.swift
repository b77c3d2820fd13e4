print("Chapter 2 — cross-correlation (being written)")
