"""Artifact classes and the mapping between artifact URIs and local paths.

KFP maps remote URIs to the mount points of its storage FUSE drivers
(``gs://b/k`` -> ``/gcs/b/k``, ``s3://`` -> ``/s3/``, ``minio://`` -> ``/minio/``)
and treats any other URI as a local path. Skiff also accepts ``file://`` URIs:
``file:///tmp/a%20b`` maps to ``/tmp/a b`` (RFC 8089, percent-decoded, as
Node's ``url.pathToFileURL`` writes them). When the launcher staged an artifact
somewhere else (remote pipeline roots: inputs downloaded, outputs written locally
and uploaded after), ``SKIFF_ARTIFACT_PATHS`` holds ``{uri: local path}`` and that
mapping wins, for the URI and for paths under it.
"""

import os
import warnings
from typing import Any, Dict, Optional

_MOUNT_PREFIXES = (
    ('gs://', '/gcs/'),
    ('minio://', '/minio/'),
    ('s3://', '/s3/'),
)
_FILE_SCHEME = 'file://'

#: Directory holding ``executor_output.json``; set by the executor, read by ``get_uri``.
CONTAINER_TASK_ROOT = None  # type: Optional[str]

#: When True, local paths turn into ``file://`` URIs (the executor sets it when the
#: executor input gave ``file://`` output URIs), so returned artifacts match that style.
LOCAL_PATHS_AS_FILE_URIS = False


#: ``SKIFF_ARTIFACT_PATHS`` as last parsed: (raw text, {uri: path}). Read per call,
#: not at import: the fork server imports this module once for many attempts.
_staged_cache = ('', {})  # type: Any


def _staged_paths() -> Dict[str, str]:
    global _staged_cache
    raw = os.environ.get('SKIFF_ARTIFACT_PATHS', '')
    if raw != _staged_cache[0]:
        import json

        parsed = json.loads(raw) if raw else {}
        _staged_cache = (raw, parsed if isinstance(parsed, dict) else {})
    return _staged_cache[1]


def _staged_lookup(value: str, mapping: Dict[str, str]) -> Optional[str]:
    """``mapping[value]``, or ``mapping[base] + rest`` for ``value`` under a key ``base/``."""
    if value in mapping:
        return mapping[value]
    for base, target in mapping.items():
        if value.startswith(base.rstrip('/') + '/'):
            return target.rstrip('/') + value[len(base.rstrip('/')):]
    return None


def uri_to_local_path(uri: str) -> str:
    """Returns the local path where the artifact at ``uri`` is readable/writable."""
    staged = _staged_paths()
    if staged:
        found = _staged_lookup(uri, staged)
        if found is not None:
            return found
    for remote, mount in _MOUNT_PREFIXES:
        if uri.startswith(remote):
            return mount + uri[len(remote):]
    if uri.startswith(_FILE_SCHEME):
        from urllib.parse import unquote, urlsplit

        return unquote(urlsplit(uri).path)
    return uri


def local_path_to_uri(path: str) -> str:
    """Inverse of ``uri_to_local_path``: staged and mount paths become remote URIs."""
    staged = _staged_paths()
    if staged:
        found = _staged_lookup(path, {local: uri for uri, local in staged.items()})
        if found is not None:
            return found
    for remote, mount in _MOUNT_PREFIXES:
        if path.startswith(mount):
            return remote + path[len(mount):]
    if LOCAL_PATHS_AS_FILE_URIS and os.path.isabs(path):
        from urllib.parse import quote

        return _FILE_SCHEME + quote(path)
    return path


class Artifact:
    """A generic machine learning artifact: a name, a URI and a metadata dict."""

    schema_title = 'system.Artifact'
    schema_version = '0.0.1'

    def __init__(
        self,
        name: Optional[str] = None,
        uri: Optional[str] = None,
        metadata: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.uri = uri or ''
        self.name = name or ''
        self.metadata = metadata or {}
        self.custom_path = ''

    @property
    def path(self) -> str:
        """Local path of the artifact's content: ``custom_path`` if set, else from the URI."""
        return getattr(self, 'custom_path', '') or uri_to_local_path(self.uri)

    @path.setter
    def path(self, path: str) -> None:
        self.uri = local_path_to_uri(path)

    def set_path(self, path: str) -> None:
        """Keeps the content at local ``path`` (reported as ``custom_path``); the URI is unchanged."""
        self.custom_path = path

    def __repr__(self) -> str:
        return '{}(name={!r}, uri={!r}, metadata={!r})'.format(
            type(self).__name__, self.name, self.uri, self.metadata
        )


class Model(Artifact):
    """A trained model; ``framework`` is stored in metadata."""

    schema_title = 'system.Model'

    @property
    def framework(self) -> str:
        """The model framework recorded in ``metadata['framework']``."""
        return self.metadata.get('framework', '')

    @framework.setter
    def framework(self, framework: str) -> None:
        self.metadata['framework'] = framework


class Dataset(Artifact):
    """A dataset."""

    schema_title = 'system.Dataset'


class Metrics(Artifact):
    """Scalar metrics, kept as metadata key/value pairs."""

    schema_title = 'system.Metrics'

    def log_metric(self, metric: str, value: float) -> None:
        """Records ``metric = value`` in the artifact's metadata."""
        self.metadata[metric] = value


class HTML(Artifact):
    """An HTML file (rendered by the UI)."""

    schema_title = 'system.HTML'


class Markdown(Artifact):
    """A Markdown file (rendered by the UI)."""

    schema_title = 'system.Markdown'


def get_uri(suffix: str = 'Output') -> str:
    """Returns a URI under the current task's root, for artifacts a function returns.

    Only callable while a task runs. Like KFP, returns '' (with a warning) when the
    task root is KFP's unsupported ``/tmp/kfp_outputs``.
    """
    if CONTAINER_TASK_ROOT is None:
        raise RuntimeError(
            "'dsl.get_uri' can only be called at task runtime. "
            'The task root is unknown in the current environment.'
        )
    if CONTAINER_TASK_ROOT == '/tmp/kfp_outputs':
        warnings.warn(
            'dsl.get_uri is not yet supported by the KFP backend. Please specify a URI explicitly.',
            RuntimeWarning,
            stacklevel=2,
        )
        return ''
    return local_path_to_uri(os.path.join(CONTAINER_TASK_ROOT, suffix))
