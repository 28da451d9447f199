"""Fault and fuzz runs for the worker (`python -m soak.run`); reduced forms run in the tests."""
