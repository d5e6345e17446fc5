"""Smoke check of a running lab, through the public APIs only.

Reads SKYDECK_OS_* (lab.env) from the environment. As the demo user: a network,
subnet, router and floating IP, a server on the fake driver (ACTIVE, port bound),
a volume attached to it, an image upload and a reboot. Everything it creates is
deleted again. Prints one line per check and "N passed, N failed" at the end; exits
non-zero if any check failed.
"""
import io
import os
import sys
import time
import traceback

from keystoneauth1 import exceptions as ks_exceptions

from labclient import KEYSTONE, Api, password_session, wait_for

EXPECTED_SERVICE_TYPES = ('identity', 'compute', 'placement', 'image', 'network',
                          'volumev3', 'block-storage')
TIMEOUT_SECONDS = 180
NAME = 'skydeck-smoke'


class Smoke:

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.cleanup = []  # (description, function), undone last-in first-out

    def check(self, description, function):
        started = time.monotonic()
        try:
            detail = function()
        except Exception as error:  # noqa: BLE001 - every failure is reported the same way
            self.failed += 1
            print(f'not ok - {description}: {error}', flush=True)
            traceback.print_exc(limit=3)
            return None
        self.passed += 1
        took = time.monotonic() - started
        print(f'ok - {description} ({took:.1f}s){": " + str(detail) if detail else ""}',
              flush=True)
        return detail

    def undo_later(self, description, function):
        self.cleanup.append((description, function))

    def undo_all(self):
        for description, function in reversed(self.cleanup):
            try:
                function()
            except ks_exceptions.NotFound:
                pass
            except Exception as error:  # noqa: BLE001 - cleanup goes on regardless
                print(f'# cleanup: {description} failed: {error}', flush=True)


def wait_server(compute, server_id, wanted='ACTIVE'):
    def probe():
        server = compute.call('GET', f'/servers/{server_id}')['server']
        if server['status'] == 'ERROR':
            raise RuntimeError(f"server went to ERROR: {server.get('fault')}")
        return server if server['status'] == wanted and not server['OS-EXT-STS:task_state'] \
            else None
    return wait_for(f'server {server_id} {wanted}', TIMEOUT_SECONDS, probe)


def wait_volume(volume_api, volume_id, wanted):
    def probe():
        volume = volume_api.call('GET', f'/volumes/{volume_id}')['volume']
        if volume['status'].startswith('error'):
            raise RuntimeError(f"volume went to {volume['status']}")
        return volume if volume['status'] == wanted else None
    return wait_for(f'volume {volume_id} {wanted}', TIMEOUT_SECONDS, probe)


def wait_gone(api, path):
    def probe():
        try:
            api.call('GET', path)
        except ks_exceptions.NotFound:
            return True
        return False
    wait_for(f'{path} deleted', TIMEOUT_SECONDS, probe)


def main():
    env = os.environ
    smoke = Smoke()
    print(f'# OpenStack lab smoke check against {KEYSTONE}', flush=True)
    sessions = {}

    def issue_token(role):
        username = env[f'SKYDECK_OS_{role}_USER']
        project = env.get(f'SKYDECK_OS_{role}_PROJECT', role.lower())
        session = password_session(username, env[f'SKYDECK_OS_{role}_PASSWORD'], project)
        access = session.auth.get_access(session)
        sessions[role] = session
        return f'{username} on project {project}, roles {", ".join(sorted(access.role_names))}'

    for role in ('ADMIN', 'DEMO'):
        smoke.check(f'token issue for the {role.lower()} user', lambda: issue_token(role))
    if len(sessions) < 2:
        return finish(smoke)
    admin, demo = sessions['ADMIN'], sessions['DEMO']
    try:
        run_checks(smoke, admin, demo)
    finally:
        smoke.undo_all()
    return finish(smoke)


def finish(smoke):
    print(f'{smoke.passed} passed, {smoke.failed} failed', flush=True)
    return 1 if smoke.failed else 0


