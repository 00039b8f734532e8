"""Developer tooling shared by the staff tools, the benchmark, the set-up scripts and the tests:
starting the servers (servers), talking to Rasa's REST channel (rest), which model belongs to
the current inputs (models). Not part of the served assistant."""
