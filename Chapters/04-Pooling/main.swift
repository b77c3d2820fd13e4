print("Chapter 4 — pooling (being written)")
