import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../../common/model/operations';
import { fixtureContents } from '../fixtures/fixtures';
import { parseXml } from '../soap/xml-reader';
import { taskInfoFrom } from './follow-task';

const started: TaskInfo = {
  id: 'task-1',
  action: 'power.start',
  target: 'vc1/vm/vm-60',
  state: 'queued',
  startedAt: '2026-11-29T00:00:00Z',
};

describe('task progress as Skydeck tasks', () => {
  it("turns vcsim's failed task into a sentence instead of a Go type name", async () => {
    const [task] = await fixtureContents('vcsim-task-error.xml');
    const info = taskInfoFrom(started, task?.props.get('info'));
    expect(info).toMatchObject({ state: 'failed', endedAt: expect.stringMatching(/^2026-/) });
    expect(info.message).toBe('the VM is poweredOn, which does not allow this operation');
  });

  it('reports progress while running and the result when done', () => {
    const running = taskInfoFrom(
      started,
      parseXml('<info><state>running</state><progress>42</progress><startTime>2026-11-29T00:00:01Z</startTime></info>'),
    );
    expect(running).toMatchObject({ state: 'running', progress: 42, startedAt: '2026-11-29T00:00:01Z' });
    const done = taskInfoFrom(
      running,
      parseXml(
        '<info><state>success</state><result type="VirtualMachine">vm-99</result><completeTime>2026-11-29T00:00:09Z</completeTime></info>',
      ),
    );
    expect(done).toMatchObject({
      state: 'succeeded',
      progress: 100,
      message: 'done: VirtualMachine vm-99',
      endedAt: '2026-11-29T00:00:09Z',
    });
  });

  it('tells a cancelled task from a failed one', () => {
    const info = taskInfoFrom(
      started,
      parseXml(
        '<info><state>error</state><cancelled>true</cancelled><error><fault xsi:type="RequestCanceled"></fault><localizedMessage>canceled</localizedMessage></error></info>',
      ),
    );
    expect(info.state).toBe('cancelled');
  });
});
