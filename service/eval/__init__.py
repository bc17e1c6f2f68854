"""TimeML reading and writing, and TempEval-3 scoring behind `timeline eval`."""
