"""The statutory returns a borough makes from its placements: the SEN2 placement items, the
SSDA903 placement episodes, and the reconciliation of a borough's SEN2 return with the portal."""
