import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestLab, type TestLab } from './test-lab';

describe('vSphere session', () => {
  let lab: TestLab;
  const vmRef = 'lab/vm/';

  beforeAll(async () => {
    lab = await startTestLab();
    await lab.provider.connect(AbortSignal.timeout(10_000));
  });
  afterAll(() => lab.close());

  const firstVm = async (): Promise<string> => {
    for await (const delta of lab.provider.inventory(AbortSignal.timeout(10_000))) {
      if (delta.op === 'upsert') {
        const vm = delta.objects.find((o) => o.kind === 'vm');
        if (vm) return vm.id;
      }
    }
    throw new Error('no VM');
  };

  it('logs in again, once, when the server forgot the session, and the call goes through', async () => {
    const vm = await firstVm();
    expect(vm.startsWith(vmRef)).toBe(true);
    const logins = lab.simulator.control.callCount('Login');
    lab.simulator.control.expireSessions();
    const results = await Promise.all(Array.from({ length: 5 }, () => lab.provider.console(vm, 'vmrc', AbortSignal.timeout(10_000))));
    expect(results.every((r) => r.kind === 'vmrc')).toBe(true);
    expect(lab.simulator.control.callCount('Login') - logins).toBe(1);
  });

  it('gives up with the server’s verdict when a call still fails after the re-login', async () => {
    const vm = await firstVm();
    lab.simulator.control.failNext('AcquireCloneTicket', 'NotAuthenticated', 2);
    await expect(lab.provider.console(vm, 'vmrc', AbortSignal.timeout(10_000))).rejects.toMatchObject({ code: 'token-expired' });
  });

  it('keeps an idle session alive', async () => {
    const provider = lab.newProvider({ keepAliveMs: 50 });
    await provider.connect(AbortSignal.timeout(10_000));
    const before = lab.simulator.control.callCount('CurrentTime');
    await vi.waitFor(() => expect(lab.simulator.control.callCount('CurrentTime')).toBeGreaterThan(before), {
      timeout: 5_000,
      interval: 50,
    });
    await provider.close();
  });

  it('logs out on close', async () => {
    const provider = lab.newProvider();
    await provider.connect(AbortSignal.timeout(10_000));
    const sessions = lab.simulator.control.sessionCount();
    await provider.close();
    expect(lab.simulator.control.sessionCount()).toBe(sessions - 1);
  });
});
