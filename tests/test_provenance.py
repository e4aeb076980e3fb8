"""Every raw figure's printed text is on its cited line of its cited paper."""

from __future__ import annotations

from analysis.read.provenance import check_provenance

from .conftest import needs_papers


@needs_papers
def test_every_raw_figure_is_printed_on_its_cited_line():
    assert check_provenance() == []
