"""A small JSON client for the lab's APIs, on Debian's python3-keystoneauth1.

Shared by bootstrap.py, smoke.py and seed_servers.py. One keystoneauth session per
user: one token, reused for every call.
"""
import time

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

KEYSTONE = 'http://127.0.0.1:5000/v3'
REGION = 'RegionOne'
DEFAULT_DOMAIN = 'default'


def password_session(username, password, project):
    auth = v3.Password(auth_url=KEYSTONE, username=username, password=password,
                       project_name=project, user_domain_id=DEFAULT_DOMAIN,
                       project_domain_id=DEFAULT_DOMAIN)
    return ks_session.Session(auth=auth)


class Api:
    """JSON calls on one service of the catalog, or on Keystone when service_type is None."""

    def __init__(self, session, service_type=None, headers=None):
        self.session = session
        self.base = '' if service_type else KEYSTONE
        self.headers = headers or {}
        self.filter = {'service_type': service_type, 'interface': 'public',
                       'region_name': REGION} if service_type else None

    def call(self, method, path, body=None, **kwargs):
        response = self.session.request(
            self.base + path, method, json=body,
            headers={**self.headers, **kwargs.pop('headers', {})},
            endpoint_filter=self.filter, **kwargs)
        return response.json() if response.content else None

    def ensure(self, path, key, wanted, query):
        """Returns the first `key` object at `path` matching `query`, else creates `wanted`."""
        found = self.call('GET', f'{path}?{query}')[key + 's']
        if found:
            return found[0]
        return self.call('POST', path, {key: wanted})[key]


def wait_for(what, timeout_seconds, probe, interval_seconds=1.0):
    """Calls probe() until it returns something truthy, and returns that.

    probe may raise to fail at once (e.g. on a server in ERROR).
    """
    started = time.monotonic()
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() - started > timeout_seconds:
            raise TimeoutError(f'{what}: not done after {timeout_seconds:.0f}s')
        time.sleep(interval_seconds)
