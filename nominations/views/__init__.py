"""Pages of the award workflow, one module per subject."""
