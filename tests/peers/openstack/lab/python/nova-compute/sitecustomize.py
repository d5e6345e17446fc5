"""Imported at start-up by nova-compute only (its PYTHONPATH holds this folder).

Nova's FakeDriver.snapshot never uploads image data, so images made by createImage
or shelve stay 'queued' forever. When nova.virt.fake is imported, this replaces
its snapshot with one that uploads a few bytes to Glance, making the image active.
Nova loads compute drivers only from nova.virt, hence the in-process patch. Nothing
is imported here before nova-compute itself imports the module, so eventlet
monkey-patching still comes first.
"""
import sys

PATCHED_MODULE = 'nova.virt.fake'
SNAPSHOT_CONTENT = b'skydeck lab: fake snapshot of a fake server\n'


def _upload_snapshot(self, context, instance, image_id, update_task_state):
    import io

    from nova.compute import task_states
    from nova import exception
    from nova.image import glance

    if instance.uuid not in self.instances:
        raise exception.InstanceNotRunning(instance_id=instance.uuid)
    update_task_state(task_state=task_states.IMAGE_UPLOADING)
    glance.API().update(context, image_id,
                        {'disk_format': 'raw', 'container_format': 'bare'},
                        io.BytesIO(SNAPSHOT_CONTENT), purge_props=False)


class _PatchFakeDriverOnImport:
    """Meta-path finder that lets the normal loader run, then patches the module."""

    def find_spec(self, fullname, path, target=None):
        if fullname != PATCHED_MODULE:
            return None
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(fullname, path)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            module.FakeDriver.snapshot = _upload_snapshot

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _PatchFakeDriverOnImport())
