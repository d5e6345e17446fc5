/** Names a real homelab or small company cluster would use. */
export const vmRoles = [
  'web',
  'db',
  'app',
  'cache',
  'mq',
  'lb',
  'mail',
  'git',
  'ci',
  'mon',
  'log',
  'backup',
  'vpn',
  'k8s-master',
  'k8s-worker',
  'files',
  'auth',
  'api',
] as const;
export const containerRoles = ['dns', 'proxy', 'ntp', 'redis', 'nginx', 'pihole', 'grafana', 'syslog', 'mqtt', 'unifi'] as const;

export const templates = [
  { name: 'tpl-debian-12', ostype: 'l26' },
  { name: 'tpl-ubuntu-2404', ostype: 'l26' },
  { name: 'tpl-rocky-9', ostype: 'l26' },
  { name: 'tpl-win2022', ostype: 'win11' },
] as const;

export const vmOsTypes = ['l26', 'l26', 'l26', 'win11', 'l26', 'other'] as const;
export const containerOsTypes = ['debian', 'ubuntu', 'alpine', 'debian'] as const;

export const snapshotNames = ['pre-upgrade', 'before-kernel-6-8', 'weekly', 'known-good', 'after-install'] as const;

export const cpuModels = [
  'AMD EPYC 7313P 16-Core Processor',
  'Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz',
  'AMD Ryzen 9 7950X 16-Core Processor',
] as const;

/** A guest whose notes carry markup: the UI must show it as text, never render it. */
export const hostileNotes = 'Legacy box. <img src=x onerror=alert(1)> <script>alert("xss")</script> & "quotes"';

export const twoDigits = (n: number): string => String(n).padStart(2, '0');
