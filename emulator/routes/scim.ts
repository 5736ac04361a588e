import { createHash } from 'node:crypto';
import type { Route } from '../router';

/** A stable numeric SCIM id for a user name. */
export function userId(userName: string): string {
  const digest = createHash('sha256').update(userName).digest();
  return String(1_000_000_000_000_000n + (digest.readBigUInt64BE(0) % 8_000_000_000_000_000n));
}

/** SCIM Me (`/api/2.0/preview/scim/v2/Me`): the fixed user every request acts as. */
export const scimRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'preview/scim/v2/Me',
    handler: (_request, store) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: userId(store.userName),
      userName: store.userName,
      displayName: store.userName.split('@')[0],
      active: true,
      emails: [{ value: store.userName, type: 'work', primary: true }],
    }),
  },
];
