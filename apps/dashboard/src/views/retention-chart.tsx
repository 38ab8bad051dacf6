import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { query, request } from '../api';
import { formatRate, monthEnds } from '../format';
import { regionSummary } from '../schemas';
import { useResource } from '../use-resource';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** Month ends shown in the as-of series: one summary call each. */
export const RETENTION_SERIES_MONTHS = 24;
/** Summary calls in flight at once while the series loads. */
const SERIES_CONCURRENCY_MAX = 4;

interface Point {
  asOf: string;
  retentionRate: number;
  stuckFundRate: number;
}

async function loadSeries(code: string, asOf: string): Promise<Point[]> {
  const dates = monthEnds(asOf, RETENTION_SERIES_MONTHS);
  const points: Point[] = new Array(dates.length);
  let next = 0;
  const worker = async () => {
    while (next < dates.length) {
      const index = next;
      next += 1;
      const date = dates[index] as string;
      const path = `/api/ledger/regions/${code}/summary${query({ asOf: date })}`;
      const summary = await request(path, regionSummary);
      points[index] = {
        asOf: date,
        retentionRate: summary.retentionRate,
        stuckFundRate: summary.stuckFundRate,
      };
    }
  };
  await Promise.all(Array.from({ length: SERIES_CONCURRENCY_MAX }, worker));
  return points;
}

/** Retention and stuck-fund rates at each month end: how fast money reaches its use. */
export function RetentionChart({ code, asOf }: { code: string; asOf: string }) {
  const series = useResource(`series:${code}:${asOf}`, () => loadSeries(code, asOf));
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current || !series.data) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'svg' });
    const points = series.data;
    chart.setOption({
      animation: false,
      grid: { left: 56, right: 24, top: 40, bottom: 32 },
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => formatRate(Number(value)) },
      legend: { top: 0, data: ['资金滞留率', '趴窝资金率'] },
      xAxis: { type: 'category', data: points.map((p) => p.asOf.slice(0, 7)) },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatRate(value) } },
      series: [
        { name: '资金滞留率', type: 'line', data: points.map((p) => p.retentionRate) },
        { name: '趴窝资金率', type: 'line', data: points.map((p) => p.stuckFundRate) },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [series.data]);
  return (
    <section className="panel">
      <h3>资金滞留率走势（各月末）</h3>
      {series.error && <p className="error">出错了：{series.error}</p>}
      {series.loading && <p className="muted">加载中…</p>}
      <div ref={element} className="chart" data-testid="retention-chart" />
    </section>
  );
}
