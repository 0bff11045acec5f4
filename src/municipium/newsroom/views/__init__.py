"""The newsroom's views, one module per entity."""
