"""The evidence: the papers, the raw figure files, provenance, citations and table extraction."""
