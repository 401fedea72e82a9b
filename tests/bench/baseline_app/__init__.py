"""A bare DRF create endpoint of a registration-like model: the check-in benchmark's baseline."""
