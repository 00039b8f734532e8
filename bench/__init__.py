"""Measurement: the benchmark against stock Rasa (`python -m bench`, `make bench`), split by job:
bots (what is compared, and training it), load (the REST load client), servers (start-up and
cold start), figures and measure (one run), report (BENCHMARKS.md), support (memory, percentiles,
the machine), cpu_profile (py-spy). The other measurements: bench.sentence_encoder, bench.spelling,
bench.nlu_report."""
