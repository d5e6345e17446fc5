import { describe, expect, it } from 'vitest';
import { negotiate, supportedRange } from './microversions';

describe('microversion negotiation', () => {
  it('reads the range from Nova, Cinder and Placement version documents', () => {
    expect(supportedRange({ version: { id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1' } }, 2)).toEqual({
      min: [2, 1],
      max: [2, 93],
    });
    expect(supportedRange({ versions: [{ id: 'v3.0', status: 'CURRENT', version: '3.70', min_version: '3.0' }] }, 3)).toEqual({
      min: [3, 0],
      max: [3, 70],
    });
    expect(supportedRange({ versions: [{ id: 'v1.0', max_version: '1.39', min_version: '1.0', status: 'CURRENT' }] }, 1)).toEqual({
      min: [1, 0],
      max: [1, 39],
    });
    expect(supportedRange({ version: { id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '' } }, 2)).toBeUndefined();
  });

  it('takes the newest version both sides speak, or none when the server is too new', () => {
    expect(negotiate({ min: [2, 1], max: [2, 93] }, [2, 90])).toEqual([2, 90]);
    expect(negotiate({ min: [2, 1], max: [2, 60] }, [2, 90])).toEqual([2, 60]);
    expect(negotiate({ min: [2, 95], max: [2, 100] }, [2, 90])).toBeUndefined();
  });
});
