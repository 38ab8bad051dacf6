import { hrefOf } from '../routes';

/** An address that names no page, or a region or record that does not exist. */
export function NotFoundView({ what }: { what?: string }) {
  return (
    <section data-testid="not-found">
      <h1>404 · 未找到</h1>
      <p>{what ?? '该页面不存在'}，请核对地址或代码。</p>
      <p>
        <a href={hrefOf({ name: 'home' })}>返回首页</a>
      </p>
    </section>
  );
}
