"""Training and export of the commitment model. Needs torch; nothing at run time imports it."""
