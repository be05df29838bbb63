"""Models of the scoring app; filled by later issues."""
