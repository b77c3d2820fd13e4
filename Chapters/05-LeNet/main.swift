print("Chapter 5 — LeNet (being written)")
