/** A failed call as PVE answers it: the status, the reason phrase, and for 400 the per-parameter errors. */
export class ApiError extends Error {
  readonly status: number;
  readonly errors?: Record<string, string>;

  constructor(status: number, message: string, errors?: Record<string, string>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    if (errors) this.errors = errors;
  }
}

export const notFoundConfig = (node: string, type: 'qemu' | 'lxc', vmid: number | string): ApiError =>
  new ApiError(500, `Configuration file 'nodes/${node}/${type === 'qemu' ? 'qemu-server' : 'lxc'}/${vmid}.conf' does not exist`);
