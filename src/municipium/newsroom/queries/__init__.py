"""The newsroom's queries, one module per entity."""
