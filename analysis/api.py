"""What analysts and notebooks call, in one place: ``from analysis.api import compare, ...``.

======== ============================================================================
build    clean data/raw into the processed set (:func:`analysis.dataset.build.build`)
audit    check the papers' own arithmetic in an indicator table (:func:`analysis.audit.audit`)
load     the processed data a notebook reads, rebuilt when data/raw is newer
compare  the comparison frame of measures, councils, benchmarks and a period
series   a measure over time, one point per period per authority
explore  find, figures, series, compare, source: the exploration calls (a module)
setup    a notebook's validation cell: parameters checked, data loaded
report   regenerate the appendices, workbook and index (the report runner)
======== ============================================================================

Each name is imported when first used, so ``import analysis.api`` stays quick.

>>> from analysis.api import compare
>>> compare(["wf_vacancy_rate"], ["leicester"], period="2023-24")["period"].iloc[0]
'2023/24'
"""

from __future__ import annotations

import importlib

# name -> (module, attribute); attribute None: the module itself
SURFACE = {
    "build": ("analysis.dataset.build", "build"),
    "audit": ("analysis.audit", "audit"),
    "load": ("analysis.explore", "load"),
    "compare": ("analysis.explore", "compare"),
    "series": ("analysis.explore", "series"),
    "explore": ("analysis.explore", None),
    "setup": ("analysis.publish.notebook", "setup"),
    "report": ("analysis.publish.report", "run"),
}
__all__ = list(SURFACE)


def __getattr__(name: str):
    if name not in SURFACE:
        raise AttributeError(f"module 'analysis.api' has no attribute {name!r}; it offers "
                             f"{', '.join(SURFACE)}")
    module, attribute = SURFACE[name]
    found = importlib.import_module(module)
    return found if attribute is None else getattr(found, attribute)


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
