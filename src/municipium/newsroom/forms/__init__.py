"""The newsroom's forms, one module per entity."""
