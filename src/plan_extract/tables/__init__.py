"""The generic ruled-table engine: page grids, the finder, logical tables, camelot; it knows no
plan vocabulary (tests/test_layout.py checks that nothing here imports plan_extract.plan)."""
