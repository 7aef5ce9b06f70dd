"""Runs one component function against a KFP v2 executor input.

Executor input (JSON)::

    {"inputs": {"parameterValues": {name: value},
                "artifacts": {name: {"artifacts": [{"name", "uri", "metadata", "type": {"schemaTitle"}}]}}},
     "outputs": {"parameters": {name: {"outputFile": path}},
                 "artifacts": {name: {"artifacts": [{"name", "uri", "metadata", "type"}]}},
                 "outputFile": path_of_executor_output_json}}

Each function argument is chosen by its annotation, as KFP's executor does; the
return value and output artifacts are written by ``executor_output.OutputCollector``.
"""

import os
from typing import Any, Callable, Dict, List, Optional, Union

from kfp.dsl.executor_output import OutputCollector, makedirs_for
from kfp.dsl.task_config import TaskConfig
from kfp.dsl.task_final_status import PipelineTaskFinalStatus
from kfp.dsl.types import artifact_types
from kfp.dsl.types.artifact_types import Artifact
from kfp.dsl.types.registry import SCHEMA_TITLE_TO_TYPE
from kfp.dsl.types.type_annotations import (
    ArtifactAnnotation,
    InputPath,
    OutputPath,
    artifact_class_of,
    is_artifact_class,
    is_list_of_artifacts,
    parameter_type_name,
    strip_optional,
)

_NO_ANNOTATION = object()


class Executor:
    """Executes a component function (or a decorated component) for one executor input."""

    def __init__(self, executor_input: Dict[str, Any], function_to_execute: Callable[..., Any]) -> None:
        self.func = getattr(function_to_execute, 'python_func', function_to_execute)
        self.executor_input = executor_input
        outputs = executor_input.get('outputs') or {}
        if not outputs.get('outputFile'):
            raise ValueError('executor input has no outputs.outputFile: cannot write the executor output')
        self.executor_output_path = outputs['outputFile']  # type: str
        artifact_types.CONTAINER_TASK_ROOT = os.path.dirname(self.executor_output_path)
        artifact_types.LOCAL_PATHS_AS_FILE_URIS = _gives_file_uris(outputs)
        self.annotations = resolve_annotations(self.func)
        self.input_artifacts = self._make_input_artifacts()
        self.output_artifacts = self._make_output_artifacts()

    def execute(self) -> Optional[str]:
        """Calls the function and writes executor_output.json; returns its path if written."""
        makedirs_for(self.executor_output_path)  # the task root, where dsl.get_uri() points
        result = self.func(**self.function_arguments())
        collector = OutputCollector(self.func.__name__, self.output_artifacts)
        collector.add_return_value(self.annotations.get('return', _NO_ANNOTATION), result)
        return self.executor_output_path if collector.write(self.executor_output_path) else None

    def function_arguments(self) -> Dict[str, Any]:
        """Keyword arguments for the function, one per annotated parameter that has a value."""
        kwargs = {}  # type: Dict[str, Any]
        for name, raw in self.annotations.items():
            if name == 'return':
                continue
            annotation = strip_optional(raw)
            if annotation is PipelineTaskFinalStatus:
                kwargs[name] = self._final_status(name)
            elif annotation is TaskConfig:
                kwargs[name] = TaskConfig.from_parameter_value(self._parameter(name))
            elif is_list_of_artifacts(annotation):
                kwargs[name] = self.input_artifacts.get(name)
            elif parameter_type_name(annotation) is not None:
                value = self._parameter(name)
                if value is not None:
                    kwargs[name] = value
            elif isinstance(annotation, ArtifactAnnotation):
                kwargs[name] = self._marked_artifact(name, annotation)
            elif isinstance(annotation, type) and is_artifact_class(annotation):
                kwargs[name] = self.input_artifacts.get(name)
            elif isinstance(annotation, OutputPath):
                is_parameter = annotation.artifact_class() is None
                kwargs[name] = self._output_parameter_path(name) if is_parameter else self._artifact_path(
                    self.output_artifacts, name, 'output'
                )
            elif isinstance(annotation, InputPath):
                kwargs[name] = self._artifact_path(self.input_artifacts, name, 'input')
        return kwargs

    def _parameter(self, name: str) -> Any:
        values = (self.executor_input.get('inputs') or {}).get('parameterValues') or {}
        return values.get(name)

    def _final_status(self, name: str) -> PipelineTaskFinalStatus:
        value = self._parameter(name)
        if not isinstance(value, dict):
            raise ValueError(
                'Input `{}` is a PipelineTaskFinalStatus but got {!r}: only a task that runs after an '
                'exit handler (dsl.ExitHandler) receives the final status of the tasks it guards'.format(
                    name, value
                )
            )
        return PipelineTaskFinalStatus.from_parameter_value(value)

    def _marked_artifact(self, name: str, annotation: ArtifactAnnotation) -> Any:
        if annotation.marker == 'Input':
            return self.input_artifacts.get(name)
        if annotation.marker == 'Output':
            return self.output_artifacts.get(name)
        return self._embedded_artifact(annotation)

    def _embedded_artifact(self, annotation: ArtifactAnnotation) -> Artifact:
        cls = annotation.inner if is_artifact_class(annotation.inner) else Artifact
        found = self.func.__globals__.get('__KFP_EMBEDDED_ASSET_FILE') or self.func.__globals__.get(
            '__KFP_EMBEDDED_ASSET_DIR'
        )
        if not found:
            raise RuntimeError('EmbeddedInput was specified but no embedded asset was found at runtime.')
        artifact = cls()
        artifact.path = found
        return artifact

    def _output_parameter_path(self, name: str) -> Optional[str]:
        parameters = (self.executor_input.get('outputs') or {}).get('parameters') or {}
        path = (parameters.get(name) or {}).get('outputFile')
        if path:
            makedirs_for(path)
        return path

    @staticmethod
    def _artifact_path(artifacts: Dict[str, Any], name: str, direction: str) -> str:
        artifact = artifacts.get(name)
        if not artifact:
            raise ValueError('Failed to get {} artifact path for artifact name {}'.format(direction, name))
        return artifact.path

    def _make_input_artifacts(self) -> Dict[str, Union[Artifact, List[Artifact]]]:
        made = {}  # type: Dict[str, Union[Artifact, List[Artifact]]]
        entries = (self.executor_input.get('inputs') or {}).get('artifacts') or {}
        for name, entry in entries.items():
            runtime_artifacts = (entry or {}).get('artifacts')
            if not runtime_artifacts:
                continue
            annotation = strip_optional(self.annotations.get(name))
            fallback = artifact_class_of(annotation) or Artifact
            if isinstance(annotation, ArtifactAnnotation):
                annotation = annotation.inner
            if is_list_of_artifacts(annotation):
                made[name] = [make_artifact(runtime, fallback) for runtime in runtime_artifacts]
            else:
                made[name] = make_artifact(runtime_artifacts[0], fallback)
        return made

    def _make_output_artifacts(self) -> Dict[str, Artifact]:
        made = {}  # type: Dict[str, Artifact]
        entries = (self.executor_input.get('outputs') or {}).get('artifacts') or {}
        for name, entry in entries.items():
            runtime_artifacts = (entry or {}).get('artifacts')
            if not runtime_artifacts:
                continue
            fallback = artifact_class_of(self.annotations.get(name)) or Artifact
            artifact = make_artifact(runtime_artifacts[0], fallback)
            makedirs_for(artifact.path)
            made[name] = artifact
        return made


