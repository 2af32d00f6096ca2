"""Revisions, oldest first by their ``down_revision`` chain (ids are 0001, 0002, ...)."""
