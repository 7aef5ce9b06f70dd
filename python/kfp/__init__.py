"""Skiff's bundled, stdlib-only stand-in for the ``kfp`` package.

It implements what KFP v2 lightweight Python components need at run time:
``python3 -m kfp.dsl.executor_main`` and the ``kfp.dsl`` names that component
source code imports. It is not the KFP SDK: it cannot compile pipelines.
"""

__version__ = '2.14.3+skiff'
