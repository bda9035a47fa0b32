// The daily ratio of each gate as lines (ECharts, imported piece by piece so the chunk stays small). The
// canvas says nothing to a screen reader: its container is an image named by a text summary, and the page
// shows the same numbers as a table.
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { GATE_RATIOS, percent, type DayLine, type GateRatio } from './coverageData';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

// Dark enough to tell apart on white (WCAG non-text contrast), and told apart by symbol as well as colour.
const COLOURS: Record<GateRatio, string> = {
  realName: '#1f5fbf',
  inspection: '#237804',
  xrayBeforeDispatch: '#ad4e00',
};
const SYMBOLS: Record<GateRatio, string> = {
  realName: 'circle',
  inspection: 'rect',
  xrayBeforeDispatch: 'triangle',
};

export function CoverageChart({
  lines,
  names,
  summary,
}: {
  lines: readonly DayLine[];
  names: Record<GateRatio, string>;
  summary: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const chart = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      color: GATE_RATIOS.map((gate) => COLOURS[gate]),
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) => (typeof value === 'number' ? `${value}%` : '—'),
      },
      legend: { top: 0, textStyle: { color: '#262626' } },
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: lines.map((line) => line.day), axisLabel: { color: '#262626' } },
      yAxis: {
        type: 'value',
        min: (extent: { min: number }) => Math.max(0, Math.floor(Math.min(extent.min, 90) / 10) * 10),
        max: 100,
        axisLabel: { formatter: '{value}%', color: '#262626' },
      },
      series: GATE_RATIOS.map((gate) => ({
        name: names[gate],
        type: 'line',
        symbol: SYMBOLS[gate],
        symbolSize: 8,
        connectNulls: false,
        data: lines.map((line) => percent(line.ratios[gate])),
      })),
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [lines, names]);
  return <div ref={container} role="img" aria-label={summary} style={{ width: '100%', height: 320 }} />;
}
