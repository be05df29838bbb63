"""Who may do what with scoring records. Methodologies are public to read."""

import rules

from accounts.rules import is_national_admin

rules.add_perm("scoring.edit_methodology", is_national_admin)
