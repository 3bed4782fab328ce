"""Conversation logic, platform-free: turns in, replies out. Imports no chat SDK."""
