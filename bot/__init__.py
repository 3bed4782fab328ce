"""Icebreaker: why an Amazon Connect softphone call had no audio, and how to fix it."""
