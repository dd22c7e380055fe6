/**
 * Who may do what with FOI requests (žádosti o informace), as one table. Services call
 * `foiPolicy.require(...)`; pages use `can(...)` only to decide what to show. Submitting a
 * request needs no account (the public form), so it has no rule here.
 */
import { definePolicy, hasRole } from '../../../platform/identity/index.js';

export const foiPolicy = definePolicy({
  /** Read requests, their deadlines and history; the handler's lists. */
  'foi.read': hasRole('handler', 'head'),
  /** Take in a request from e-mail or paper and move it through its states. */
  'foi.handle': hasRole('handler', 'head'),
  /** Enter the annual report's figures (court cases, licences) and publish the report. */
  'foi.report': hasRole('head', 'tenant_admin'),
});

export type FoiPermission = keyof typeof foiPolicy.rules;
