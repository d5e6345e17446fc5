"""Runs one OpenStack command (a console-script function) under Debian's python3.

Usage: launch.py <module>:<function> <program-name> [arguments...]

Debian's python3-* library packages ship the code but not the service commands, so
the lab calls the functions those commands would call. The import happens before
anything else so that services which monkey-patch with eventlet do it first.
"""
import importlib
import sys


def main():
    target, program, *arguments = sys.argv[1:]
    module_name, function_name = target.split(':')
    sys.argv = [program, *arguments]
    function = getattr(importlib.import_module(module_name), function_name)
    sys.exit(function())


main()
