import type { ReactNode } from 'react';
import { ROLE_NAMES, type Session } from '../auth';
import { hrefOf } from '../routes';

export function Layout(props: {
  session: Session | undefined;
  homeRegion: string;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const { session } = props;
  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href={hrefOf({ name: 'home' })}>
          阳光扶贫 · 资金监管
        </a>
        <nav>
          {session && (
            <>
              <a href={hrefOf({ name: 'region', code: props.homeRegion })}>区域总览</a>
              <a href={hrefOf({ name: 'idle', code: props.homeRegion })}>闲置资金</a>
              <a href={hrefOf({ name: 'alerts', status: 'open' })}>预警信息</a>
            </>
          )}
          <a href={hrefOf({ name: 'publicRegion', code: props.homeRegion })}>公开公示</a>
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

/** Region codes from the county down to the current one, as links. */
export function Breadcrumbs({ code, link }: { code: string; link: (code: string) => string }) {
  const levels = [6, 9, 12].filter((length) => length <= code.length);
  return (
    <nav className="crumbs" aria-label="区域层级">
      {levels.map((length) => {
        const prefix = code.slice(0, length);
        return prefix === code ? (
          <span key={prefix}>{prefix}</span>
        ) : (
          <a key={prefix} href={link(prefix)}>
            {prefix}
          </a>
        );
      })}
    </nav>
  );
}
