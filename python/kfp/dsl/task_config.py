"""``TaskConfig``: Kubernetes settings the backend may pass through to a task."""

from typing import Any, Dict, Optional


class TaskConfig:
    """Pass-through task settings (affinity, tolerations, env, volumes, resources...)."""

    def __init__(
        self,
        affinity: Any = None,
        tolerations: Any = None,
        node_selector: Any = None,
        env: Any = None,
        volumes: Any = None,
        volume_mounts: Any = None,
        resources: Any = None,
    ) -> None:
        self.affinity = affinity
        self.tolerations = tolerations
        self.node_selector = node_selector
        self.env = env
        self.volumes = volumes
        self.volume_mounts = volume_mounts
        self.resources = resources

    @classmethod
    def from_parameter_value(cls, value: Optional[Dict[str, Any]]) -> 'TaskConfig':
        """Builds the config from the executor input's struct value (camelCase keys)."""
        value = value or {}
        return cls(
            affinity=value.get('affinity'),
            tolerations=value.get('tolerations'),
            node_selector=value.get('nodeSelector'),
            env=value.get('env'),
            volumes=value.get('volumes'),
            volume_mounts=value.get('volumeMounts'),
            resources=value.get('resources'),
        )

    def __repr__(self) -> str:
        return 'TaskConfig({!r})'.format(self.__dict__)
