"""Item pipelines, in order: validate -> clean -> dedup -> store."""
