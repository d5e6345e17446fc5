"""Seeds the lab cloud through its APIs. Every step is idempotent.

Usage: bootstrap.py identity | wait-backends <seconds> | cloud

  identity       service project, demo project and user, service users, catalog
  wait-backends  waits until Nova lists a hypervisor and Cinder's scheduler a pool
  cloud          flavors, a public image, the external network and its subnet

Reads SKYDECK_LAB_ADMIN_PASSWORD, SKYDECK_LAB_DEMO_PASSWORD and
SKYDECK_LAB_SERVICE_PASSWORD from the environment (never from arguments, so the
passwords do not show in ps).
"""
import io
import os
import sys

from keystoneauth1 import exceptions as ks_exceptions

from labclient import DEFAULT_DOMAIN, REGION, Api, password_session, wait_for

SERVICE_USERS = ('placement', 'nova', 'glance', 'neutron', 'cinder')
CATALOG = (
    ('compute', 'nova', 'http://127.0.0.1:8774/v2.1'),
    ('placement', 'placement', 'http://127.0.0.1:8778'),
    ('image', 'glance', 'http://127.0.0.1:9292'),
    ('network', 'neutron', 'http://127.0.0.1:9696'),
    ('volumev3', 'cinderv3', 'http://127.0.0.1:8776/v3/$(project_id)s'),
    ('block-storage', 'cinder', 'http://127.0.0.1:8776/v3/$(project_id)s'),
)
FLAVORS = (
    {'id': '1', 'name': 'm1.tiny', 'vcpus': 1, 'ram': 512, 'disk': 1},
    {'id': '2', 'name': 'm1.small', 'vcpus': 1, 'ram': 2048, 'disk': 20},
    {'id': '3', 'name': 'm1.medium', 'vcpus': 2, 'ram': 4096, 'disk': 40},
)
IMAGE_NAME = 'skydeck-tiny'
IMAGE_CONTENT = b'skydeck lab: a tiny raw image; the fake driver never reads it\n'
PUBLIC_NETWORK = 'public'
PUBLIC_SUBNET = {
    'name': 'public-subnet', 'ip_version': 4, 'cidr': '203.0.113.0/24',
    'gateway_ip': '203.0.113.1', 'enable_dhcp': False,
    'allocation_pools': [{'start': '203.0.113.10', 'end': '203.0.113.250'}],
}


def admin_session():
    return password_session('admin', os.environ['SKYDECK_LAB_ADMIN_PASSWORD'], 'admin')


def seed_identity():
    keystone = Api(admin_session())
    service_project = keystone.ensure(
        '/projects', 'project', {'name': 'service', 'domain_id': DEFAULT_DOMAIN},
        'name=service')
    demo_project = keystone.ensure(
        '/projects', 'project', {'name': 'demo', 'domain_id': DEFAULT_DOMAIN},
        'name=demo')
    roles = {name: keystone.ensure('/roles', 'role', {'name': name}, f'name={name}')
             for name in ('admin', 'member', 'reader', 'service')}

    def ensure_user(name, password, project, role_names):
        user = keystone.ensure(
            '/users', 'user',
            {'name': name, 'password': password, 'domain_id': DEFAULT_DOMAIN,
             'default_project_id': project['id']},
            f'name={name}')
        for role in role_names:
            keystone.call('PUT', f"/projects/{project['id']}/users/{user['id']}"
                                 f"/roles/{roles[role]['id']}")

    ensure_user('demo', os.environ['SKYDECK_LAB_DEMO_PASSWORD'], demo_project,
                ('member', 'reader'))
    for name in SERVICE_USERS:
        ensure_user(name, os.environ['SKYDECK_LAB_SERVICE_PASSWORD'],
                    service_project, ('admin', 'service'))

    for service_type, name, url in CATALOG:
        service = keystone.ensure('/services', 'service',
                                  {'type': service_type, 'name': name},
                                  f'type={service_type}')
        for interface in ('public', 'internal', 'admin'):
            keystone.ensure(
                '/endpoints', 'endpoint',
                {'service_id': service['id'], 'interface': interface,
                 'region_id': REGION, 'url': url},
                f"service_id={service['id']}&interface={interface}")
    print('identity: projects, users, roles and catalog are in place')


def wait_for_backends(timeout_seconds):
    session = admin_session()
    compute = Api(session, 'compute')
    volume = Api(session, 'volumev3')
    try:
        hypervisors = wait_for('hypervisor list (see log/nova-compute.log)', timeout_seconds,
                               lambda: compute.call('GET', '/os-hypervisors')['hypervisors'],
                               interval_seconds=2)
        pools = wait_for('volume pools (see log/cinder-volume.log)', timeout_seconds,
                         lambda: volume.call('GET', '/scheduler-stats/get_pools')['pools'],
                         interval_seconds=2)
    except TimeoutError as error:
        sys.exit(str(error))
    print('backends: hypervisor', hypervisors[0]['hypervisor_hostname'],
          'and volume pool', pools[0]['name'])


def seed_cloud():
    session = admin_session()
    compute = Api(session, 'compute')
    for flavor in FLAVORS:
        try:
            compute.call('GET', f"/flavors/{flavor['id']}")
        except ks_exceptions.NotFound:
            compute.call('POST', '/flavors', {'flavor': flavor})

    image_api = Api(session, 'image')
    images = image_api.call('GET', f'/v2/images?name={IMAGE_NAME}')['images']
    if not images or images[0]['status'] != 'active':
        for stale in images:
            image_api.call('DELETE', f"/v2/images/{stale['id']}")
        image = image_api.call('POST', '/v2/images', {
            'name': IMAGE_NAME, 'disk_format': 'raw', 'container_format': 'bare',
            'visibility': 'public'})
        image_api.call('PUT', f"/v2/images/{image['id']}/file",
                       data=io.BytesIO(IMAGE_CONTENT),
                       headers={'Content-Type': 'application/octet-stream'})

    network_api = Api(session, 'network')
    network = network_api.ensure('/v2.0/networks', 'network', {
        'name': PUBLIC_NETWORK, 'router:external': True, 'shared': False,
        'provider:network_type': 'flat', 'provider:physical_network': 'public',
    }, f'name={PUBLIC_NETWORK}')
    network_api.ensure('/v2.0/subnets', 'subnet',
                       {**PUBLIC_SUBNET, 'network_id': network['id']},
                       f"network_id={network['id']}")
    print('cloud: flavors, image, public network and subnet are in place')


def main():
    command = sys.argv[1]
    if command == 'identity':
        seed_identity()
    elif command == 'wait-backends':
        wait_for_backends(float(sys.argv[2]))
    elif command == 'cloud':
        seed_cloud()
    else:
        sys.exit(__doc__)


main()
