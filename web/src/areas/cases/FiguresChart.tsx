// The clue → case → report funnel per month as grouped bars (ECharts, imported piece by piece and only in the
// figures page's chunk). The canvas says nothing to a screen reader: its container is an image named by a text
// summary, and the page shows the same numbers as a table.
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface FunnelMonth {
  month: string;
  clues: number;
  cases: number;
  reports: number;
}
const STAGES = ['clues', 'cases', 'reports'] as const;
// Dark enough on white (WCAG non-text contrast); the legend and the table beside the chart name each stage.
const COLOURS = ['#1f5fbf', '#ad4e00', '#237804'];

export function FunnelChart({
  months,
  names,
  summary,
}: {
  months: readonly FunnelMonth[];
  names: Record<(typeof STAGES)[number], string>;
  summary: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const chart = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      color: COLOURS,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: '#262626' } },
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: months.map((line) => line.month), axisLabel: { color: '#262626' } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#262626' } },
      series: STAGES.map((stage) => ({
        name: names[stage],
        type: 'bar',
        data: months.map((line) => line[stage]),
      })),
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [months, names]);
  return <div ref={container} role="img" aria-label={summary} style={{ width: '100%', height: 300 }} />;
}
