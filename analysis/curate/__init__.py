"""Tools for curators drafting a new paper's figures; the build never imports them."""
