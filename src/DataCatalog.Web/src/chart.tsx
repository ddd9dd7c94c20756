import { useEffect, useRef } from 'react';
import type { ECharts, EChartsCoreOption } from 'echarts/core';

// ECharts is loaded after the page's text and tables are on screen: it is most of the bundle.
const loading = import('./echarts-setup');

export function Chart({ option, label, height = 260 }: { option: EChartsCoreOption; label: string; height?: number }) {
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
      chart.current.setOption(latest.current, true);
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
    chart.current?.setOption(option, true);
  }, [option]);
  return <div className="chart" ref={element} role="img" aria-label={label} style={{ height }} />;
}
