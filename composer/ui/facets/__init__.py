"""Facet editors: a panel per place in the event that holds facets, and the Add facet menu."""

from composer.ui.facets.panel import FacetsPanel

__all__ = ["FacetsPanel"]
