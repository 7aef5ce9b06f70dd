"""Turns a component function's return value into KFP's executor output JSON.

The single return value is output ``Output``; a NamedTuple return fills one output
per field. Parameters land in ``parameterValues`` as JSON values; a returned
artifact replaces the output artifact of that name; any other value returned for
an artifact output is written, as ``str(value)``, to that artifact's path. Every
output artifact is listed under ``artifacts`` with its (possibly updated) name,
URI and metadata.
"""

import json
import os
from typing import Any, Dict

from kfp.dsl.types.artifact_types import Artifact
from kfp.dsl.types.type_annotations import is_artifact_class, is_named_tuple, parameter_type_name

_CHIEF_NODE_TYPES = frozenset(['workerpool0', 'chief', 'master'])
_BUILTINS = {'str': str, 'int': int, 'float': float, 'bool': bool, 'dict': dict, 'list': list}


def makedirs_for(path: str) -> None:
    """Creates the parent directory of ``path`` (no-op for bare file names)."""
    parent = os.path.dirname(path)
    if parent:
        os.makedirs(parent, exist_ok=True)


def is_parameter_annotation(annotation: Any) -> bool:
    """True when a return annotation denotes a parameter output."""
    return parameter_type_name(annotation) is not None


def is_artifact_annotation(annotation: Any) -> bool:
    """True when a return annotation is an artifact class (``-> Dataset``)."""
    return isinstance(annotation, type) and is_artifact_class(annotation)


class OutputCollector:
    """Accumulates output parameters and artifacts, then writes executor_output.json."""

    def __init__(self, func_name: str, output_artifacts: Dict[str, Artifact]) -> None:
        self.func_name = func_name
        self.output_artifacts = output_artifacts
        self.parameter_values = {}  # type: Dict[str, Any]

    def add_return_value(self, return_annotation: Any, value: Any) -> None:
        """Records the function's return value according to its return annotation."""
        if value is None:
            return
        if is_parameter_annotation(return_annotation) or is_artifact_annotation(return_annotation):
            self._add_single('Output', return_annotation, value)
        elif is_named_tuple(return_annotation):
            fields = return_annotation._fields
            if len(fields) != len(value):
                raise RuntimeError(
                    'Expected {} return values from function `{}`, got {}'.format(
                        len(fields), self.func_name, len(value)
                    )
                )
            for index, field in enumerate(fields):
                # A plain tuple is read by position, a namedtuple by field name.
                item = value[index] if type(value) is tuple else getattr(value, field)
                self._add_single(field, return_annotation.__annotations__[field], item)
        else:
            raise RuntimeError(
                'Unknown return type: {}. Must be one of `str`, `int`, `float`, a subclass of '
                '`Artifact`, or a NamedTuple collection of these types.'.format(return_annotation)
            )

    def _add_single(self, name: str, annotation: Any, value: Any) -> None:
        if is_parameter_annotation(annotation):
            expected = getattr(annotation, '__origin__', None) or annotation
            if isinstance(expected, str):
                expected = _BUILTINS.get(parameter_type_name(expected) or '', object)
            accepted = (int, float) if expected is float else expected
            if not isinstance(value, accepted):
                raise ValueError(
                    'Function `{}` returned value of type {}; want type {}'.format(
                        self.func_name, type(value), expected
                    )
                )
            self.add_parameter(name, value)
        elif is_artifact_annotation(annotation):
            if isinstance(value, Artifact):
                self.output_artifacts[name] = value
            else:
                artifact = self.output_artifacts.get(name)
                if artifact is None:
                    raise ValueError('Failed to get output artifact path for artifact name ' + name)
                with open(artifact.path, 'w') as f:
                    f.write(str(value))
        else:
            raise RuntimeError(
                'Unknown return type: {}. Must be one of the supported data types: '
                'https://www.kubeflow.org/docs/components/pipelines/v2/data-types/'.format(annotation)
            )

    def add_parameter(self, name: str, value: Any) -> None:
        """Records output parameter ``name``; it must be a str, number, bool, list or dict."""
        if not isinstance(value, (str, int, float, bool, list, dict)):
            raise ValueError(
                'Unable to serialize unknown type `{}` for parameter input with value `{}`'.format(
                    value, type(value)
                )
            )
        self.parameter_values[name] = value

    def to_json(self) -> Dict[str, Any]:
        """The executor output document: ``{parameterValues?, artifacts?}``."""
        output = {}  # type: Dict[str, Any]
        if self.parameter_values:
            output['parameterValues'] = self.parameter_values
        if self.output_artifacts:
            output['artifacts'] = {
                name: {'artifacts': [_runtime_artifact(artifact)]}
                for name, artifact in self.output_artifacts.items()
            }
        return output

    def write(self, path: str) -> bool:
        """Writes the document to ``path``; skipped (False) on non-chief distributed workers."""
        cluster_spec = os.environ.get('CLUSTER_SPEC')
        if cluster_spec and json.loads(cluster_spec)['task']['type'] not in _CHIEF_NODE_TYPES:
            return False
        makedirs_for(path)
        with open(path, 'w') as f:
            f.write(json.dumps(self.to_json()))
        return True


def _runtime_artifact(artifact: Artifact) -> Dict[str, Any]:
    runtime = {'name': artifact.name, 'uri': artifact.uri, 'metadata': artifact.metadata}
    custom_path = getattr(artifact, 'custom_path', None)
    if custom_path:
        runtime['custom_path'] = custom_path
    return runtime
