"""Lookup of the system artifact classes by schema title and by short name."""

from typing import Dict, Type

from kfp.dsl.types.artifact_types import HTML, Artifact, Dataset, Markdown, Metrics, Model
from kfp.dsl.types.classification_metrics import (
    ClassificationMetrics,
    SlicedClassificationMetrics,
)

_SYSTEM_ARTIFACTS = (
    Artifact,
    Model,
    Dataset,
    Metrics,
    ClassificationMetrics,
    SlicedClassificationMetrics,
    HTML,
    Markdown,
)

#: ``'system.Dataset'`` -> ``Dataset`` and so on for every system artifact type.
SCHEMA_TITLE_TO_TYPE = {cls.schema_title: cls for cls in _SYSTEM_ARTIFACTS}  # type: Dict[str, Type[Artifact]]

#: ``'dataset'`` -> ``Dataset``: the v1 string names accepted by ``InputPath('Dataset')``.
NAME_TO_TYPE = {cls.__name__.lower(): cls for cls in _SYSTEM_ARTIFACTS}  # type: Dict[str, Type[Artifact]]
