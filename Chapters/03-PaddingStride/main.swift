print("Chapter 3 — padding and stride (being written)")
