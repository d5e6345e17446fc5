import { ApiError } from '../api/api-error';
import { CountedList, type Route } from '../api/router';
import { reachableNode, type SimEnv } from '../env';
import type { SimTask } from '../tasks';

/** A task as the task lists show it: a finished task's `status` is its exit status. */
export function taskRow(task: SimTask): Record<string, unknown> {
  const row: Record<string, unknown> = {
    upid: task.upid,
    node: task.node,
    pid: task.pid,
    pstart: task.pstart,
    starttime: task.starttime,
    type: task.type,
    id: task.id,
    user: task.user,
  };
  if (task.exitstatus !== undefined) {
    row.endtime = task.endtime;
    row.status = task.exitstatus;
  }
  return row;
}

function taskOn(env: SimEnv, path: Record<string, string>): SimTask {
  reachableNode(env, path.node as string);
  const task = env.tasks.get(path.upid as string);
  if (!task || task.node !== path.node) throw new ApiError(500, `unable to parse worker upid '${path.upid}'`);
  return task;
}

/** The owner sees their tasks; others need Sys.Audit on the node. */
const ownerOrAudit =
  (env: SimEnv) =>
  ({ path, principal }: { path: Record<string, string>; principal: { userid: string } }): [string, string] | undefined => {
    const task = env.tasks.get(path.upid as string);
    return task && task.user.split('!')[0] === principal.userid ? undefined : [`/nodes/${path.node}`, 'Sys.Audit'];
  };

export function taskRoutes(env: SimEnv): Route[] {
  return [
    {
      method: 'GET',
      path: '/nodes/{node}/tasks',
      params: {
        start: { kind: 'integer' },
        limit: { kind: 'integer' },
        vmid: { kind: 'integer' },
        typefilter: { kind: 'string' },
        userfilter: { kind: 'string' },
        errors: { kind: 'boolean' },
        source: { kind: 'string', values: ['archive', 'active', 'all'] },
        since: { kind: 'integer' },
        until: { kind: 'integer' },
        statusfilter: { kind: 'string' },
      },
      handle: ({ path, params }) => {
        reachableNode(env, path.node as string);
        const rows = env.tasks
          .recent(2000)
          .filter(
            (task) =>
              task.node === path.node &&
              (!params.vmid || task.id === params.vmid) &&
              (!params.typefilter || task.type === params.typefilter),
          );
        const start = Number(params.start ?? 0);
        return new CountedList(rows.slice(start, start + Number(params.limit ?? 50)).map(taskRow), rows.length);
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/tasks/{upid}/status',
      permission: ownerOrAudit(env),
      handle: ({ path }) => {
        const task = taskOn(env, path);
        const { status: _listStatus, endtime: _endtime, ...rest } = taskRow(task);
        return task.exitstatus === undefined ? { ...rest, status: 'running' } : { ...rest, status: 'stopped', exitstatus: task.exitstatus };
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/tasks/{upid}/log',
      params: { start: { kind: 'integer' }, limit: { kind: 'integer' }, download: { kind: 'boolean' } },
      permission: ownerOrAudit(env),
      handle: ({ path, params }) => {
        const task = taskOn(env, path);
        const start = Number(params.start ?? 0);
        const limit = Number(params.limit ?? 50);
        const lines = task.log.length > 0 ? task.log : ['no content'];
        return new CountedList(
          lines.slice(start, start + limit).map((t, index) => ({ n: start + index + 1, t })),
          lines.length,
        );
      },
    },
    {
      method: 'DELETE',
      path: '/nodes/{node}/tasks/{upid}',
      permission: ownerOrAudit(env),
      handle: ({ path }) => {
        const task = taskOn(env, path);
        env.tasks.end(task.upid, 'interrupted by signal');
        return null;
      },
    },
  ];
}
