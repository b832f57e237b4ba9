"""Edges: reading user files. The core (hs, law, origin) does no I/O."""
