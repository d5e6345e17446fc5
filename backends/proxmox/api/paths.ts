/** API paths built from names that came from the server (escaped, never trusted raw). */
const segment = encodeURIComponent;

export const apiPaths = {
  node: (node: string): string => `/nodes/${segment(node)}`,
  guest: (node: string, type: 'qemu' | 'lxc', vmid: string): string => `/nodes/${segment(node)}/${type}/${segment(vmid)}`,
  task: (node: string, upid: string): string => `/nodes/${segment(node)}/tasks/${segment(upid)}`,
  storage: (node: string, storage: string): string => `/nodes/${segment(node)}/storage/${segment(storage)}`,
};
