"""The plan's reading of the engine's grids: vocabulary, furniture, page tables, stitch,
records, metadata."""
