import { SkydeckFailure } from '../../common/errors/skydeck-error';
import { parseObjectId, type ObjectKind } from '../../common/model/inventory';

/**
 * What following a task needs beyond its action and target, packed in TaskInfo.id so a task
 * can be followed by any provider instance: Nova's request id (its instance action), and the
 * image a snapshot is being written to.
 */
export interface TaskRef {
  requestId?: string;
  imageId?: string;
}

export function encodeTaskRef(ref: TaskRef): string {
  const id = ref.requestId ?? 'no-request-id';
  return ref.imageId ? `${id}#image=${ref.imageId}` : id;
}

export function decodeTaskRef(id: string): TaskRef {
  const [requestPart = '', extra] = id.split('#');
  const ref: TaskRef = {};
  if (requestPart && requestPart !== 'no-request-id') ref.requestId = requestPart;
  const image = extra?.startsWith('image=') ? extra.slice('image='.length) : undefined;
  if (image) ref.imageId = image;
  return ref;
}

/** The native id of a target of the expected kind, or a clear failure. */
export function nativeTarget(target: string, kinds: readonly ObjectKind[], action: string): { kind: ObjectKind; nativeId: string } {
  const parsed = parseObjectId(target);
  if (!parsed || !kinds.includes(parsed.kind)) {
    throw new SkydeckFailure('invalid-input', `${action} applies to ${kinds.join(' or ')} objects; ${target} is not one.`);
  }
  return { kind: parsed.kind, nativeId: parsed.nativeId };
}
