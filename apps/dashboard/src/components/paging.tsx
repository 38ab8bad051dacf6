import { type ReactNode, useState } from 'react';

/** Rows shown at once in a long table; the rest are a click away. */
export const TABLE_PAGE_ROWS = 50;

/** Slices a long list into pages held on the client (lists the API answers whole). */
export function usePages<T>(items: T[], size: number = TABLE_PAGE_ROWS) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(page, pages - 1);
  return {
    rows: items.slice(current * size, (current + 1) * size),
    pager: pages > 1 ? (
      <Pager label={`第 ${current + 1} / ${pages} 页，共 ${items.length} 条`}
        previous={current > 0 ? () => setPage(current - 1) : undefined}
        next={current < pages - 1 ? () => setPage(current + 1) : undefined} />
    ) : null,
  };
}

export function Pager(props: { label: ReactNode; previous?: () => void; next?: () => void }) {
  return (
    <nav className="pager" aria-label="分页">
      <button type="button" disabled={!props.previous} onClick={props.previous}>上一页</button>
      <span>{props.label}</span>
      <button type="button" disabled={!props.next} onClick={props.next}>下一页</button>
    </nav>
  );
}

/** Paging of a list the API answers in pages: a cursor forward, the trail of cursors back. */
export function CursorPager(props: {
  cursor?: string;
  nextCursor?: string;
  go: (cursor: string | undefined) => void;
}) {
  if (!props.cursor && !props.nextCursor) return null;
  return (
    <Pager label={props.cursor ? '后续页' : '第 1 页'}
      previous={props.cursor ? () => window.history.back() : undefined}
      next={props.nextCursor ? () => props.go(props.nextCursor) : undefined} />
  );
}

/** A wide table scrolls sideways inside its own box on a phone, never the whole page. */
export function Scroll({ children, label }: { children: ReactNode; label: string }) {
  // Focusable so that a keyboard can scroll it too.
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
