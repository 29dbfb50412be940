"""The benchmark's parts; bench/run.py is the command."""
