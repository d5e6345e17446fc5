import type { PlatformKind } from '../../common/model/platform';

export type TabContent =
  | { view: 'home' }
  | { view: 'new-connection'; kind: PlatformKind }
  | { view: 'connection'; connectionId: string }
  | { view: 'inventory' }
  | { view: 'changes' };

export interface Tab {
  id: string;
  title: string;
  content: TabContent;
  closable: boolean;
}

const home: Tab = { id: 'home', title: 'Overview', content: { view: 'home' }, closable: false };

/** The main area's tabs. Opening a tab that is already open focuses it. */
export class TabsState {
  tabs = $state.raw<Tab[]>([home]);
  activeId = $state('home');

  get active(): Tab {
    return this.tabs.find((t) => t.id === this.activeId) ?? home;
  }

  open(tab: Omit<Tab, 'closable'>): void {
    if (!this.tabs.some((t) => t.id === tab.id)) this.tabs = [...this.tabs, { ...tab, closable: true }];
    this.activeId = tab.id;
  }

  close(id: string): void {
    const index = this.tabs.findIndex((t) => t.id === id);
    if (index < 0 || !this.tabs[index]?.closable) return;
    this.tabs = this.tabs.filter((t) => t.id !== id);
    if (this.activeId === id) this.activeId = (this.tabs[index - 1] ?? home).id;
  }

  rename(id: string, title: string): void {
    this.tabs = this.tabs.map((t) => (t.id === id ? { ...t, title } : t));
  }
}
