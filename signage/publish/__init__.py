"""Publishing content for every site: building, signing and serving the feed."""
