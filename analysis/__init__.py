"""Compare Leicester and Leicestershire adult social care from their own committee papers.

What analysts and notebooks call is named in :mod:`analysis.api` (``build``, ``audit``,
``load``, ``compare``, ``series``, ``explore``, ``setup``, ``report``). It is not repeated here
because ``analysis.audit`` and ``analysis.compare`` are the stage folders of the same names.
"""

__version__ = "0.1.0"
