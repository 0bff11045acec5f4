"""The newsroom's services, one module per entity."""
