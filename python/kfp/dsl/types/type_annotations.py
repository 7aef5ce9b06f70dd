"""Type annotations of component signatures and the predicates the executor uses.

``Input[T]``, ``Output[T]`` and ``EmbeddedInput[T]`` build an ``ArtifactAnnotation``
(KFP uses ``typing.Annotated``, which Python 3.8 lacks). Calling one constructs a
``T``, as calling an ``Annotated`` alias does.
"""

import re
from typing import Any, List, Optional, Union

from kfp.dsl.types.artifact_types import Artifact
from kfp.dsl.types.registry import NAME_TO_TYPE

# Short type names KFP accepts for parameters (kfp.dsl.types.type_utils).
_PARAMETER_TYPE_NAMES = frozenset(
    [
        'int', 'integer', 'float', 'double', 'str', 'string', 'text',
        'bool', 'boolean', 'dict', 'list', 'jsonobject', 'jsonarray',
    ]
)  # fmt: skip
_SHORT_NAME = re.compile(r'(typing\.)?(?P<type>\w+)(?:\[.+\])?')


class ArtifactAnnotation:
    """An artifact type wrapped in a direction marker: ``Input``, ``Output`` or ``EmbeddedInput``."""

    __slots__ = ('marker', 'inner')

    def __init__(self, marker: str, inner: Any) -> None:
        self.marker = marker
        self.inner = inner

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.inner(*args, **kwargs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ArtifactAnnotation) and (self.marker, self.inner) == (
            other.marker,
            other.inner,
        )

    def __hash__(self) -> int:
        return hash((self.marker, self.inner))

    def __repr__(self) -> str:
        return '{}[{}]'.format(self.marker, getattr(self.inner, '__name__', self.inner))


class _Marker:
    """Subscriptable factory: ``Input[Dataset]`` -> ``ArtifactAnnotation('Input', Dataset)``."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getitem__(self, inner: Any) -> ArtifactAnnotation:
        return ArtifactAnnotation(self._name, inner)

    def __repr__(self) -> str:
        return self._name


#: ``Input[T]``: an input artifact handle (name, uri, path, metadata).
Input = _Marker('Input')
#: ``Output[T]``: an output artifact handle; write to ``.path``, update ``.metadata``.
Output = _Marker('Output')
#: ``EmbeddedInput[T]``: an artifact extracted from the component's embedded archive.
EmbeddedInput = _Marker('EmbeddedInput')


class _PathAnnotation:
    """Base of ``InputPath``/``OutputPath``: a local file path for a typed value."""

    def __init__(self, type: Any = None) -> None:
        self.type = type

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError('{!r} is a type annotation, not a callable'.format(self))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.type == self.type  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, repr(self.type)))

    def __repr__(self) -> str:
        return '{}({!r})'.format(type(self).__name__, self.type)

    def artifact_class(self) -> Optional[type]:
        """The artifact class the path holds, or None when it holds a parameter."""
        if is_artifact_class(self.type):
            return self.type
        if isinstance(self.type, str) and self.type.lower() in NAME_TO_TYPE:
            return NAME_TO_TYPE[self.type.lower()]
        if self.type is not None and parameter_type_name(self.type) is not None:
            return None
        return Artifact  # v1 custom type names, e.g. OutputPath('MyType')


class InputPath(_PathAnnotation):
    """Annotation: the argument is the local path of an input artifact."""


class OutputPath(_PathAnnotation):
    """Annotation: the argument is the local path to write an output artifact or parameter to."""


def strip_optional(annotation: Any) -> Any:
    """``Optional[T]`` -> ``T``; anything else unchanged."""
    args = getattr(annotation, '__args__', None)
    if getattr(annotation, '__origin__', None) is Union and args and len(args) == 2:
        if args[1] is type(None):
            return args[0]
        if args[0] is type(None):
            return args[1]
    return annotation


def parameter_type_name(annotation: Any) -> Optional[str]:
    """Lower-case short name (``'int'``, ``'list'``...) if ``annotation`` is a parameter type."""
    if isinstance(annotation, type) and annotation in (str, int, float, bool, dict, list):
        return annotation.__name__
    text = annotation if isinstance(annotation, str) else str(annotation)
    match = _SHORT_NAME.match(text)
    name = (match.group('type') if match else text).lower()
    return name if name in _PARAMETER_TYPE_NAMES else None


def is_artifact_class(obj: Any) -> bool:
    """True for artifact classes (anything with ``schema_title`` and ``schema_version``)."""
    return hasattr(obj, 'schema_title') and hasattr(obj, 'schema_version')


def list_item_type(annotation: Any) -> Any:
    """``List[T]``/``list[T]`` -> ``T``; None when ``annotation`` is not a parametrised list."""
    if getattr(annotation, '__origin__', None) not in (list, List):
        return None
    args = getattr(annotation, '__args__', None) or ()
    return args[0] if len(args) == 1 else None


def is_list_of_artifacts(annotation: Any) -> bool:
    """True for ``List[Dataset]`` and the like."""
    item = list_item_type(annotation)
    return isinstance(item, type) and issubclass(item, Artifact)


def is_named_tuple(annotation: Any) -> bool:
    """True for ``typing.NamedTuple`` / ``collections.namedtuple`` classes with annotations."""
    return (
        isinstance(annotation, type)
        and issubclass(annotation, tuple)
        and hasattr(annotation, '_fields')
        and hasattr(annotation, '__annotations__')
    )


def artifact_class_of(annotation: Any) -> Optional[type]:
    """The artifact class behind an annotation (through Optional, markers, lists, paths)."""
    annotation = strip_optional(annotation)
    if isinstance(annotation, ArtifactAnnotation):
        annotation = annotation.inner
    if isinstance(annotation, _PathAnnotation):
        return annotation.artifact_class()
    item = list_item_type(annotation)
    if item is not None:
        annotation = item
    return annotation if is_artifact_class(annotation) else None
