"""Law as data: rule packs (USMCA first) with provenance, structure and dated versions."""
