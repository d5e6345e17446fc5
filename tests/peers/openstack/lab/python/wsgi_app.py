"""uwsgi entry file: builds the WSGI application named by SKYDECK_LAB_WSGI_FACTORY.

SKYDECK_LAB_WSGI_FACTORY is "<module>:<function>", the same function the project's
own wsgi script would call (e.g. keystone.server.wsgi:initialize_public_application).
"""
import importlib
import os

module_name, function_name = os.environ['SKYDECK_LAB_WSGI_FACTORY'].split(':')
application = getattr(importlib.import_module(module_name), function_name)()
