"""Imported at start-up by nova-compute only (its PYTHONPATH holds this folder).

When nova-compute imports nova.virt.fake, three lab-only patches are applied:

- FakeDriver keeps its servers in memory only: after a restart of the lab it would
  know none of them, and Nova would soon stop every server it believes vanished.
  FakeDriver.init_host now adopts the servers Nova has on this host, in the power
  state Nova recorded, with their resources and network interfaces.
- FakeDriver.snapshot never uploads image data, so images made by createImage or
  shelve stay 'queued' forever. It is replaced by one that uploads a few bytes to
  Glance, making the image active.
- On every instance claim, Debian's resource tracker fetches the allocations of
  every consumer on the host (GET /allocations/<id> once per server) to hand them
  to the driver's update_provider_tree, which reads them only while reshaping. The
  fake driver never reshapes, so the fetch is skipped: without this, 200 servers
  cost 40,000 Placement calls and seeding takes minutes longer.

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


def _adopting_init_host(fake_module, init_host):
    def adopt_instances(self, host):
        from nova import context as nova_context
        from nova.compute import power_state
        from nova import objects
        from oslo_log import log as logging

        init_host(self, host)
        instances = objects.InstanceList.get_by_host(
            nova_context.get_admin_context(), host, expected_attrs=['flavor', 'info_cache'])
        for instance in instances:
            self.instances[instance.uuid] = fake_module.FakeInstance(
                instance.name, instance.power_state or power_state.NOSTATE, instance.uuid)
            self.resources.claim(vcpus=instance.flavor.vcpus, mem=instance.flavor.memory_mb,
                                 disk=instance.flavor.root_gb)
            for vif in instance.get_network_info():
                self._interfaces[vif['id']] = vif
        logging.getLogger(__name__).info(
            'skydeck lab: the fake driver adopted %d servers of host %s', len(instances), host)

    return adopt_instances


def _no_allocations_for_provider_tree(self, context, nodename):
    return {}


def _patch(fake_module):
    from nova.scheduler.client import report

    fake_module.FakeDriver.init_host = _adopting_init_host(
        fake_module, fake_module.FakeDriver.init_host)
    fake_module.FakeDriver.snapshot = _upload_snapshot
    report.SchedulerReportClient.get_allocations_for_provider_tree = \
        _no_allocations_for_provider_tree


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
            _patch(module)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _PatchFakeDriverOnImport())
