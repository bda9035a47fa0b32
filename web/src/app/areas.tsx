// The console's areas: where each lives, its navigation label, and who may open it. A page the signed-in role
// may not use is neither in the navigation nor reachable by URL (it answers "page not found", like the API's
// 404 for what a caller may not see). Each area's page is its own chunk, loaded when first opened.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Me } from '../session/session';

export interface Area {
  key: string;
  path: string;
  /** Key in the common namespace: nav.<key>. */
  labelKey: string;
  allowed(me: Me): boolean;
  page: LazyExoticComponent<ComponentType>;
}

const has = (me: Me, ...permissions: string[]) => permissions.every((p) => me.permissions.includes(p));
const any = (me: Me, ...permissions: string[]) => permissions.some((p) => me.permissions.includes(p));

export const AREAS: Area[] = [
  {
    key: 'counter',
    path: '/counter',
    labelKey: 'nav.counter',
    allowed: (me) => has(me, 'parcels:intake', 'identity:verify'),
    page: lazy(() => import('../areas/counter/CounterPage')),
  },
  {
    key: 'hub',
    path: '/hub',
    labelKey: 'nav.hub',
    allowed: (me) => has(me, 'scans:submit'),
    page: lazy(() => import('../areas/hub/HubPage')),
  },
  {
    key: 'parcels',
    path: '/parcels',
    labelKey: 'nav.parcels',
    allowed: (me) => has(me, 'parcels:read'),
    page: lazy(() => import('../areas/parcels/ParcelsPage')),
  },
  {
    key: 'site',
    path: '/site',
    labelKey: 'nav.site',
    allowed: (me) => has(me, 'reports:read', 'staff:read', 'machines:read'),
    page: lazy(() => import('../areas/site/SiteDayPage')),
  },
  {
    key: 'clues',
    path: '/clues',
    labelKey: 'nav.clues',
    allowed: (me) => has(me, 'clues:read'),
    page: lazy(() => import('../areas/security/CluesPage')),
  },
  {
    key: 'cases',
    path: '/cases',
    labelKey: 'nav.cases',
    allowed: (me) => has(me, 'cases:read'),
    page: lazy(() => import('../areas/cases/CasesPage')),
  },
  {
    key: 'case-reports',
    path: '/case-reports',
    labelKey: 'nav.caseReports',
    allowed: (me) => has(me, 'case-reports:read'),
    page: lazy(() => import('../areas/cases/ReportsPage')),
  },
  {
    key: 'case-figures',
    path: '/case-figures',
    labelKey: 'nav.caseFigures',
    allowed: (me) => has(me, 'cases:figures'),
    page: lazy(() => import('../areas/cases/FiguresPage')),
  },
  {
    key: 'holds',
    path: '/holds',
    labelKey: 'nav.holds',
    allowed: (me) => has(me, 'parcels:hold'),
    page: lazy(() => import('../areas/security/HoldsPage')),
  },
  {
    key: 'watchlist',
    path: '/watchlist',
    labelKey: 'nav.watchlist',
    allowed: (me) => has(me, 'watchlist:manage'),
    page: lazy(() => import('../areas/security/WatchlistPage')),
  },
  {
    key: 'risk-rules',
    path: '/risk-rules',
    labelKey: 'nav.riskRules',
    allowed: (me) => has(me, 'risk:read'),
    page: lazy(() => import('../areas/security/RiskRulesPage')),
  },
  {
    key: 'catalogue',
    path: '/catalogue',
    labelKey: 'nav.catalogue',
    allowed: (me) => has(me, 'catalogue:read', 'risk:read'),
    page: lazy(() => import('../areas/security/CataloguePage')),
  },
  {
    key: 'coverage',
    path: '/coverage',
    labelKey: 'nav.coverage',
    allowed: (me) => has(me, 'reports:read'),
    page: lazy(() => import('../areas/audit/CoveragePage')),
  },
  {
    key: 'attestations',
    path: '/attestations',
    labelKey: 'nav.attestations',
    allowed: (me) => has(me, 'reports:read'),
    page: lazy(() => import('../areas/audit/AttestationsPage')),
  },
  {
    key: 'audit',
    path: '/audit',
    labelKey: 'nav.audit',
    allowed: (me) => has(me, 'audit:read'),
    page: lazy(() => import('../areas/audit/AuditChainPage')),
  },
  {
    // Sealed: legal liaison only (an admin holds no requests:handle and does not see the area at all).
    key: 'requests',
    path: '/requests',
    labelKey: 'nav.requests',
    allowed: (me) => has(me, 'requests:handle'),
    page: lazy(() => import('../areas/requests/RequestsPage')),
  },
  {
    key: 'admin',
    path: '/admin',
    labelKey: 'nav.admin',
    allowed: (me) => any(me, 'sites:manage', 'staff:manage', 'apikeys:manage'),
    page: lazy(() => import('../areas/admin/AdminPage')),
  },
  {
    key: 'training',
    path: '/training',
    labelKey: 'nav.training',
    allowed: (me) => has(me, 'training:take'),
    page: lazy(() => import('../areas/training/TrainingPage')),
  },
  {
    key: 'me',
    path: '/me',
    labelKey: 'nav.me',
    allowed: () => true,
    page: lazy(() => import('../areas/me/MePage')),
  },
];

/** Where each role starts its day; someone with several roles starts at the first role's place. */
const ROLE_HOME: Record<string, string> = {
  courier: 'counter',
  screener: 'hub',
  'station-manager': 'site',
  'security-officer': 'clues',
  'legal-liaison': 'requests',
  auditor: 'coverage',
  admin: 'admin',
};

export function homePath(me: Me): string {
  for (const role of me.roles) {
    const area = AREAS.find((candidate) => candidate.key === ROLE_HOME[role]);
    if (area?.allowed(me)) return area.path;
  }
  return AREAS.find((area) => area.allowed(me))?.path ?? '/me';
}