def run_checks(smoke, admin, demo):
    compute = Api(demo, 'compute')
    network = Api(demo, 'network')
    image = Api(demo, 'image')
    volume = Api(demo, 'volumev3')
    admin_network = Api(admin, 'network')

    def catalog_types():
        types = {entry['type'] for entry in demo.auth.get_access(demo).service_catalog.catalog}
        missing = [t for t in EXPECTED_SERVICE_TYPES if t not in types]
        if missing:
            raise RuntimeError(f'catalog lacks {missing} (has {sorted(types)})')
        return ', '.join(sorted(types))
    smoke.check('catalog lists every service', catalog_types)

    def create_network():
        net = network.call('POST', '/v2.0/networks', {'network': {'name': NAME}})['network']
        smoke.undo_later('network', lambda: network.call('DELETE', f"/v2.0/networks/{net['id']}"))
        subnet = network.call('POST', '/v2.0/subnets', {'subnet': {
            'name': NAME, 'network_id': net['id'], 'ip_version': 4,
            'cidr': '198.51.100.0/24'}})['subnet']
        smoke.undo_later('subnet', lambda: network.call('DELETE', f"/v2.0/subnets/{subnet['id']}"))
        return {'network': net['id'], 'subnet': subnet['id']}
    ids = smoke.check('create a network and a subnet', create_network)
    if not ids:
        return

    def create_router():
        public = network.call('GET', '/v2.0/networks?name=public&router:external=true')['networks']
        if not public:
            raise RuntimeError('no external network "public"')
        router = network.call('POST', '/v2.0/routers', {'router': {
            'name': NAME, 'external_gateway_info': {'network_id': public[0]['id']}}})['router']
        smoke.undo_later('router', lambda: network.call('DELETE', f"/v2.0/routers/{router['id']}"))
        network.call('PUT', f"/v2.0/routers/{router['id']}/add_router_interface",
                     {'subnet_id': ids['subnet']})
        smoke.undo_later('router interface', lambda: network.call(
            'PUT', f"/v2.0/routers/{router['id']}/remove_router_interface",
            {'subnet_id': ids['subnet']}))
        ids['public'] = public[0]['id']
        return router['id']
    smoke.check('create a router with a gateway and an interface', create_router)

    def create_floating_ip():
        fip = network.call('POST', '/v2.0/floatingips', {'floatingip': {
            'floating_network_id': ids['public']}})['floatingip']
        smoke.undo_later('floating IP', lambda: network.call(
            'DELETE', f"/v2.0/floatingips/{fip['id']}"))
        ids['floating_ip'] = fip['id']
        return fip['floating_ip_address']
    smoke.check('allocate a floating IP', create_floating_ip)

    def create_server():
        images = image.call('GET', '/v2/images?name=skydeck-tiny')['images']
        server = compute.call('POST', '/servers', {'server': {
            'name': NAME, 'flavorRef': '1', 'imageRef': images[0]['id'],
            'networks': [{'uuid': ids['network']}]}})['server']
        smoke.undo_later('server', lambda: (
            compute.call('DELETE', f"/servers/{server['id']}"),
            wait_gone(compute, f"/servers/{server['id']}")))
        ids['server'] = server['id']
        wait_server(compute, server['id'])
        return server['id']
    if not smoke.check('boot a server to ACTIVE on the fake driver', create_server):
        return

    def port_bound():
        ports = admin_network.call('GET', f"/v2.0/ports?device_id={ids['server']}")['ports']
        if not ports:
            raise RuntimeError('the server has no port')
        port = ports[0]
        if port['binding:vif_type'] in ('unbound', 'binding_failed'):
            raise RuntimeError(f"port binding is {port['binding:vif_type']}")
        ids['port'] = port['id']
        return f"vif_type {port['binding:vif_type']}, host {port['binding:host_id']}, " \
               f"status {port['status']}"
    smoke.check("the server's port is bound", port_bound)

    def associate_floating_ip():
        fip = network.call('PUT', f"/v2.0/floatingips/{ids['floating_ip']}",
                           {'floatingip': {'port_id': ids['port']}})['floatingip']
        return fip['fixed_ip_address']
    if 'floating_ip' in ids and 'port' in ids:
        smoke.check('associate the floating IP with the server', associate_floating_ip)

    def attach_volume():
        vol = volume.call('POST', '/volumes', {'volume': {'name': NAME, 'size': 1}})['volume']
        smoke.undo_later('volume', lambda: (
            volume.call('DELETE', f"/volumes/{vol['id']}"),
            wait_gone(volume, f"/volumes/{vol['id']}")))
        wait_volume(volume, vol['id'], 'available')
        compute.call('POST', f"/servers/{ids['server']}/os-volume_attachments",
                     {'volumeAttachment': {'volumeId': vol['id']}})
        smoke.undo_later('volume attachment', lambda: (
            compute.call('DELETE', f"/servers/{ids['server']}/os-volume_attachments/{vol['id']}"),
            wait_volume(volume, vol['id'], 'available')))
        attached = wait_volume(volume, vol['id'], 'in-use')
        return f"{vol['id']} on {attached['attachments'][0]['device']}"
    smoke.check('create a volume and attach it to the server', attach_volume)

    def upload_image():
        created = image.call('POST', '/v2/images', {
            'name': NAME, 'disk_format': 'raw', 'container_format': 'bare'})
        smoke.undo_later('image', lambda: image.call('DELETE', f"/v2/images/{created['id']}"))
        image.call('PUT', f"/v2/images/{created['id']}/file",
                   data=io.BytesIO(b'skydeck smoke image\n' * 64),
                   headers={'Content-Type': 'application/octet-stream'})
        uploaded = image.call('GET', f"/v2/images/{created['id']}")
        if uploaded['status'] != 'active':
            raise RuntimeError(f"image is {uploaded['status']}")
        return f"{uploaded['size']} bytes, {uploaded['status']}"
    smoke.check('upload an image', upload_image)

    def reboot():
        compute.call('POST', f"/servers/{ids['server']}/action", {'reboot': {'type': 'SOFT'}})
        wait_server(compute, ids['server'])
        actions = compute.call('GET', f"/servers/{ids['server']}/os-instance-actions")
        names = [a['action'] for a in actions['instanceActions']]
        if 'reboot' not in names:
            raise RuntimeError(f'no reboot among the instance actions {names}')
        return 'ACTIVE again, reboot recorded'
    smoke.check('reboot the server', reboot)


sys.exit(main())
