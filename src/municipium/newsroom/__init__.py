"""The newsroom: an organisation's pages, news and press releases, and its newsletter."""
