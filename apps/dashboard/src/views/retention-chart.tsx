import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { query, request } from '../api';
import { formatRate, monthEnds } from '../format';
import { ErrorNote } from '../components/figures';
import { Scroll } from '../components/paging';
import { regionSummary } from '../schemas';
import { useResource } from '../use-resource';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** Month ends shown in the as-of series: one summary call each. */
export const RETENTION_SERIES_MONTHS = 24;
/** Summary calls in flight at once while the series loads. */
const SERIES_CONCURRENCY_MAX = 4;

interface Point {
  asOf: string;
  /** Null before any money arrived: a rate of nothing is not 0 %, it is no rate at all. */
  retentionRate: number | null;
  stuckFundRate: number | null;
}

/**
 * Two lines told apart by more than colour: each colour has at least 3:1 contrast on
 * white (WCAG 1.4.11), and the lines differ in marker and dash too.
 */
export const SERIES_STYLES = [
  { name: '资金滞留率', color: '#b03a2e', symbol: 'circle', dash: 'solid' },
  { name: '趴窝资金率', color: '#1a5fb4', symbol: 'triangle', dash: 'dashed' },
] as const;

const rateText = (rate: number | null) => (rate === null ? '—（尚无资金）' : formatRate(rate));

async function loadSeries(code: string, asOf: string, signal: AbortSignal): Promise<Point[]> {
  const dates = monthEnds(asOf, RETENTION_SERIES_MONTHS);
  const points: Point[] = new Array(dates.length);
  let next = 0;
  const worker = async () => {
    while (next < dates.length && !signal.aborted) {
      const index = next;
      next += 1;
      const date = dates[index] as string;
      const path = `/api/ledger/regions/${code}/summary${query({ asOf: date })}`;
      const summary = await request(path, regionSummary);
      points[index] = {
        asOf: date,
        retentionRate: summary.receivedFen > 0 ? summary.retentionRate : null,
        stuckFundRate: summary.allocatedFen > 0 ? summary.stuckFundRate : null,
      };
    }
  };
  await Promise.all(Array.from({ length: SERIES_CONCURRENCY_MAX }, worker));
  if (signal.aborted) throw new Error('the series is no longer wanted');
  return points;
}

/** Retention and stuck-fund rates at each month end: how fast money reaches its use. */
export function RetentionChart({ code, asOf }: { code: string; asOf: string }) {
  const series = useResource(`series:${code}:${asOf}`, (signal) => loadSeries(code, asOf, signal));
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current || !series.data) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'svg' });
    const points = series.data;
    chart.setOption({
      animation: false,
      grid: { left: 56, right: 16, top: 40, bottom: 32 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) => (value == null ? '—' : formatRate(Number(value))),
      },
      legend: { top: 0, data: SERIES_STYLES.map((style) => style.name) },
      xAxis: {
        type: 'category',
        data: points.map((p) => p.asOf.slice(0, 7)),
        axisLabel: { color: '#1f2933' },
      },
      yAxis: {
        type: 'value',
        axisLabel: { color: '#1f2933', formatter: (value: number) => formatRate(value) },
      },
      series: SERIES_STYLES.map((style, index) => ({
        name: style.name,
        type: 'line',
        // Months with no rate stay gaps instead of being drawn as 0 %.
        connectNulls: false,
        symbol: style.symbol,
        symbolSize: 7,
        showAllSymbol: true,
        itemStyle: { color: style.color },
        lineStyle: { color: style.color, width: 2, type: style.dash },
        data: points.map((p) => (index === 0 ? p.retentionRate : p.stuckFundRate)),
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [series.data]);
  const points = series.data ?? [];
  const last = points[points.length - 1];
  const description = last
    ? `${points[0]?.asOf.slice(0, 7)} 至 ${last.asOf.slice(0, 7)} 各月末的资金滞留率与趴窝资金率；` +
      `最近一期滞留率 ${rateText(last.retentionRate)}，趴窝率 ${rateText(last.stuckFundRate)}。` +
      '逐月数值见下方数据表。'
    : '资金滞留率走势';
  return (
    <section className="panel">
      <h3 id="retention-chart-title">资金滞留率走势（各月末）</h3>
      {series.error && <ErrorNote error={series.error} onRetry={series.reload} />}
      {series.loading && <p className="muted">加载中…</p>}
      <div ref={element} className="chart" data-testid="retention-chart" role="img"
        aria-labelledby="retention-chart-title" aria-describedby="retention-chart-description" />
      <p id="retention-chart-description" className="visually-hidden">{description}</p>
      {series.data && (
        <details className="chart-data">
          <summary>数据表</summary>
          <Scroll label="资金滞留率数据表">
            <table className="grid" data-testid="retention-table">
              <caption className="visually-hidden">各月末资金滞留率与趴窝资金率</caption>
              <thead>
                <tr><th>月末</th><th className="num">资金滞留率</th><th className="num">趴窝资金率</th></tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.asOf}>
                    <td>{p.asOf}</td>
                    <td className="num">{rateText(p.retentionRate)}</td>
                    <td className="num">{rateText(p.stuckFundRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        </details>
      )}
    </section>
  );
}
