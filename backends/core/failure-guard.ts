import { SkydeckFailure } from '../../common/errors/skydeck-error';

/**
 * Providers throw nothing but SkydeckFailure. These wrap a provider's work so that an
 * abort reason, a timeout or a plain bug below still leaves as one, named after the driver.
 */
export function asFailure(error: unknown, driver: string): SkydeckFailure {
  if (error instanceof SkydeckFailure) return error;
  if (error instanceof Error && error.name === 'TimeoutError') return new SkydeckFailure('timeout', 'The operation timed out.');
  if (error instanceof Error && error.name === 'AbortError') return new SkydeckFailure('cancelled', 'The operation was cancelled.');
  return new SkydeckFailure(
    'internal',
    `Unexpected error in the ${driver} driver: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}

export async function guard<T>(work: Promise<T>, driver: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw asFailure(error, driver);
  }
}

export async function* guardStream<T>(stream: AsyncIterable<T>, driver: string): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (error) {
    throw asFailure(error, driver);
  }
}
