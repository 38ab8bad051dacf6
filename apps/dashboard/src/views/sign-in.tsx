import { useState } from 'react';
import { request } from '../api';
import { ROLE_NAMES, type Session, sessionOf } from '../auth';
import { devTokens } from '../schemas';
import { DEFAULT_REGION_CODE } from '../config';
import { hrefOf } from '../routes';
import { useResource } from '../use-resource';

/**
 * Development: pick a role and take its token from `GET /api/dev/tokens`, which the host
 * serves only outside production. Production: paste a token issued by the operator.
 */
export function SignIn({ onSignedIn, expired }: {
  onSignedIn: (session: Session) => void;
  /** The session ran out (or the API refused the token): say so before asking again. */
  expired?: boolean;
}) {
  const tokens = useResource('dev-tokens', () => request('/api/dev/tokens', devTokens));
  const [pasted, setPasted] = useState('');
  const [problem, setProblem] = useState<string>();
  const use = (token: string) => {
    const session = sessionOf(token);
    if (!session) return setProblem('令牌无效或已过期');
    onSignedIn(session);
  };
  return (
    <section className="signin">
      <h1>登录</h1>
      {expired && (
        <p className="notice" role="alert" data-testid="session-expired">
          登录已过期，请重新登录；登录后将回到刚才的页面。
        </p>
      )}
      {tokens.data && tokens.data.items.length > 0 && (
        <div className="panel" data-testid="dev-roles">
          <h3>开发环境：选择角色</h3>
          <div className="role-buttons">
            {tokens.data.items.map((item) => {
              const session = sessionOf(item.token);
              const label = session ? ROLE_NAMES[session.role] : item.role;
              return (
                <button
                  type="button"
                  key={item.sub}
                  data-testid={`dev-role-${item.role}`}
                  onClick={() => use(item.token)}
                >
                  {label}
                  <small>{item.regions.join(', ') || '全部区域'}</small>
                </button>
              );
            })}
          </div>
        </div>
      )}
      <form
        className="panel"
        onSubmit={(event) => {
          event.preventDefault();
          use(pasted);
        }}
      >
        <h3>粘贴访问令牌</h3>
        <textarea
          aria-label="访问令牌"
          rows={4}
          value={pasted}
          onChange={(event) => setPasted(event.target.value)}
          placeholder="eyJhbGciOiJIUzI1NiIs..."
        />
        <button type="submit">登录</button>
        {problem && <p className="error">{problem}</p>}
      </form>
      <p className="muted">
        无需登录即可查看
        <a href={hrefOf({ name: 'publicRegion', code: DEFAULT_REGION_CODE })}>公开公示</a>。
      </p>
    </section>
  );
}
