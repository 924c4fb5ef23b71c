"""The demo: a small news site served on 127.0.0.1 (``newsindex demo``, the benchmarks)."""
