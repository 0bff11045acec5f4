"""The newsroom's api, one module per entity."""
