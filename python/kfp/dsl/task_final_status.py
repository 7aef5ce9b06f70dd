"""``PipelineTaskFinalStatus``: what an exit task learns about the tasks it guards."""

from typing import Any, Dict, Optional


class PipelineTaskFinalStatus:
    """Final status of a pipeline task group, passed to exit-handler tasks.

    ``state`` is e.g. ``'SUCCEEDED'``, ``'FAILED'`` or ``'COMPLETE'``; ``error_code`` and
    ``error_message`` are set when the guarded tasks failed.
    """

    def __init__(
        self,
        state: Optional[str],
        pipeline_job_resource_name: Optional[str],
        pipeline_task_name: Optional[str],
        error_code: Optional[int],
        error_message: Optional[str],
    ) -> None:
        self.state = state
        self.pipeline_job_resource_name = pipeline_job_resource_name
        self.pipeline_task_name = pipeline_task_name
        self.error_code = error_code
        self.error_message = error_message

    @classmethod
    def from_parameter_value(cls, value: Dict[str, Any]) -> 'PipelineTaskFinalStatus':
        """Builds the status from the executor input's struct value.

        Reads ``state``, ``pipelineJobResourceName``, ``pipelineTaskName`` (or their
        snake_case spellings) and ``error: {code, message}``.
        """
        error = value.get('error') or {}
        return cls(
            state=value.get('state'),
            pipeline_job_resource_name=_first(value, 'pipelineJobResourceName', 'pipeline_job_resource_name'),
            pipeline_task_name=_first(value, 'pipelineTaskName', 'pipeline_task_name'),
            error_code=error.get('code'),
            error_message=error.get('message'),
        )

    def _fields(self) -> tuple:
        return (
            self.state,
            self.pipeline_job_resource_name,
            self.pipeline_task_name,
            self.error_code,
            self.error_message,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PipelineTaskFinalStatus) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            'PipelineTaskFinalStatus(state={!r}, pipeline_job_resource_name={!r}, '
            'pipeline_task_name={!r}, error_code={!r}, error_message={!r})'
        ).format(*self._fields())


def _first(value: Dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if value.get(key) is not None:
            return value[key]
    return None
