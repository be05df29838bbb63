"""State changes of the scoring app, one module per subject."""
