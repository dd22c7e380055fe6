/**
 * The public portal module (issue 5): the official notice board (noticeboard/), public
 * information pages (info/) and FOI requests (foi/). Each part is a ModuleDef of its own; this
 * file only composes them into one, so the composition root registers a single `portalModule`.
 */
import type { ModuleDef } from '../../platform/module.js';
import { foiModule as foi } from './foi/index.js';
import { infoModule as info } from './info/index.js';
import { noticeboardModule as nb } from './noticeboard/index.js';

export { type NoticeInput, type NoticeView, type PostNoticeInput, postNotice } from './noticeboard/index.js';

export const portalModule: ModuleDef = {
  name: 'portal',
  migrations: [...(nb.migrations ?? []), ...(foi.migrations ?? []), ...(info.migrations ?? [])],
  async routes(app, ctx) {
    await nb.routes?.(app, ctx);
    await foi.routes?.(app, ctx);
    await info.routes?.(app, ctx);
  },
  nav: (actor, t) => [
    ...(nb.nav?.(actor, t) ?? []),
    ...(foi.nav?.(actor, t) ?? []),
    ...(info.nav?.(actor, t) ?? []),
  ],
  portalLinks: (tenant, t) => [
    ...(nb.portalLinks?.(tenant, t) ?? []),
    ...(foi.portalLinks?.(tenant, t) ?? []),
    ...(info.portalLinks?.(tenant, t) ?? []),
  ],
  jobs: { ...nb.jobs },
  daily: [...(nb.daily ?? [])],
  async seedDemo(ctx) {
    await nb.seedDemo?.(ctx);
    await foi.seedDemo?.(ctx);
    await info.seedDemo?.(ctx);
  },
};
