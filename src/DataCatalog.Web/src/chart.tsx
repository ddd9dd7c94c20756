import { useEffect, useRef } from 'react';
import type { ECharts, EChartsCoreOption } from 'echarts/core';

// ECharts is loaded after the page's text and tables are on screen: it is most of the bundle.
const loading = import('./echarts-setup');

export function Chart({ option, label, height = 260, testId }: { option: EChartsCoreOption; label: string; height?: number; testId?: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;
  useEffect(() => {
    let live = true;
    let observer: ResizeObserver | null = null;
    loading.then(({ echarts }) => {
      if (!live || !element.current) return;
      chart.current = echarts.init(element.current);
      draw(chart.current, element.current, latest.current);
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(element.current);
    });
    return () => {
      live = false;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    if (chart.current && element.current) draw(chart.current, element.current, option);
  }, [option]);
  return <div className="chart" ref={element} role="img" aria-label={label} style={{ height }} data-testid={testId} />;
}

// The drawn series' names go on the element: a canvas is opaque to tests and to anyone inspecting the page.
function draw(chart: ECharts, element: HTMLDivElement, option: EChartsCoreOption) {
  chart.setOption(option, true);
  const series = (chart.getOption() as { series?: { name?: string }[] }).series ?? [];
  element.dataset.series = JSON.stringify(series.map((s) => s.name ?? ''));
}