def make_artifact(runtime_artifact: Dict[str, Any], fallback_cls: type = Artifact) -> Any:
    """Builds the artifact object for a runtime artifact; its schemaTitle picks the class."""
    schema_title = (runtime_artifact.get('type') or {}).get('schemaTitle', '')
    cls = SCHEMA_TITLE_TO_TYPE.get(schema_title, fallback_cls)
    fields = {
        'uri': runtime_artifact.get('uri', ''),
        'name': runtime_artifact.get('name', ''),
        'metadata': runtime_artifact.get('metadata') or {},
    }
    if hasattr(cls, '_from_executor_fields'):
        return cls._from_executor_fields(**fields)
    return cls(**fields)


def resolve_annotations(func: Callable[..., Any]) -> Dict[str, Any]:
    """The function's annotations, with string annotations evaluated in its module."""
    resolved = dict(getattr(func, '__annotations__', None) or {})
    for name, annotation in resolved.items():
        if isinstance(annotation, str):
            try:
                resolved[name] = eval(annotation, getattr(func, '__globals__', {}))  # noqa: S307
            except Exception:  # an unresolvable string stays a string, as in KFP
                pass
    return resolved


def _gives_file_uris(outputs: Dict[str, Any]) -> bool:
    for entry in (outputs.get('artifacts') or {}).values():
        for runtime in (entry or {}).get('artifacts') or []:
            if str(runtime.get('uri', '')).startswith('file://'):
                return True
    return False
