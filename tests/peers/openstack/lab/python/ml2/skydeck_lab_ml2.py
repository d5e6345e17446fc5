"""ML2 mechanism driver that binds every port on any host.

The lab runs no L2 agent, so no real driver ever binds a port and Nova would fail
servers with binding_failed. This driver binds the first offered segment as an OVS
port and marks the port ACTIVE. start.sh installs it with an entry point in the
neutron.ml2.mechanism_drivers namespace, visible to neutron-server only.
"""
from neutron_lib import constants
from neutron_lib.api.definitions import portbindings
from neutron_lib.plugins.ml2 import api


class BindEveryPortDriver(api.MechanismDriver):

    def initialize(self):
        pass

    def bind_port(self, context):
        for segment in context.segments_to_bind:
            context.set_binding(
                segment[api.ID],
                portbindings.VIF_TYPE_OVS,
                {portbindings.CAP_PORT_FILTER: True,
                 portbindings.OVS_HYBRID_PLUG: False},
                status=constants.PORT_STATUS_ACTIVE)
            return
