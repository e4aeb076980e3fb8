"""The report runner: plan (pure), execute one notebook, export, lock, kernels, and ``run``,
which calls them in the order of the pipeline (build, audit, notebooks, exports, publish)."""
