"""Models of the nominations app; filled by later issues."""
