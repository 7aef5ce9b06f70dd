"""Run-time stand-ins for KFP's authoring decorators.

At run time a decorator only has to keep the function reachable: the executor
unwraps ``python_func``. Options (``base_image``, ``packages_to_install``...) are
kept on the wrapper for inspection and otherwise ignored.
"""

import functools
from typing import Any, Callable, Dict, Optional


class PythonComponent:
    """A decorated function; calling it calls the function directly."""

    def __init__(self, python_func: Callable[..., Any], options: Dict[str, Any]) -> None:
        self.python_func = python_func
        self.options = options
        self.name = python_func.__name__
        functools.update_wrapper(self, python_func)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.python_func(*args, **kwargs)


class ContainerComponent(PythonComponent):
    """A ``@dsl.container_component`` function (it returns a ``ContainerSpec``)."""


class GraphComponent(PythonComponent):
    """A ``@dsl.pipeline`` function; pipelines are compiled elsewhere, never run here."""

    @property
    def pipeline_func(self) -> Callable[..., Any]:
        """The undecorated pipeline function."""
        return self.python_func


def _decorator(wrapper: type) -> Callable[..., Any]:
    def decorate(func: Optional[Callable[..., Any]] = None, **options: Any) -> Any:
        if func is None:
            return lambda f: wrapper(f, options)
        return wrapper(func, options)

    return decorate


#: ``@dsl.component`` / ``@dsl.component(base_image=..., packages_to_install=[...])``.
component = _decorator(PythonComponent)
#: ``@dsl.notebook_component(notebook_path=...)``.
notebook_component = _decorator(PythonComponent)
#: ``@dsl.container_component``.
container_component = _decorator(ContainerComponent)
#: ``@dsl.pipeline(name=..., description=..., pipeline_root=...)``.
pipeline = _decorator(GraphComponent)
