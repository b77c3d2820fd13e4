print("Chapter 1 — convolution math (being written)")
