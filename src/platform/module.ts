import type { FastifyInstance } from 'fastify';
import type { VNode } from 'preact';
import type { AppContext } from './context.js';
import type { Migration } from './db/migrate.js';
import type { Actor } from './db/tenant.js';
import type { Tenant } from './db/types.js';
import type { T } from './i18n/index.js';

export interface NavItem {
  href: string;
  label: string;
}

export type JobHandler = (
  ctx: AppContext,
  job: { tenantId: string | null; payload: Record<string, unknown> },
) => Promise<void>;

/** Work that recurs daily at a local hour, e.g. the audit rendering or notice-board expiry. */
export interface DailySchedule {
  job: string;
  /** Hour of day (0–23) in Europe/Prague when it should run. */
  hour: number;
}

/** A box on the staff dashboard a module may contribute (e.g. "3 documents waiting for you"). */
export interface DashboardWidget {
  title: string;
  body: VNode | string;
  href?: string;
}

/** Widgets for this actor; a hook that throws is logged and left out of the page. */
export type DashboardHook = (
  ctx: AppContext,
  actor: Actor,
  t: T,
) => Promise<DashboardWidget[]> | DashboardWidget[];

/** A network service a module runs beside the HTTP server (e.g. the SMTP intake). */
export interface Listener {
  name: string;
  address: string;
  close(): Promise<void>;
}

export interface ListenerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * What every module (and every kernel area with pages) hands to the app: its tables, routes,
 * menu entries, background work and demo data. The composition root lists them in order.
 */
export interface ModuleDef {
  name: string;
  migrations?: Migration[];
  routes?: (app: FastifyInstance, ctx: AppContext) => Promise<void> | void;
  /** Staff menu entries this actor may use. */
  nav?: (actor: Actor, t: T) => NavItem[];
  /** Boxes on the staff dashboard. */
  dashboard?: DashboardHook;
  /** Links on a tenant's public portal home. */
  portalLinks?: (tenant: Tenant, t: T) => NavItem[];
  jobs?: Record<string, JobHandler>;
  daily?: DailySchedule[];
  /**
   * Network listeners started by `serve` after the HTTP server (only those the configuration
   * asks for); closed on shutdown.
   */
  listeners?: (ctx: AppContext, log: ListenerLog) => Promise<Listener[]>;
  /** Adds the module's part of the demo world; runs once, on an empty database. */
  seedDemo?: (ctx: AppContext) => Promise<void>;
}
