import type { ReactNode } from 'react';
import { ROLE_NAMES, type Session } from '../auth';
import { useRegionNames } from '../region-names';
import { hrefOf, regionChain, type Route } from '../routes';

type MenuItem = readonly [string, Route];

/** What each role works with first; auditors and administrators see everything. */
function menuOf(session: Session, home: string): MenuItem[] {
  const region: MenuItem = ['区域总览', { name: 'region', code: home }];
  const funds: MenuItem = ['资金', { name: 'funds', filter: {} }];
  const projects: MenuItem = ['项目', { name: 'projects', filter: {} }];
  const households: MenuItem = ['农户', { name: 'households' }];
  const idle: MenuItem = ['闲置资金', { name: 'idle', code: home }];
  const alerts: MenuItem = ['预警', { name: 'alerts', status: 'open' }];
  switch (session.role) {
    case 'finance':
      return [region, funds, idle, alerts];
    case 'registrar':
      return [region, households, alerts];
    case 'project_manager':
      return [region, projects, alerts];
    case 'auditor':
    case 'admin':
      return [region, funds, projects, households, idle, alerts];
    default: {
      const unknownRole: never = session.role;
      throw new Error(`no menu for ${String(unknownRole)}`);
    }
  }
}

export function Layout(props: {
  session: Session | undefined;
  homeRegion: string;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const { session } = props;
  const menu: MenuItem[] = [
    ...(session ? menuOf(session, props.homeRegion) : []),
    ['公开公示', { name: 'publicRegion', code: props.homeRegion }],
  ];
  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href={hrefOf({ name: 'home' })}>
          阳光扶贫 · 资金监管
        </a>
        <nav className="menu" aria-label="主菜单">
          {menu.map(([label, route]) => (
            <a key={label} href={hrefOf(route)}>{label}</a>
          ))}
        </nav>
        <div className="who">
          {session ? (
            <>
              <span data-testid="session-role">
                {ROLE_NAMES[session.role]}（{session.sub}）
              </span>
              <button type="button" onClick={props.onSignOut}>
                退出
              </button>
            </>
          ) : (
            <a href={hrefOf({ name: 'signin' })}>登录</a>
          )}
        </div>
      </header>
      <main>{props.children}</main>
    </div>
  );
}

/** The county, town and village above a region, as links named "涟水县 320826". */
export function Breadcrumbs({ code, link, tail }: {
  code: string;
  link: (code: string) => string;
  /** A last crumb below the region: a fund, project or household. */
  tail?: string;
}) {
  const chain = regionChain(code);
  const names = useRegionNames(chain);
  const label = (prefix: string) => {
    const name = names.get(prefix);
    return name ? `${name} ${prefix}` : prefix;
  };
  return (
    <nav className="crumbs" aria-label="区域层级" data-testid="crumbs">
      {chain.map((prefix) =>
        prefix === code && !tail ? (
          <span key={prefix} aria-current="page">{label(prefix)}</span>
        ) : (
          <a key={prefix} href={link(prefix)}>{label(prefix)}</a>
        ),
      )}
      {tail && <span aria-current="page">{tail}</span>}
    </nav>
  );
}
