import { describe, expect, it } from 'vitest';
import { errorMessageOf, serviceFailure } from './errors';

describe('service errors', () => {
  it('finds the message in each service’s error body', () => {
    expect(errorMessageOf('{"itemNotFound": {"code": 404, "message": "Instance x could not be found."}}')).toBe(
      'Instance x could not be found.',
    );
    expect(errorMessageOf('{"NeutronError": {"type": "NetworkNotFound", "message": "Network y could not be found.", "detail": ""}}')).toBe(
      'Network y could not be found.',
    );
    expect(
      errorMessageOf('{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}'),
    ).toMatch(/requires authentication/);
    expect(
      errorMessageOf(
        '{"errors": [{"status": 403, "title": "Forbidden", "detail": "Policy does not allow placement:resource_providers:list"}]}',
      ),
    ).toMatch(/^Policy/);
    expect(errorMessageOf('<html><body><h1>404 Not Found</h1>No image found with ID z</body></html>')).toBe(
      '404 Not Found No image found with ID z',
    );
  });

  it('maps statuses to codes a sysadmin can act on, naming the service and the call', () => {
    const conflict = serviceFailure(
      'compute',
      409,
      'POST',
      '/servers/x/action',
      '{"conflictingRequest": {"code": 409, "message": "Cannot \'stop\' instance x while it is in vm_state stopped"}}',
    );
    expect(conflict.code).toBe('conflict');
    expect(conflict.message).toBe(
      "Nova refused POST /servers/x/action (HTTP 409): Cannot 'stop' instance x while it is in vm_state stopped",
    );
    expect(serviceFailure('placement', 403, 'GET', '/resource_providers', '').code).toBe('forbidden');
    expect(serviceFailure('network', 503, 'GET', '/v2.0/ports', 'busy')).toMatchObject({ code: 'server-error', retryable: true });
    expect(serviceFailure('image', 429, 'GET', '/v2/images', '')).toMatchObject({ code: 'server-error', retryable: true });
  });
});
