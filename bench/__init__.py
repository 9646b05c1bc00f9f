"""The benchmark: a synthetic briefing generator and the runner that measures it."""
