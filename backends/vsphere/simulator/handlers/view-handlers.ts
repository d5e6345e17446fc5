import type { MoRef } from '../../soap/xml-node';
import { childrenNamed } from '../../soap/xml-node';
import { isA } from '../model/entities';
import type { SimSession, SimState } from '../sim-state';
import { argRef, argText, notFound, returnRef, type Handler } from './call-context';

type View = SimSession['views'] extends Map<string, infer V> ? V : never;

/** What a ContainerView shows right now: the container's (recursive) children of the view's types. */
export function viewContents(state: SimState, view: View): MoRef[] {
  const all = state.inventory.descendants(view.container, view.recursive);
  return view.types.length === 0 ? all : all.filter((ref) => view.types.some((type) => isA(ref.type, type)));
}

export const createContainerView: Handler = ({ state, session, request }) => {
  const container = argRef(request.args, 'container');
  if (!container || !state.inventory.get(container)) throw notFound(container ?? { type: 'Folder', value: '?' });
  const ref = state.sessionRef(session, 'ContainerView');
  session.views.set(ref.value, {
    ref,
    container,
    types: childrenNamed(request.args, 'type').map((n) => n.text),
    recursive: argText(request.args, 'recursive') === 'true',
  });
  return returnRef(ref);
};

export const destroyView: Handler = ({ session, request }) => {
  session.views.delete(request.target.value);
  return '';
};
