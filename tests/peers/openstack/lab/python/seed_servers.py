"""Makes the demo project hold exactly <count> seed servers on the fake driver, all ACTIVE.

Usage: seed_servers.py <count>   (SKYDECK_OS_* from lab.env in the environment)

Servers are named skydeck-seed-<batch>-<n>, on the tenant network skydeck-seed
(198.18.0.0/16, the benchmarking range; the lab has no data plane, nothing is ever
sent there). Existing seed servers count towards <count>, extra ones are deleted
(so a count of 0 removes them all); the demo project's Nova and Neutron quotas are
lifted first. Servers are created in multi-create batches (one API call per batch),
then polled until every one is ACTIVE.
"""
import os
import sys
import time

from labclient import Api, password_session, wait_for

PREFIX = 'skydeck-seed'
BATCH_SIZE = 25
TIMEOUT_SECONDS = 1800
POLL_SECONDS = 5


def list_seed_servers(compute, status=None):
    """Seed servers (id, name, links only: cheap even for hundreds)."""
    query = f'name=^{PREFIX}-&limit=1000' + (f'&status={status}' if status else '')
    servers, path = [], f'/servers?{query}'
    while path:
        page = compute.call('GET', path)
        servers += page['servers']
        following = [link['href'] for link in page.get('servers_links', [])
                     if link['rel'] == 'next']
        path = following[0].split('/v2.1', 1)[1] if following else None
    return servers


def lift_quotas(admin, project_id):
    Api(admin, 'compute').call('PUT', f'/os-quota-sets/{project_id}', {
        'quota_set': {'instances': -1, 'cores': -1, 'ram': -1}})
    Api(admin, 'network').call('PUT', f'/v2.0/quotas/{project_id}', {
        'quota': {'port': -1}})


def ensure_network(network):
    net = network.ensure('/v2.0/networks', 'network', {'name': PREFIX}, f'name={PREFIX}')
    network.ensure('/v2.0/subnets', 'subnet', {
        'name': PREFIX, 'network_id': net['id'], 'ip_version': 4,
        'cidr': '198.18.0.0/16'}, f"network_id={net['id']}")
    return net['id']


def main():
    wanted = int(sys.argv[1])
    env = os.environ
    admin = password_session(env['SKYDECK_OS_ADMIN_USER'], env['SKYDECK_OS_ADMIN_PASSWORD'],
                             env.get('SKYDECK_OS_ADMIN_PROJECT', 'admin'))
    demo = password_session(env['SKYDECK_OS_DEMO_USER'], env['SKYDECK_OS_DEMO_PASSWORD'],
                            env.get('SKYDECK_OS_DEMO_PROJECT', 'demo'))
    compute, network, image = Api(demo, 'compute'), Api(demo, 'network'), Api(demo, 'image')

    started = time.monotonic()
    lift_quotas(admin, demo.get_project_id())
    network_id = ensure_network(network)
    image_id = image.call('GET', '/v2/images?name=skydeck-tiny')['images'][0]['id']

    existing = list_seed_servers(compute)
    batch = int(time.time())
    missing = max(0, wanted - len(existing))
    extra = existing[wanted:]
    print(f'seed: {len(existing)} seed servers exist, creating {missing}, deleting {len(extra)}',
          flush=True)
    for server in extra:
        compute.call('DELETE', f"/servers/{server['id']}")
    while missing:
        size = min(BATCH_SIZE, missing)
        compute.call('POST', '/servers', {'server': {
            'name': f'{PREFIX}-{batch}', 'flavorRef': '1', 'imageRef': image_id,
            'networks': [{'uuid': network_id}], 'min_count': size, 'max_count': size}})
        missing -= size
        batch += 1
    print(f'seed: requests sent after {time.monotonic() - started:.0f}s', flush=True)

    last_report = [0.0]

    def settled():
        total = len(list_seed_servers(compute))
        active = len(list_seed_servers(compute, 'ACTIVE'))
        if time.monotonic() - last_report[0] > 15:
            print(f'seed: {active}/{total} ACTIVE after {time.monotonic() - started:.0f}s',
                  flush=True)
            last_report[0] = time.monotonic()
        if total > wanted:
            return False  # deletions still under way
        failed = list_seed_servers(compute, 'ERROR')
        if failed:
            fault = compute.call('GET', f"/servers/{failed[0]['id']}")['server'].get('fault', {})
            raise RuntimeError(f"{len(failed)} seed servers in ERROR, e.g. {failed[0]['id']}: "
                               f"{fault.get('message')}")
        return active == total == wanted

    try:
        wait_for(f'{wanted} seed servers ACTIVE', TIMEOUT_SECONDS, settled, POLL_SECONDS)
    except (RuntimeError, TimeoutError) as error:
        sys.exit(f'seed: {error}')
    took = time.monotonic() - started
    print(f'seed: {wanted} seed servers ACTIVE in {took:.0f}s', flush=True)


main()
