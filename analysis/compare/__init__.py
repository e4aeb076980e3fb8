"""Comparing councils: comparable figures, ratings, direction of travel, coverage."""
