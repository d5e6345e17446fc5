import { getContext, setContext } from 'svelte';
import type { AppState } from './app.svelte';

const key = Symbol('skydeck-app');

export const provideApp = (app: AppState): AppState => setContext(key, app);
export const useApp = (): AppState => getContext<AppState>(key);
