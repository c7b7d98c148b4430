"""Tests of the pure core (plain pytest, no Sphinx build)."""
