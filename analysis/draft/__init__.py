"""Drafting the annotation of a new article: dates, quotes and actors found in its text.

``python -m analysis draft`` writes a first annotation, every record marked as drafted, for a
person to review; ``python -m analysis score`` measures the drafter against hand-made gold
annotations. :mod:`analysis.draft.model` holds what the finders return and the JSON contract.
"""
