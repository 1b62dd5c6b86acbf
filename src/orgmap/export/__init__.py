"""Files for other tools (GraphML, GEXF, CSV, JSON), all cut from one attribute table."""
