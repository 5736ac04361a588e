import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../server';

/** A decoded HTTP answer. */
export interface Answer {
  status: number;
  // Tests read arbitrary response fields.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

/** The fake token the tests authenticate with. */
export const TOKEN = 'dapi-test-token';

/** Calls the emulator like the provider does: bearer token, JSON body, query string for GET/DELETE. */
export async function call(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = TOKEN,
): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON (e.g. a direct download): keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Starts an emulator per test and closes it afterwards; returns a getter for the running instance. */
export function useEmulator(options: EmulatorOptions = {}): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, ...options });
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  return () => {
    if (!emulator) throw new Error('emulator not started');
    return emulator;
  };
}

/** Base64 of a UTF-8 string. */
export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
