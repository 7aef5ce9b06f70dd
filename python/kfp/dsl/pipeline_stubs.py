"""Pipeline-authoring names that component modules may import but never use at run time.

``from kfp.dsl import *`` must succeed and module-level references must resolve, so
these names exist. Building a pipeline graph needs the real KFP SDK: entering a
control-flow block or calling a graph-building function raises ``NotImplementedError``
with that explanation. Placeholders and ``ContainerSpec`` are plain data holders.
"""

from typing import Any, List, Optional

PIPELINE_JOB_NAME_PLACEHOLDER = '{{$.pipeline_job_name}}'
PIPELINE_JOB_RESOURCE_NAME_PLACEHOLDER = '{{$.pipeline_job_resource_name}}'
PIPELINE_JOB_ID_PLACEHOLDER = '{{$.pipeline_job_uuid}}'
PIPELINE_TASK_NAME_PLACEHOLDER = '{{$.pipeline_task_name}}'
PIPELINE_TASK_ID_PLACEHOLDER = '{{$.pipeline_task_uuid}}'
PIPELINE_ROOT_PLACEHOLDER = '{{$.pipeline_root}}'
PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER = '{{$.pipeline_job_create_time_utc}}'
PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER = '{{$.pipeline_job_schedule_time_utc}}'

_WHY = (
    'kfp.dsl.{} builds pipeline graphs, which needs the real KFP SDK; '
    "Skiff's bundled kfp runtime only executes components"
)


class _GraphBuilder:
    """Accepts any constructor arguments; fails when used to build a graph."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs

    def __enter__(self) -> Any:
        raise NotImplementedError(_WHY.format(type(self).__name__))

    def __exit__(self, *exc: Any) -> None:
        return None


class Condition(_GraphBuilder):
    """Stub of ``dsl.Condition``."""


class If(_GraphBuilder):
    """Stub of ``dsl.If``."""


class Elif(_GraphBuilder):
    """Stub of ``dsl.Elif``."""


class Else(_GraphBuilder):
    """Stub of ``dsl.Else``."""


class ExitHandler(_GraphBuilder):
    """Stub of ``dsl.ExitHandler``."""


class ParallelFor(_GraphBuilder):
    """Stub of ``dsl.ParallelFor``."""


class PipelineTask(_GraphBuilder):
    """Stub of ``dsl.PipelineTask``."""


def _graph_function(name: str) -> Any:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(_WHY.format(name))

    fail.__name__ = name
    fail.__doc__ = 'Stub of ``dsl.{}``.'.format(name)
    return fail


importer = _graph_function('importer')
Collected = _graph_function('Collected')
OneOf = _graph_function('OneOf')


class ConcatPlaceholder:
    """Concatenation of strings and placeholders in a container component command."""

    def __init__(self, items: List[Any]) -> None:
        self.items = items


class IfPresentPlaceholder:
    """Container-command fragment used only when ``input_name`` has a value."""

    def __init__(self, input_name: str, then: Any, else_: Optional[Any] = None) -> None:
        self.input_name = input_name
        self.then = then
        self.else_ = else_


class ContainerSpec:
    """What a container component returns: an image, a command and its arguments."""

    def __init__(self, image: str, command: Optional[List[Any]] = None, args: Optional[List[Any]] = None) -> None:
        self.image = image
        self.command = command
        self.args = args


class _Options:
    """Keeps constructor keyword arguments as attributes."""

    def __init__(self, **kwargs: Any) -> None:
        self.__dict__.update(kwargs)


class PipelineConfig(_Options):
    """Stub of ``dsl.PipelineConfig`` (pipeline-level settings)."""


class WorkspaceConfig(_Options):
    """Stub of ``dsl.WorkspaceConfig``."""


class KubernetesWorkspaceConfig(_Options):
    """Stub of ``dsl.KubernetesWorkspaceConfig``."""
