/** How big a simulated vCenter is. The demo lab and the 40,000-VM benchmark come from the same generator. */
export interface LabSize {
  datacenters: number;
  clustersPerDatacenter: number;
  hostsPerCluster: number;
  standaloneHostsPerDatacenter: number;
  /** VMs in total, spread over clusters, pools, folders and datastores. */
  vms: number;
  templatesPerDatacenter: number;
  datastoresPerCluster: number;
  /** Storage pods per datacenter, two datastores each. */
  storagePodsPerDatacenter: number;
  /** Distributed portgroups per datacenter (one distributed switch each). */
  portgroupsPerDatacenter: number;
  /** Child resource pools per cluster (below its root pool). */
  poolsPerCluster: number;
  vappsPerCluster: number;
  /** VM folders (tenants) per datacenter. */
  foldersPerDatacenter: number;
  /** Every n-th VM gets a short snapshot chain (0: none). */
  snapshotEvery: number;
}

/** The demo lab: 1 datacenter, 2 clusters, 6 hosts, 40 VMs, templates, snapshots, a DVS. */
export const demoLab: LabSize = {
  datacenters: 1,
  clustersPerDatacenter: 2,
  hostsPerCluster: 3,
  standaloneHostsPerDatacenter: 0,
  vms: 40,
  templatesPerDatacenter: 2,
  datastoresPerCluster: 1,
  storagePodsPerDatacenter: 1,
  portgroupsPerDatacenter: 3,
  poolsPerCluster: 2,
  vappsPerCluster: 1,
  foldersPerDatacenter: 3,
  snapshotEvery: 7,
};

/** The benchmark lab: 4 datacenters × 5 clusters × 10 hosts, 40,000 VMs. */
export const benchmarkLab: LabSize = {
  datacenters: 4,
  clustersPerDatacenter: 5,
  hostsPerCluster: 10,
  standaloneHostsPerDatacenter: 1,
  vms: 40_000,
  templatesPerDatacenter: 3,
  datastoresPerCluster: 2,
  storagePodsPerDatacenter: 1,
  portgroupsPerDatacenter: 8,
  poolsPerCluster: 2,
  vappsPerCluster: 1,
  foldersPerDatacenter: 4,
  snapshotEvery: 25,
};

/** The name the lab always gives one VM, to prove that names are shown as text, never as HTML. */
export const hostileVmName = 'xss-test <img src=x onerror=alert(1)>';
