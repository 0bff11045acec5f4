"""The newsroom's tables, one module per entity; each is imported here."""
