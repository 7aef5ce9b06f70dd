"""Finds and imports the module that defines a component function.

Lightweight components name the module with ``--component_module_path``.
Containerized components (built by ``kfp component build``) omit it and list
``function = module.py`` lines under ``[Components]`` in ``kfp_config.ini`` in the
working directory.
"""

import importlib.util
import os
import sys
from types import ModuleType
from typing import Any, Callable

_CONFIG_FILE = 'kfp_config.ini'


def module_path_from_config(func_name: str, config_dir: str = '.') -> str:
    """Returns the module path listed for ``func_name`` in ``kfp_config.ini``."""
    config_path = os.path.join(config_dir, _CONFIG_FILE)
    import configparser  # only containerized components need it: keep it off the common start-up path

    config = configparser.ConfigParser()
    config.optionxform = str  # type: ignore[assignment,method-assign]  # keep function-name case
    config.read(config_path)
    components = dict(config['Components']) if config.has_section('Components') else {}
    if not components:
        raise RuntimeError(
            'No components found in `{}`: pass --component_module_path, or run where the '
            "component image's kfp_config.ini is".format(_CONFIG_FILE)
        )
    if func_name not in components:
        raise RuntimeError(
            'Could not find component `{}` in `{}`. Found the following components instead:\n{}'.format(
                func_name, _CONFIG_FILE, components
            )
        )
    return os.path.join(config_dir, components[func_name])


def load_module(module_path: str) -> ModuleType:
    """Imports the Python file at ``module_path``, with its directory first on sys.path."""
    directory = os.path.dirname(os.path.abspath(module_path))
    name = os.path.splitext(os.path.basename(module_path))[0]
    spec = importlib.util.spec_from_file_location(name, module_path)
    if spec is None or spec.loader is None:
        raise RuntimeError('Cannot load component module {}: not a Python file'.format(module_path))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    sys.path.insert(0, directory)
    spec.loader.exec_module(module)
    return module


def find_function(module: ModuleType, func_name: str, module_path: str) -> Callable[..., Any]:
    """Returns ``func_name`` from ``module``; the error lists the functions it does define."""
    found = getattr(module, func_name, None)
    if found is None:
        defined = sorted(n for n, v in vars(module).items() if callable(v) and not n.startswith('_'))
        raise RuntimeError(
            'Function `{}` is not defined in {}; it defines: {}'.format(
                func_name, module_path, ', '.join(defined) or '(nothing callable)'
            )
        )
    return found
