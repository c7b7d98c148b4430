"""Tests of the kb command (run as a subprocess, as a user runs it)."""
