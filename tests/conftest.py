"""Shared test configuration. The `mistral_server` fixture comes from our pytest plugin."""
