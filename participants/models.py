"""Models of the participants app; filled by later issues."""
