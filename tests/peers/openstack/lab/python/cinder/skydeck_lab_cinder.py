"""Cinder volume driver for the lab: the fake logging driver, completed.

cinder.tests.fake_driver.FakeLoggingVolumeDriver stores nothing, but inherits LVM
code for extend, image copies and revert that calls a fake LVM object lacking those
methods. Here they are no-ops, and a volume uploaded to an image sends a few bytes
so the image becomes active.
"""
import io

from cinder.tests import fake_driver

UPLOADED_VOLUME_CONTENT = b'skydeck lab: contents of a fake volume\n'


class SkydeckLabVolumeDriver(fake_driver.FakeLoggingVolumeDriver):

    def extend_volume(self, volume, new_size):
        pass

    def copy_image_to_volume(self, context, volume, image_service, image_id):
        pass

    def copy_volume_to_image(self, context, volume, image_service, image_meta):
        image_service.update(context, image_meta['id'], {},
                             io.BytesIO(UPLOADED_VOLUME_CONTENT),
                             purge_props=False)

    def revert_to_snapshot(self, context, volume, snapshot):
        pass
