import { createInitialState, type EmulatorState } from './state';

/**
 * The emulator's in-memory workspace: the state plus the identity of the calling user and a clock.
 * Handlers run synchronously against it, so one request's read-modify-write cannot interleave with another's.
 */
export class Store {
  /** Set by handlers that changed the state; the server persists and clears it. */
  dirty = false;

  /** The emulator's base URL (e.g. `http://127.0.0.1:40123`), set once it listens; used in UI links. */
  baseUrl = '';

  /**
   * Whether permissions, secret ACLs, run_as, single_user_name and job notification destinations must name
   * principals and destinations the workspace has (the default; `--no-strict-principals` accepts any name).
   */
  strictPrincipals = true;

  /**
   * Whether the caller is a user or a service principal. For a service principal, `userName` is its application
   * id (what SCIM Me answers as `userName`, and what `creator_user_name` shows), and the grants a workspace gives
   * the creator of an object name it as `service_principal_name`.
   */
  callerKind: 'user' | 'servicePrincipal' = 'user';

  constructor(
    /** The principal every request acts as (SCIM Me `userName`: a user name, or an application id). */
    readonly userName: string,
    /** The state; replaced wholesale on reset. */
    public state: EmulatorState = createInitialState(userName, Date.now()),
    // Read Date.now at each call, so a test that fakes Date moves the workspace clock too.
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /** The permissions field that names the caller: `user_name`, or `service_principal_name`. */
  get callerField(): 'user_name' | 'service_principal_name' {
    return this.callerKind === 'servicePrincipal' ? 'service_principal_name' : 'user_name';
  }

  /** Milliseconds since the epoch. */
  now(): number {
    return this.clock();
  }

  /** Records that the state changed and must be persisted. */
  touch(): void {
    this.dirty = true;
  }

  /** Replaces the state with a fresh workspace. */
  reset(): void {
    this.state = createInitialState(this.userName, this.now());
    this.touch();
  }
}
